"""The grade report: per-part pass counts, a score histogram, and what went wrong.

Reads nbgrader's gradebook (scores per graded cell; a submission with nothing gradable is
there with 0 points, see `grading.intake.record_ungradable`) and each submission's
findings (flags and problem lines, `grading.findings`).
"""
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook

from . import findings
from .paths import COURSE_ID


@dataclass
class StudentResult:
    """One student's result on one assignment."""
    student: str
    assignment: str
    score: float
    max_score: float
    cells: dict = field(default_factory=dict)      # grade id -> (score, max score)
    flags: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def _part_name(grade):
    """The grade cell's id; hand-graded answer cells (markdown) say so, their points come later."""
    return f"{grade.name} (graded by hand)" if grade.cell.cell_type == "markdown" else grade.name


def collect_results(course_root, db_url, assignment):
    """A `StudentResult` per student with a submission of ``assignment``."""
    results = []
    with Gradebook(db_url, course_id=COURSE_ID) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            result = StudentResult(submission.student.id, assignment,
                                   submission.score or 0.0, submission.max_score or 0.0)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.max_score:
                        result.cells[_part_name(grade)] = (grade.score or 0.0, grade.max_score)
            found = findings.read(course_root, result.student, assignment,
                                  notebooks=[notebook.name for notebook in submission.notebooks])
            result.flags, result.problems = found.flags, found.problems
            results.append(result)
    similar = findings.similarity_flags(course_root, assignment)
    for result in results:
        result.flags = sorted(set(result.flags) | set(similar.get(result.student, [])))
    return sorted(results, key=lambda result: result.student)


def part_table(results):
    """Markdown table: for each graded cell, how many students earned its points."""
    cells = list(dict.fromkeys(cell for result in results for cell in result.cells))
    lines = ["| graded cell | points | students with full points |", "| --- | ---: | ---: |"]
    for cell in cells:
        entries = [result.cells[cell] for result in results if cell in result.cells]
        max_points = max(entry[1] for entry in entries)
        full = sum(1 for score, top in entries if top and score >= top)
        lines.append(f"| {cell} | {max_points:g} | {full} / {len(entries)} |")
    return "\n".join(lines)


def student_table(results):
    """Markdown table: one line per student with score, flags and problems."""
    lines = ["| student | score | flags | problems |", "| --- | ---: | --- | --- |"]
    for result in results:
        problems = "; ".join(result.problems).replace("|", "\\|")  # code lines may hold pipes
        lines.append(f"| {result.student} | {result.score:g} / {result.max_score:g} | "
                     f"{', '.join(result.flags)} | {problems} |")
    return "\n".join(lines)


def histogram(results, path, title):
    """Write a PNG histogram of total scores to ``path``."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    scores = [result.score for result in results]
    top = max([result.max_score for result in results] + [1.0])
    figure, axes = plt.subplots(figsize=(6, 3.5))
    axes.hist(scores, bins=min(20, max(5, len(scores))), range=(0, top), color="#3572a5",
              edgecolor="white")
    axes.set_xlabel("total score (points)")
    axes.set_ylabel("students")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def write_report(course_root, db_url, assignments, out_dir):
    """Write ``report.md`` and one ``histogram_<assignment>.png`` per assignment."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sections = ["# Grade report"]
    for assignment in assignments:
        results = collect_results(course_root, db_url, assignment)
        if not results:
            continue
        png = out_dir / f"histogram_{assignment}.png"
        histogram(results, png, f"{assignment}: total scores ({len(results)} students)")
        sections += [f"## {assignment}", part_table(results), "", student_table(results),
                     "", f"![score histogram]({png.name})"]
    report = out_dir / "report.md"
    report.write_text("\n\n".join(sections) + "\n")
    return report

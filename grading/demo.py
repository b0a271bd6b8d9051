"""The whole course pipeline on a demo class, through the real nbgrader.

generate_assignment -> release_assignment (exchange) -> each simulated student fetches
and submits -> collect -> intake -> autograde -> generate_feedback -> export CSV -> grade
report (per-part table, histogram PNG), and the similarity report of each assignment
(``ddasp similarity``). The class mixes correct, partially correct, wrong, blank, broken
and tampered submissions drawn from the sample-submission bank, a verbatim copy of one
student's notebook and a disguised copy (renamed, reordered, commented, reformatted) of
another's.

Next to the exchange, a second class of `LMS_ASSIGNMENT` uploads through a learning
platform: a Moodle "download all submissions" zip with the messy and hostile cases of
`grading.lms.simulate` goes through collect-zip, is graded with the exchange class, and
export-lms writes the platform's feedback zip and grade files (``demo/lms/``).
"""
import json
import shutil
import time
from pathlib import Path

from tqdm import tqdm

from .cell_metadata import is_autograded_test
from .course import Course
from .findings import record_similarity_flags
from .paths import source_notebook
from .registry import ASSIGNMENTS
from .report import write_report
from .similarity.disguise import disguise_all, disguise_notebook
from .similarity.report import write as write_similarity_report
from .similarity.run import analyse
from .simulated_class import (SimulatedStudent, bank_names, bank_variant, fill_from_variant,
                              release_all, submit_class)


def _blank(assignment):
    return None  # the fetched release notebook, unchanged


def _broken(assignment):
    def fill(folder):
        path = folder / f"{assignment}.ipynb"
        path.write_text(path.read_text()[: len(path.read_text()) // 2])  # truncated JSON
    return fill


def _tampered(assignment, name):
    """A correct solution whose test cells were replaced by ``pass`` (nbgrader restores them)."""
    def edit(notebook):
        for cell in notebook.cells:
            if is_autograded_test(cell):
                cell.source = "pass"
        return notebook
    return fill_from_variant(assignment, bank_variant(assignment, name), edit)


def _copied(assignment, name, disguise=None):
    """The notebook of bank variant ``name``, copied verbatim or with ``disguise``."""
    edit = None if disguise is None else \
        (lambda notebook: disguise_notebook(notebook, disguise, salt=3))
    return fill_from_variant(assignment, bank_variant(assignment, name), edit)


def _from_variant(assignment, name):
    return fill_from_variant(assignment, bank_variant(assignment, name))


def demo_class(assignments=ASSIGNMENTS):
    """Ten or more students per assignment, each a different kind of submission
    (`SimulatedStudent`, ``kind`` says which)."""
    students = []
    for assignment in assignments:
        short = "mf" if assignment == "matrix_fundamentals" else "nr"
        correct = bank_names(assignment, "passes_all")[:3]
        wrong = bank_names(assignment, "fails_")[:5]
        entries = [(f"correct-{i}", name, _from_variant(assignment, name))
                   for i, name in enumerate(correct, 1)]
        entries += [(f"partial-{i}", name, _from_variant(assignment, name))
                    for i, name in enumerate(wrong, 1)]
        entries += [("blank", "blank release notebook", _blank(assignment)),
                    ("broken", "truncated notebook file", _broken(assignment)),
                    ("tampered", f"test cells replaced by pass ({correct[0]})",
                     _tampered(assignment, correct[0])),
                    ("copy-of-correct-2", f"verbatim copy of {short}-correct-2's notebook",
                     _copied(assignment, correct[1])),
                    ("renamed-copy-of-correct-3",
                     f"{short}-correct-3's notebook renamed, reordered, commented, reformatted",
                     _copied(assignment, correct[2], disguise_all))]
        students += [SimulatedStudent(f"{short}-{label}", assignment, fill, kind)
                     for label, kind, fill in entries]
    return students


LMS_ASSIGNMENT = "matrix_fundamentals"


def _collect_platform_zip(course, directory, log):
    """The platform class's download (zip and roster in ``directory/lms``) -> submitted/."""
    from .lms import collect_zip
    from .lms.simulate import messy_class, write_roster, write_zip
    folder = directory / "lms"
    folder.mkdir(parents=True, exist_ok=True)
    students = messy_class(LMS_ASSIGNMENT)
    archive = write_zip(folder / "moodle-download.zip", students)
    roster = write_roster(folder / "roster.csv", students)
    log(f"[{LMS_ASSIGNMENT}] collect-zip {archive.name} (Moodle layout, roster)")
    result = collect_zip(course.root, LMS_ASSIGNMENT, archive, preset="moodle", roster=roster)
    (folder / "collect-summary.txt").write_text(result.summary())
    log(result.summary().splitlines()[0])
    return students


def _export_platform(course, directory, log):
    from .lms import export_lms
    for platform in ("moodle", "studip"):
        result = export_lms(course.root, LMS_ASSIGNMENT, platform, out=directory / "lms" / "export")
        log(result.summary().splitlines()[0])


def run_demo(directory, assignments=ASSIGNMENTS, autograde=None, log=print):
    """Run the pipeline in ``directory`` (created afresh); returns the report path.

    ``autograde(course, assignment)``: how to grade the class (default: the course CLI's
    parallel autograde, which takes the submissions in first).
    """
    directory = Path(directory).resolve()
    if directory.exists():
        shutil.rmtree(directory)
    course = Course.create(directory / "course", assignments)
    homes = directory / "students"
    started = time.monotonic()
    release_all(course, assignments, log)
    students = demo_class(assignments)
    submit_class(course, tqdm(students, desc="students fetch and submit", unit="student"), homes)
    platform = []
    for assignment in assignments:
        log(f"[{assignment}] collect")
        course.collect(assignment)
        if assignment == LMS_ASSIGNMENT:
            platform = _collect_platform_zip(course, directory, log)
        log(f"[{assignment}] intake and autograde")
        (autograde or _default_autograde)(course, assignment)
        log(f"[{assignment}] generate_feedback")
        course.generate_feedback(assignment)
    if platform:
        _export_platform(course, directory, log)
    grades = course.export(directory / "grades.csv")
    for assignment in assignments:
        similarity_report(course.root, assignment, directory / "similarity" / assignment, log)
    report = write_report(course.root, f"sqlite:///{course.root / 'gradebook.db'}",
                          assignments, directory / "report")
    (directory / "class.json").write_text(json.dumps(
        [{"student": entry.id, "assignment": entry.assignment, "kind": entry.kind}
         for entry in students] +
        [{"student": entry.student_id, "assignment": LMS_ASSIGNMENT, "kind": entry.case,
          "platform": f"{entry.name} (participant {entry.participant})"}
         for entry in platform], indent=1))
    log(f"{len(grades)} grade rows exported to {directory / 'grades.csv'}")
    log(f"report: {report} ({time.monotonic() - started:.0f} s in all)")
    return report


def similarity_report(course_root, assignment, out_dir, log=print):
    """``ddasp similarity`` on the demo class: report in ``out_dir``, flags for the summary.

    Every simulated student keeps the instructor's solution in the cells their bank
    variant does not replace, so the instructor's solution (the source notebook) is
    boilerplate here too; a real class needs only the release (the command's default).
    """
    result = analyse(course_root, assignment, boilerplate_files=[source_notebook(assignment)])
    table = write_similarity_report(result, out_dir)
    record_similarity_flags(course_root, assignment, result.flags())
    log(table)
    log(f"similarity report: {out_dir / 'report.html'}")
    return result


def _default_autograde(course, assignment):
    """The course CLI's autograde: intake, parallel workers, progress bar, summary."""
    from .scale.progress import autograde_class
    autograde_class(course.root, assignment, progress=True)

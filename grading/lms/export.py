"""``export-lms``: feedback and grades from nbgrader's gradebook, in the platform's formats.

Read from nbgrader: scores through ``nbgrader.api.Gradebook``, computed as
``nbgrader export`` computes them (late penalty subtracted, 0 without a submission), feedback from ``feedback/<id>/<assignment>/*.html``
(``nbgrader generate_feedback``). Who is who on the platform comes from
``lms/<assignment>/students.json``, written by collect-zip.

- **moodle**: ``moodle-feedback.zip`` in the layout of Moodle's "Upload multiple
  feedback files in a zip" (the download's folder per submission,
  ``Full Name_<participant>_assignsubmission_file_/<notebook>.html``) and
  ``moodle-grades.csv``, the grading worksheet ("Download grading worksheet" columns;
  import with "Upload grading worksheet", matched on ``Identifier``).
- **studip**: ``studip-grades.csv`` with ``student_id,points,max_points`` and
  ``studip-feedback.zip`` with one ``<uploader prefix>_<notebook>_feedback.html`` per
  notebook (the prefix style of the folder download).
"""
import csv
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import COURSE_ID
from .collect import safe_name

MOODLE_COLUMNS = ["Identifier", "Full name", "Email address", "Status", "Grade",
                  "Maximum Grade", "Grade can be changed", "Last modified (submission)",
                  "Last modified (grade)", "Feedback comments"]


@dataclass
class ExportResult:
    """Files written and one line per student who could not be exported fully."""
    files: list = field(default_factory=list)
    rows: int = 0
    lines: list = field(default_factory=list)

    def summary(self):
        head = [f"export-lms: {self.rows} grade rows; wrote " + ", ".join(map(str, self.files))]
        return "\n".join(head + self.lines) + "\n"


@dataclass
class Grade:
    """One student's result: ``score`` after the late penalty, as ``nbgrader export``."""
    student: str
    score: float
    max_score: float
    feedback: list   # paths of the feedback HTML files
    submitted: bool = True   # a submission in the gradebook
    graded: bool = True      # an autograded notebook exists


def gradebook_grades(course_root, assignment, db_url=None):
    """[`Grade`] of every student in the gradebook, computed as nbgrader's own export
    does: score - late penalty (never below 0), 0 for a student without a submission."""
    from nbgrader.api import Gradebook, MissingEntry
    root = Path(course_root).resolve()
    db_url = db_url or f"sqlite:///{root / 'gradebook.db'}"
    grades = []
    with Gradebook(db_url, course_id=COURSE_ID) as gradebook:
        max_score = gradebook.find_assignment(assignment).max_score
        for student in gradebook.students:
            folder = root / "feedback" / student.id / assignment
            graded = any((root / "autograded" / student.id / assignment).glob("*.ipynb"))
            try:
                submission = gradebook.find_submission(assignment, student.id)
            except MissingEntry:
                grades.append(Grade(student.id, 0.0, max_score, [], False, False))
                continue
            score = max(0.0, submission.score - submission.late_submission_penalty)
            grades.append(Grade(student.id, score, max_score, sorted(folder.glob("*.html")),
                                True, graded))
    return sorted(grades, key=lambda grade: grade.student)


def _cell(text):
    """A text cell a spreadsheet will not run as a formula (names come from students)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _comment(grade, assignment):
    points = f"{assignment}: {grade.score:g} of {grade.max_score:g} points"
    if not grade.submitted:
        return f"{points}; no upload was received"
    if not grade.graded:
        return f"{points}; no gradable notebook was received"
    files = ", ".join(path.name for path in grade.feedback)
    return f"{points} (autograded)" + (f"; details in {files}" if files else "")


def _write(out, platform, header, grades, assignment, entry):
    """``<platform>-grades.csv`` and ``<platform>-feedback.zip`` in ``out``.

    ``entry(grade)`` gives (CSV row, [(feedback file, name in the zip)]), or a str saying
    why the student is not exported.
    """
    result = ExportResult()
    grades_path, zip_path = out / f"{platform}-grades.csv", out / f"{platform}-feedback.zip"
    with open(grades_path, "w", newline="", encoding="utf-8") as handle, \
            zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = csv.writer(handle)
        writer.writerow(header)
        for grade in grades:
            made = entry(grade)
            if isinstance(made, str):
                result.lines.append(f"{grade.student}: {made}")
                continue
            row, files = made
            writer.writerow(row)
            result.rows += 1
            for path, name in files:
                archive.write(path, name)
            if grade.graded and not grade.feedback:
                result.lines.append(f"{grade.student}: no feedback file (run "
                                    f"nbgrader generate_feedback {assignment})")
    result.files = [grades_path, zip_path]
    return result


def export_moodle(grades, students, assignment, out):
    def entry(grade):
        who = students.get(grade.student, {})
        if not who.get("participant"):
            return "no Moodle participant number (not collected from a Moodle download); " \
                   "not exported"
        folder = f"{who['name']}_{who['participant']}_assignsubmission_file_/"
        row = [f"Participant {who['participant']}", _cell(who["name"]), _cell(who["email"]),
               "Submitted for grading - Graded", f"{grade.score:.2f}",
               f"{grade.max_score:.2f}", "Yes", "-", "-", _comment(grade, assignment)]
        return row, [(path, folder + path.name) for path in grade.feedback]
    return _write(out, "moodle", MOODLE_COLUMNS, grades, assignment, entry)


def export_studip(grades, students, assignment, out):
    def entry(grade):
        prefix = safe_name(students.get(grade.student, {}).get("name") or grade.student)
        row = [_cell(grade.student), f"{grade.score:g}", f"{grade.max_score:g}"]
        return row, [(path, f"{prefix.replace(' ', '_')}_{path.stem}_feedback.html")
                     for path in grade.feedback]
    return _write(out, "studip", ["student_id", "points", "max_points"], grades,
                  assignment, entry)


EXPORTERS = {"moodle": export_moodle, "studip": export_studip}


def export_lms(course_root, assignment, platform=None, out=None, db_url=None):
    """Write the platform's files (see module docstring); returns an `ExportResult`.

    ``platform``: "moodle" or "studip"; by default moodle when collect-zip saw Moodle
    participant numbers, studip otherwise.
    """
    root = Path(course_root).resolve()
    known = root / "lms" / assignment / "students.json"
    students = json.loads(known.read_text()) if known.exists() else {}
    if platform is None:
        moodle = any(who.get("participant") for who in students.values())
        platform = "moodle" if moodle else "studip"
    if platform not in EXPORTERS:
        raise ValueError(f"unknown platform {platform!r}; choose one of {sorted(EXPORTERS)}")
    out = Path(out) if out else root / "lms" / assignment / "export"
    out.mkdir(parents=True, exist_ok=True)
    grades = gradebook_grades(root, assignment, db_url)
    return EXPORTERS[platform](grades, students, assignment, out)

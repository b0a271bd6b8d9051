"""Intake of collected submissions: repair what can be repaired, set aside what cannot.

The stage between ``nbgrader collect`` and autograde (``ddasp intake``; ``ddasp autograde``
runs it first). It goes over ``submitted/<student>/<assignment>/`` one student at a time,
so one bad submission never stops the batch. Nothing is deleted: files that cannot be
graded move to ``quarantine/<student>/<assignment>/``. Every finding is a flag and a line
for the grade summary in the submission's record (`grading.findings`):

- a file name that is not valid UTF-8: renamed to a readable name;
- a file larger than `MAX_FILE_MB`: quarantined;
- the expected notebook missing but exactly one other notebook present (renamed): that
  notebook is graded under the expected name;
- a notebook that is not valid JSON: quarantined (graded as missing, 0 points);
- nbformat 3, or missing notebook/cell metadata: converted and completed.

A submission left with nothing gradable (no notebook at all) is scored 0 in the gradebook
by `record_ungradable`, the one place that handles it: nbgrader's autograde skips such a
folder, and the student would be missing from the gradebook, the export and the report.
"""
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import findings

NO_NOTEBOOK = "no notebook in the submission: scored 0 as missing"

MAX_FILE_MB = 50  # data files of the assignments are < 1 MB; a notebook with plots < 5 MB


@dataclass
class IntakeReport:
    """What intake found in one submission."""
    student: str
    assignment: str
    problems: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    ungradable: bool = False   # nothing left to grade: scored 0 (`record_ungradable`)

    def add(self, flag, problem):
        self.flags.append(flag)
        self.problems.append(problem)


def _quarantine(course_root, student, assignment, path, report):
    target_dir = Path(course_root) / "quarantine" / student / assignment
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    shutil.move(str(path), str(target))
    return target


def _fix_file_names(folder, report):
    for directory, _, files in os.walk(os.fsencode(folder)):
        for raw in files:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                readable = raw.decode("utf-8", "replace").replace("\ufffd", "_")
                os.rename(os.path.join(directory, raw),
                          os.path.join(directory, os.fsencode(readable)))
                report.add("bad-file-name", f"file name {readable!r} was not valid UTF-8; renamed")


def _set_aside_huge_files(course_root, folder, report):
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and not path.is_symlink() and \
                path.stat().st_size > MAX_FILE_MB * 2**20:
            size = path.stat().st_size / 2**20
            _quarantine(course_root, report.student, report.assignment, path, report)
            report.add("huge-file", f"{path.name} ({size:.0f} MB) is larger than "
                                    f"{MAX_FILE_MB} MB; not graded, kept in quarantine/")
        elif path.is_symlink():
            path.unlink()
            report.add("symlink", f"{path.name} is a symbolic link; removed")


def _find_renamed(folder, expected, report):
    target = Path(folder) / expected
    if target.exists():
        return
    others = sorted(path for path in Path(folder).glob("*.ipynb"))
    if len(others) == 1:
        shutil.copyfile(others[0], target)
        report.add("renamed-notebook", f"notebook submitted as {others[0].name}, expected "
                                       f"{expected}; graded it under the expected name")
    else:
        report.add("missing-notebook", f"{expected} is missing from the submission (0 points)")


def _repair_notebook(course_root, path, report):
    try:
        raw = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        _quarantine(course_root, report.student, report.assignment, path, report)
        report.add("invalid-json", f"{path.name} is not a valid notebook file ({error}); "
                                   "graded as missing, kept in quarantine/")
        return
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        _quarantine(course_root, report.student, report.assignment, path, report)
        report.add("invalid-notebook", f"{path.name} has no cells; graded as missing")
        return
    changed = False
    if raw.get("nbformat", 4) < 4:
        raw = nbformat.convert(nbformat.from_dict(raw), 4)
        report.add("old-format", f"{path.name} was in nbformat {raw.get('nbformat_orig', 3)} "
                                 "format; converted to nbformat 4")
        changed = True
    if not isinstance(raw.get("metadata"), dict):
        raw["metadata"] = {}
        report.add("missing-metadata", f"{path.name} had no notebook metadata; restored")
        changed = True
    for cell in raw.get("cells", []):
        if isinstance(cell, dict) and not isinstance(cell.get("metadata"), dict):
            cell["metadata"] = {}
            changed = True
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
    raw.setdefault("nbformat", 4)
    raw.setdefault("nbformat_minor", 5)
    if changed:
        path.write_text(json.dumps(raw, indent=1))


def intake_submission(course_root, student, assignment, notebooks):
    """Check and repair ``submitted/<student>/<assignment>``; returns an `IntakeReport`
    (with the findings of an earlier intake or collect of the same submission)."""
    report = IntakeReport(student, assignment)
    folder = Path(course_root) / "submitted" / student / assignment
    if not folder.is_dir():
        report.add("no-submission", "no submission folder")
    else:
        _fix_file_names(folder, report)
        _set_aside_huge_files(course_root, folder, report)
        for notebook in notebooks:
            _find_renamed(folder, f"{notebook}.ipynb", report)
            path = folder / f"{notebook}.ipynb"
            if path.exists():
                _repair_notebook(course_root, path, report)
    earlier = findings.submission_record(course_root, student, assignment)
    if {"invalid-json", "invalid-notebook"} & set(earlier.flags):
        # a second intake of the same submission: the notebook is in quarantine already
        report.flags = [flag for flag in report.flags if flag != "missing-notebook"]
        report.problems = [line for line in report.problems if "is missing" not in line]
    report.flags = list(dict.fromkeys(earlier.flags + report.flags))
    report.problems = list(dict.fromkeys(earlier.problems + report.problems))
    findings.record_submission(course_root, student, assignment, report.flags,
                               report.problems, replace=True)
    return report


def is_ungradable(coursedir, assignment, student):
    """Whether ``student``'s submission holds no notebook (or there is no submission)."""
    folder = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))
    return not any(folder.glob("*.ipynb"))


def record_ungradable(coursedir, assignment, student):
    """Score a submission without any notebook 0, as nbgrader does for a missing notebook.

    ``coursedir``: nbgrader's ``CourseDirectory`` (gradebook URL, course id, folders). The
    student gets a gradebook submission (time: its ``timestamp.txt``) whose every grade is
    0 and needs no manual grading; an autograded folder of an earlier submission is
    removed; the submission's record says why (`NO_NOTEBOOK` unless it says so already).
    """
    from nbgrader.api import Gradebook
    from nbgrader.utils import rmtree

    timestamp = coursedir.get_existing_timestamp(
        coursedir.format_path(coursedir.submitted_directory, student, assignment))
    with Gradebook(coursedir.db_url, coursedir.course_id) as book:
        book.update_or_create_student(student)
        submission = book.update_or_create_submission(
            assignment, student, **({"timestamp": timestamp} if timestamp else {}))
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        book.db.commit()
    stale = coursedir.format_path(coursedir.autograded_directory, student, assignment)
    if os.path.isdir(stale):
        rmtree(stale)
    if not findings.submission_record(coursedir.root, student, assignment):
        findings.record_submission(coursedir.root, student, assignment, problems=[NO_NOTEBOOK])


def _failed(coursedir, student, assignment, error):
    """The report of an intake that raised: the submission is graded as it is."""
    report = IntakeReport(student, assignment)
    report.add("intake-failed", f"intake failed ({type(error).__name__}: {error}); "
                                "graded as submitted")
    try:
        findings.record_submission(coursedir.root, student, assignment, report.flags,
                                   report.problems)
    except OSError:
        pass  # the line still reaches the caller through the report
    return report


def intake_class(coursedir, assignment, notebooks, students=None, on_error=None):
    """Take in every submission of ``assignment`` (or those of ``students``).

    ``coursedir``: nbgrader's ``CourseDirectory``; ``notebooks``: the assignment's notebook
    names. Every collected submission and every student with a record (e.g. a submission
    collect refused) is taken in; one left with nothing gradable is scored 0
    (`record_ungradable`). A student whose intake raises gets the flag ``intake-failed``
    and ``on_error(report)`` is called. Returns one `IntakeReport` per student, sorted.
    """
    from .scale.plan import submitted_students

    candidates = set(submitted_students(coursedir, assignment)) | \
        set(findings.recorded_students(coursedir.root, assignment))
    if students:
        candidates &= set(students)
    reports = []
    for student in sorted(candidates):
        try:
            report = intake_submission(coursedir.root, student, assignment, notebooks)
            if is_ungradable(coursedir, assignment, student):
                record_ungradable(coursedir, assignment, student)
                report.ungradable = True
        except Exception as error:   # noqa: BLE001 - reported for this student, the rest go on
            report = _failed(coursedir, student, assignment, error)
            if on_error is not None:
                on_error(report)
        reports.append(report)
    return reports

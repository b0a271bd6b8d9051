"""Intake of collected submissions: repair what can be repaired, set aside what cannot.

Runs over ``submitted/<student>/<assignment>/`` before autograde, one student at a time,
so one bad submission never stops the batch. Nothing is deleted: files that cannot be
graded move to ``quarantine/<student>/<assignment>/``. Every finding is a line for the
grade summary, kept in ``intake/<student>/<assignment>.json`` (which `nbgrader collect`,
`grading.nbgrader_integration.collect`, starts for each newly collected submission):

- a file name that is not valid UTF-8: renamed to a readable name;
- a file larger than `MAX_FILE_MB`: quarantined;
- the expected notebook missing but exactly one other notebook present (renamed): that
  notebook is graded under the expected name;
- a notebook that is not valid JSON: quarantined (graded as missing, 0 points);
- nbformat 3, or missing notebook/cell metadata: converted and completed.
"""
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .paths import COURSE_ID

MAX_FILE_MB = 50  # data files of the assignments are < 1 MB; a notebook with plots < 5 MB


@dataclass
class IntakeReport:
    """What intake found in one submission."""
    student: str
    assignment: str
    problems: list = field(default_factory=list)
    flags: list = field(default_factory=list)

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


def findings_path(course_root, student, assignment):
    """The record of one submission's findings (collect and intake), read by the summaries."""
    return Path(course_root) / "intake" / student / f"{assignment}.json"


def record_findings(course_root, student, assignment, flags, problems, replace=True):
    """Write findings about ``student``'s submission: ``replace`` starts a new record (a
    newly collected submission), otherwise they are added to the existing one. A new
    record without findings removes the old one."""
    path = findings_path(course_root, student, assignment)
    earlier = {"flags": [], "problems": []}
    if not replace and path.exists():
        earlier = json.loads(path.read_text())
    flags = list(dict.fromkeys(earlier["flags"] + list(flags)))
    problems = list(dict.fromkeys(earlier["problems"] + list(problems)))
    if not flags and not problems:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"flags": flags, "problems": problems}))


def intake_submission(course_root, student, assignment, notebooks):
    """Check and repair ``submitted/<student>/<assignment>``; returns an `IntakeReport`."""
    report = IntakeReport(student, assignment)
    folder = Path(course_root) / "submitted" / student / assignment
    if not folder.is_dir():
        report.add("no-submission", "no submission folder")
        return report
    _fix_file_names(folder, report)
    _set_aside_huge_files(course_root, folder, report)
    for notebook in notebooks:
        _find_renamed(folder, f"{notebook}.ipynb", report)
        path = folder / f"{notebook}.ipynb"
        if path.exists():
            _repair_notebook(course_root, path, report)
    record_path = findings_path(course_root, student, assignment)
    record_path.parent.mkdir(parents=True, exist_ok=True)
    if record_path.exists():  # a second intake of the same submission keeps the first findings
        earlier = json.loads(record_path.read_text())
        if {"invalid-json", "invalid-notebook"} & set(earlier["flags"]):
            report.flags = [flag for flag in report.flags if flag != "missing-notebook"]
            report.problems = [line for line in report.problems if "is missing" not in line]
        report.flags = list(dict.fromkeys(earlier["flags"] + report.flags))
        report.problems = list(dict.fromkeys(earlier["problems"] + report.problems))
    record_path.write_text(json.dumps({"flags": report.flags, "problems": report.problems}))
    return report


def register_ungradable(db_url, reports):
    """Students left without any notebook still get a gradebook entry (and so a grade
    row of 0 in the export): nbgrader skips a submission folder without notebooks."""
    ungradable = [report.student for report in reports
                  if {"invalid-json", "invalid-notebook", "missing-notebook"} & set(report.flags)]
    if not ungradable:
        return
    from nbgrader.api import Gradebook
    with Gradebook(db_url, course_id=COURSE_ID) as gradebook:
        for student in ungradable:
            gradebook.update_or_create_student(student)


def intake_class(course_root, assignment, notebooks=None, students=None, db_url=None):
    """Run `intake_submission` for every (or the given) student; returns the reports.

    ``db_url``: the gradebook (default: the course's SQLite file).
    """
    submitted = Path(course_root) / "submitted"
    notebooks = notebooks or [assignment]
    if students is None:
        students = sorted(path.name for path in submitted.iterdir()
                          if (path / assignment).is_dir()) if submitted.is_dir() else []
    reports = [intake_submission(course_root, student, assignment, notebooks)
               for student in students]
    register_ungradable(db_url or f"sqlite:///{Path(course_root).resolve() / 'gradebook.db'}",
                        reports)
    return reports

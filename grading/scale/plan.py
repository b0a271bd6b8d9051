"""Which students to grade: every collected submission, minus those already graded.

A student counts as graded (and a re-run skips them) when, for every notebook of the
assignment they submitted, the autograded notebook exists and is newer than the submitted
one, the submission's ``timestamp.txt`` is the one that was graded, and the gradebook
holds an automatic score for every autograder test cell. A new collect (``nbgrader
collect --update``) changes the submitted files and so brings the student back.
"""
import glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

TIMESTAMP_FILE = "timestamp.txt"


@dataclass
class Plan:
    """The students to grade and those skipped because they are already graded."""
    assignment: str
    to_grade: list = field(default_factory=list)
    already_graded: list = field(default_factory=list)
    unknown: list = field(default_factory=list)   # requested with --student, nothing submitted


def submitted_students(coursedir, assignment):
    """Student ids with a folder ``submitted/<student>/<assignment>``, sorted."""
    pattern = coursedir.format_path(coursedir.submitted_directory, "*", assignment)
    regexp = re.compile(coursedir.format_path(
        re.escape(coursedir.submitted_directory), "(?P<student_id>[^/]+)",
        re.escape(assignment), escape=True) + "$")
    excluded = set(filter(None, (coursedir.student_id_exclude or "").split(",")))
    students = []
    for folder in glob.glob(pattern):
        match = regexp.match(folder)
        if match and os.path.isdir(folder) and match.group("student_id") not in excluded:
            students.append(match.group("student_id"))
    return sorted(students)


def _changed_at(path):
    """When ``path`` last changed: max of mtime and ctime (collect preserves mtimes)."""
    info = os.stat(path)
    return max(info.st_mtime, info.st_ctime)


def _read(path):
    try:
        return Path(path).read_text().strip()
    except OSError:
        return None


def is_up_to_date(coursedir, assignment, student, notebooks):
    """Whether the autograded files of ``student`` are newer than their submission."""
    submitted = coursedir.format_path(coursedir.submitted_directory, student, assignment)
    autograded = coursedir.format_path(coursedir.autograded_directory, student, assignment)
    if _read(os.path.join(submitted, TIMESTAMP_FILE)) != \
            _read(os.path.join(autograded, TIMESTAMP_FILE)):
        return False
    found = False
    for notebook in notebooks:
        source = os.path.join(submitted, f"{notebook}.ipynb")
        if not os.path.exists(source):
            continue
        found = True
        graded = os.path.join(autograded, f"{notebook}.ipynb")
        if not os.path.exists(graded) or os.stat(graded).st_mtime < _changed_at(source):
            return False
    return found


def make_plan(coursedir, assignment, notebooks, gradebook_graded, students=None, force=False):
    """The `Plan` for ``assignment``.

    ``notebooks``: notebook names of the assignment (from the gradebook);
    ``gradebook_graded``: ``{student: all autograder cells scored}`` from the gradebook;
    ``students``: restrict to these ids (``--student``); ``force``: grade everyone.
    """
    available = submitted_students(coursedir, assignment)
    plan = Plan(assignment)
    if students:
        wanted = list(dict.fromkeys(students))
        plan.unknown = [student for student in wanted if student not in available]
        available = [student for student in wanted if student in available]
    for student in available:
        if not force and gradebook_graded.get(student) \
                and is_up_to_date(coursedir, assignment, student, notebooks):
            plan.already_graded.append(student)
        else:
            plan.to_grade.append(student)
    return plan

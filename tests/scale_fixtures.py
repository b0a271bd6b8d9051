"""A small course for the class-scale autograde tests, built through the real nbgrader.

One assignment ``toy`` (a ``square(x)`` function, two autograded test cells worth 2 and
1 points), generated and released with the real ``nbgrader``, fetched and submitted by
simulated students through the real exchange (`grading.simulated_class`), then collected.

The course's autograde preprocessors are nbgrader's own plus `Antics`
(``toy_preprocessors.py`` beside the config), which lets a submission ask for what the
scale tests need to provoke: a flag in ``metadata.ddasp`` (``FLAG:<name>``), a worker
crash (``CRASH_WORKER``) and a hang (``HANG_WORKER``). It shows that the grader runs
whatever autograde preprocessors the configuration selects.
"""
import shutil
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grading.course import Course
from grading.simulated_class import SimulatedStudent, simulate_class

ASSIGNMENT = "toy"

CONFIG = '''
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from grading.paths import COURSE_ID  # noqa: E402

c = get_config()  # noqa: F821
c.CourseDirectory.root = HERE
c.CourseDirectory.course_id = COURSE_ID
c.CourseDirectory.db_url = os.environ.get(
    "DDASP_DB_URL", "sqlite:///" + os.path.join(HERE, "gradebook.db"))
c.Exchange.root = os.environ.get("DDASP_EXCHANGE", os.path.join(HERE, "exchange"))
c.Execute.timeout = 30
# Kernels talk over Unix sockets in a folder of this process: with TCP, kernels started
# at the same moment by two processes (two workers, two "machines") can draw the same
# free port, and one of them fails to start. The folder (short: a socket path has a
# length limit) is removed when the process that loaded this configuration exits.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
IPC_FOLDER = tempfile.mkdtemp(prefix="ddasp-toy-ipc-")
atexit.register(shutil.rmtree, IPC_FOLDER, True)
c.KernelManager.transport = "ipc"
c.KernelManager.ip = os.path.join(IPC_FOLDER, "kernel")

from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, Execute,  # noqa: E402
                                    IgnorePattern, LimitOutput, SaveAutoGrades)
from toy_preprocessors import Antics  # noqa: E402

c.Autograde.autograde_preprocessors = [
    Antics, Execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
    AssignLatePenalties, CheckCellMetadata]
c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = [
    ("language_info", "name"), ("kernelspec",), ("ddasp",)]
'''

PREPROCESSORS = '''
"""Test-only autograde step: provoke flags, worker crashes and hangs on request."""
import os
import re
import time

from nbgrader.preprocessors import NbGraderPreprocessor


class Antics(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        text = "\\n".join(cell.source for cell in nb.cells)
        if "CRASH_WORKER" in text:
            os._exit(7)
        if "HANG_WORKER" in text:
            time.sleep(3600)
        flags = re.findall(r"FLAG:([\\w-]+)", text)
        if flags:
            meta = nb.metadata.setdefault("ddasp", {})
            meta["flags"] = sorted(set(flags))
            meta["problems"] = [f"asked for flag {flag}" for flag in flags]
        return nb, resources
'''

SOLUTION = '''def square(x):
    """x squared."""
    ### BEGIN SOLUTION
    return x * x
    ### END SOLUTION
'''

# student id -> source of their solution cell
ANSWERS = {
    "alice": 'def square(x):\n    return x * x\n',
    "bob": 'def square(x):\n    return 2 * x\n',                   # fails both tests
    "carol": 'def square(x):\n    return abs(x) * x\n',           # fails the negative test
    "dave": 'def square(x):\n    # FLAG:copied-from-forum\n    return x ** 2\n',
    "erin": 'def square(x):\n    return x * x\n',                 # notebook broken after collect
}
POINTS = {"alice": 3.0, "bob": 0.0, "carol": 2.0, "dave": 3.0}


def source_notebook():
    """The instructor's notebook of ``toy``."""
    def graded(source, grade_id, points):
        return new_code_cell(source, metadata={"nbgrader": {
            "grade": True, "solution": False, "locked": True, "points": points,
            "grade_id": grade_id, "schema_version": 3}})

    return new_notebook(cells=[
        new_markdown_cell("# Toy assignment\n\nWrite `square(x)`."),
        new_code_cell(SOLUTION, metadata={"nbgrader": {
            "grade": False, "solution": True, "locked": False, "grade_id": "solution_square",
            "schema_version": 3}}),
        graded('"""square of a positive number"""\nassert square(3) == 9, "square(3) should be 9"\n',
               "test_square", 2),
        graded('"""square of a negative number"""\nassert square(-2) == 4, "square(-2) should be 4"\n',
               "test_negative", 1),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})


def create_course(root):
    """Write config and source of the toy course in ``root``; returns a `Course`."""
    root = Path(root)
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(CONFIG)
    (root / "toy_preprocessors.py").write_text(PREPROCESSORS)
    nbformat.write(source_notebook(), str(root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))
    course = Course(root)
    course.exchange.mkdir(parents=True, exist_ok=True)
    return course


def _write_answer(path, answer):
    """Put ``answer`` into the solution cell of the notebook at ``path``."""
    notebook = nbformat.read(str(path), as_version=4)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answer
    nbformat.write(notebook, str(path))


def fill_answer(answer):
    """A ``fill(folder)`` writing ``answer`` into the fetched notebook's solution cell."""
    return lambda folder: _write_answer(Path(folder) / f"{ASSIGNMENT}.ipynb", answer)


def build_class(root, answers=ANSWERS):
    """A generated, released toy course with ``answers`` submitted and collected."""
    students = [SimulatedStudent(student, ASSIGNMENT, fill_answer(answer))
                for student, answer in answers.items()]
    return simulate_class(create_course(root), [ASSIGNMENT], students, Path(root) / "homes")


def copy_course(built, destination):
    """A copy of a built course (gradebook included) under ``destination``."""
    shutil.copytree(built.root, destination, symlinks=True)
    return Course(destination)


def break_notebook(course, student):
    """Make a collected notebook unreadable (not JSON), as a damaged upload would be."""
    path = course.root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    path.chmod(0o644)
    path.write_text('{"cells": [ this is not json')


def replace_answer(course, student, answer):
    """Change a collected submission in place (what a re-collect would bring)."""
    path = course.root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    path.chmod(0o644)
    _write_answer(path, textwrap.dedent(answer))

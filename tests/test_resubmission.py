"""Hidden inputs seen in feedback are worthless for the next submission.

A student's ``rank`` writes every argument it is called with to a file, and the last cell
prints that file, so the autograded notebook (and the feedback) shows the hidden inputs.
Re-grading the same submission draws the same inputs; a resubmission whose ``rank``
answers from a table of those inputs (computed offline with a library) meets new ones.
"""
import json

import nbformat
import numpy as np
import pytest

from classroom import cell_scores
from grading.assignments.matrix_fundamentals import reference
from grading.boundary import LocalTransport, StudentNotebook
from grading.course import Course
from grading.cell_metadata import grade_id
from grading.registry import registry
from grading.runner import run_cell
from grading.submissions import build_submission, execute_locally, load_variant
from grading.paths import BANK

pytestmark = pytest.mark.pipeline

ASSIGNMENT = "matrix_fundamentals"
LOGGING_RANK = '''
import json
import numpy as np


def rank(A, tol=None):
    with open("seen_inputs.jsonl", "a") as log:
        log.write(json.dumps([np.asarray(A, dtype=float).tolist(), tol]) + "\\n")
    _, S, _ = svd_via_eig(A)
    sigma = np.diag(S)
    if tol is None:
        tol = 1e-6 * np.max(sigma, initial=0.0)
    return int(np.sum(sigma > tol))
'''
PRINT_LOG = '''
import os
if os.path.exists("seen_inputs.jsonl"):
    print(open("seen_inputs.jsonl").read())
'''
TABLE_RANK = '''
import json
import numpy as np

TABLE = {table!r}


def rank(A, tol=None):
    return TABLE.get(json.dumps([np.asarray(A, dtype=float).tolist(), tol]), 0)
'''


def _notebook(cells):
    variant = load_variant(BANK / ASSIGNMENT / "passes_all_reference.py", ASSIGNMENT)
    variant.cells.update(cells)
    return build_submission(ASSIGNMENT, variant)


def _submit(course, homes, student, notebook):
    folder = homes / student / ASSIGNMENT
    if not folder.exists():
        folder = course.fetch(student, ASSIGNMENT, homes)
    nbformat.write(notebook, str(folder / f"{ASSIGNMENT}.ipynb"))
    course.submit(student, ASSIGNMENT, homes)


def _seen_inputs(course, student):
    autograded = course.root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = nbformat.read(str(autograded), 4)
    cell = next(cell for cell in notebook.cells if grade_id(cell) == "task_course_matrices")
    text = "".join(output.get("text", "") for output in cell.outputs)
    return [line for line in text.splitlines() if line.startswith("[")]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("resubmission")
    course = Course.create(root / "course", [ASSIGNMENT], env={"DDASP_CELL_TIMEOUT": "20"})
    course.generate(ASSIGNMENT)
    course.release(ASSIGNMENT)
    return course, root / "homes"


def test_a_lookup_table_of_seen_inputs_fails_the_resubmission(course):
    course, homes = course
    logging = _notebook({"solution_rank": LOGGING_RANK, "task_course_matrices": PRINT_LOG})
    _submit(course, homes, "tabler", logging)
    _submit(course, homes, "bystander", _notebook({}))
    course.collect(ASSIGNMENT)
    course.autograde(ASSIGNMENT)
    first = _seen_inputs(course, "tabler")
    assert len(first) >= 4, "the logging submission shows the inputs it was called with"
    assert cell_scores(course, "tabler", ASSIGNMENT)["test_rank"] == 3

    course.autograde(ASSIGNMENT, "--force", "--student", "tabler")
    assert _seen_inputs(course, "tabler") == first, "a re-grade draws the same inputs"

    table = {}
    for line in first:  # what the student computes offline for every input they saw
        A, tol = json.loads(line)
        table[line] = int(reference.rank(np.array(A, dtype=float), tol))
    resubmission = _notebook({"solution_rank": TABLE_RANK.format(table=table)})
    assert _table_passes_the_old_inputs(resubmission, course, "tabler")
    _submit(course, homes, "tabler", resubmission)
    course.collect(ASSIGNMENT)
    course.autograde(ASSIGNMENT, "--force", "--student", "tabler")
    assert cell_scores(course, "tabler", ASSIGNMENT)["test_rank"] == 0
    assert cell_scores(course, "bystander", ASSIGNMENT)["test_rank"] == 3


def _table_passes_the_old_inputs(notebook, course, student):
    """The table is no straw man: with the first submission's seeds it earns the points."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gradebook:
        timestamp = gradebook.find_submission(ASSIGNMENT, student).timestamp.isoformat()
    namespace = execute_locally(notebook, assignment=ASSIGNMENT)
    checks = registry().for_cell(ASSIGNMENT, "test_rank")
    return run_cell(checks, StudentNotebook(LocalTransport(namespace)), student, timestamp).passed

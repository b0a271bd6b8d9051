"""``ddasp similarity`` on a generated class with copies, through the real exchange.

A matrix_fundamentals class is released, fetched, filled in and submitted through
nbgrader's exchange and collected with ``nbgrader collect``; then ``ddasp similarity``
runs on ``submitted/`` (a separate process, as an instructor runs it), ``ddasp
autograde`` grades the class and ``ddasp summary`` must show the flags. The class: each
student a different bank variant, plus a verbatim copy, a renamed copy, a copy with every
disguise, a pair sharing a copied ``.py`` helper file, a blank notebook, and a student
whose collected folder holds a link to another student's notebook (never followed).

Each simulated student keeps the instructor's solution in the cells their bank variant
does not replace, so the instructor's notebook is passed as boilerplate (``--boilerplate``),
as the demo does.
"""
import csv
import json
import os
import subprocess
import sys

import nbformat
import pytest

from grading.course import Course
from grading.cell_metadata import points_of_manual_cells, points_of_test_cells
from grading.paths import source_notebook
from grading.similarity.disguise import disguise_all, disguise_notebook, rename
from grading.simulated_class import (SimulatedStudent, bank_variant, fill_from_variant,
                                     simulate_class)

pytestmark = pytest.mark.pipeline

ASSIGNMENT = "matrix_fundamentals"
HELPER = '''import numpy as np


def gram_schmidt(vectors, tol=1e-10):
    """Orthonormal basis of the span of the columns of vectors."""
    basis = []
    for column in np.asarray(vectors, dtype=float).T:
        for q in basis:
            column = column - (q @ column) * q
        norm = np.linalg.norm(column)
        if norm > tol:
            basis.append(column / norm)
    return np.column_stack(basis) if basis else np.zeros((len(vectors), 0))


def householder(x):
    v = np.array(x, dtype=float)
    v[0] += np.sign(v[0] or 1.0) * np.linalg.norm(v)
    return np.eye(len(v)) - 2.0 * np.outer(v, v) / (v @ v)
'''

# student -> (bank variant, how the notebook is changed, extra files)
STUDENTS = {
    "loops-original": ("passes_all_loops", None, {}),
    "loops-verbatim-copy": ("passes_all_loops", None, {}),
    "gram-schmidt-original": ("passes_all_gram_schmidt_completion", None, {}),
    "gram-schmidt-renamed": ("passes_all_gram_schmidt_completion", rename, {}),
    "qr-original": ("passes_all_qr_completion", None, {}),
    "qr-disguised": ("passes_all_qr_completion", disguise_all, {}),
    "helper-author": ("passes_all_svd_from_AAT", None, {"linalg_tools.py": HELPER}),
    "helper-copier": ("passes_all_reference", None,
                      {"tools.py": disguise_all(HELPER, salt=5)}),
    "independent-eig": ("passes_all_eig_with_orthonormalization", None, {}),
    "independent-round-off": ("passes_all_keeps_round_off", None, {}),
    "rref-bug": ("fails_rref_no_back_substitution", None, {}),
    "linker": ("fails_rank_ignores_tol", None, {}),
    "blank": (None, None, {}),
}
EXPECTED_PAIRS = {("loops-original", "loops-verbatim-copy"),
                  ("gram-schmidt-original", "gram-schmidt-renamed"),
                  ("qr-disguised", "qr-original"),
                  ("helper-author", "helper-copier")}


def _fill(student, name, change, extra):
    """The bank variant ``name`` (None: the release notebook), disguised by ``change``,
    plus the ``extra`` files."""
    edit = None if change is None else \
        (lambda notebook: disguise_notebook(notebook, change, salt=len(student)))
    write_notebook = None if name is None else \
        fill_from_variant(ASSIGNMENT, bank_variant(ASSIGNMENT, name), edit)

    def fill(folder):
        if write_notebook is not None:
            write_notebook(folder)
        for file_name, text in extra.items():
            (folder / file_name).write_text(text)
    return fill


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("similarity")
    course = Course.create(root / "course", [ASSIGNMENT],
                           env={"DDASP_COURSE_SECRET": "similarity-test"})
    students = [SimulatedStudent(student, ASSIGNMENT, _fill(student, *work))
                for student, work in STUDENTS.items()]
    simulate_class(course, [ASSIGNMENT], students, root / "homes")
    linked = course.root / "submitted" / "linker" / ASSIGNMENT / "borrowed.ipynb"
    os.symlink(course.root / "submitted" / "loops-original" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
               linked)
    return course


def _ddasp(course, *args):
    done = subprocess.run([sys.executable, "-m", "grading", *args], cwd=course.root,
                          env=course.env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def similarity(course):
    out = _ddasp(course, "similarity", ASSIGNMENT, "--boilerplate",
                 str(source_notebook(ASSIGNMENT)))
    return out, course.root / "similarity" / ASSIGNMENT


def test_exactly_the_copies_are_flagged(similarity):
    _, folder = similarity
    with open(folder / "pairs.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(STUDENTS) * (len(STUDENTS) - 1) // 2
    flagged = {(row["a"], row["b"]) for row in rows if row["flagged"] == "1"}
    assert flagged == EXPECTED_PAIRS
    scores = {(row["a"], row["b"]): float(row["a_in_b"]) for row in rows}
    assert scores[("loops-original", "loops-verbatim-copy")] == 1.0
    # every flagged pair is ranked above every other pair
    assert [row["flagged"] for row in rows[:len(EXPECTED_PAIRS)]] == ["1"] * len(EXPECTED_PAIRS)


def test_a_linked_notebook_is_not_followed(similarity):
    _, folder = similarity
    with open(folder / "students.csv", newline="") as handle:
        highest = {row["student"]: row for row in csv.DictReader(handle)}
    assert float(highest["linker"]["highest_score"]) < 0.89
    assert float(highest["blank"]["highest_score"]) == 0.0


def test_the_command_prints_the_table_and_writes_the_report(similarity):
    out, folder = similarity
    assert "| 1 |" in out and "similar |" in out and "report.html" in out
    page = (folder / "report.html").read_text()
    for a, b in EXPECTED_PAIRS:
        assert f'id="{a}--{b}"' in page
    assert (folder / "histogram.png").read_bytes()[:4] == b"\x89PNG"
    flags = json.loads((folder / "flags.json").read_text())
    assert flags["gram-schmidt-renamed"] == ["similar-to:gram-schmidt-original"]
    assert "independent-eig" not in flags


def test_the_grade_summary_shows_the_flags(course, similarity, tmp_path):
    _ddasp(course, "autograde", ASSIGNMENT, "--course", str(course.root), "--workers", "2",
           "--quiet")
    out = _ddasp(course, "summary", ASSIGNMENT, "--course", str(course.root),
                 "--out", str(tmp_path))
    lines = {line.split("|")[1].strip(): line for line in out.splitlines()
             if line.startswith("| ") and line.count("|") == 5}
    assert "similar-to:loops-original" in lines["loops-verbatim-copy"]
    assert "similar-to:qr-disguised" in lines["qr-original"]
    assert "similar-to:helper-author" in lines["helper-copier"]
    assert "similar-to" not in lines["independent-eig"]
    # the renamed copy is still graded in full: renaming kept the contract's names
    notebook = nbformat.read(str(source_notebook(ASSIGNMENT)), 4)
    autograded = sum(points_of_test_cells(notebook).values())
    total = autograded + sum(points_of_manual_cells(notebook).values())  # hand-graded later
    full = f"{autograded:g} / {total:g}"
    assert full in lines["gram-schmidt-renamed"] and full in lines["qr-disguised"]
    # the autograded copies of the notebooks give the same flags
    _ddasp(course, "similarity", ASSIGNMENT, "--source", "autograded", "--boilerplate",
           str(source_notebook(ASSIGNMENT)), "--out", str(tmp_path / "from-autograded"))
    with open(tmp_path / "from-autograded" / "pairs.csv", newline="") as handle:
        flagged = {(row["a"], row["b"]) for row in csv.DictReader(handle) if row["flagged"] == "1"}
    assert flagged == EXPECTED_PAIRS

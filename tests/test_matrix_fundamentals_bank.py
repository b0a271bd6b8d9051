"""The bank of matrix_fundamentals: every variant fails exactly its expected cells.

Each variant is built into the notebook a student would submit
(`grading.submissions.build_submission`), run in this process (`execute_locally`) and
graded with the registered checks (`grade_locally`) for several student ids. Parts build
on each other as in the course (rank on svd_via_eig, projectors on four_subspaces, ...):
a variant lists every cell its bug really breaks. The tolerances keep a margin of 100 on
both sides: the correct variants pass with every tolerance 100x tighter, the wrong ones
still fail with every tolerance 100x looser.
"""
import functools

import nbformat
import pytest

from grading import nbcells, tolerances
from grading.paths import BANK, source_notebook
from grading.submissions import bank, build_submission, execute_locally, grade_locally

ASSIGNMENT = "matrix_fundamentals"
VARIANTS = bank(BANK / ASSIGNMENT)
STUDENT_IDS = ("bank-a", "bank-b", "bank-c")
TOLERANCES = [name for name in dir(tolerances) if name.startswith("MF_")]


@functools.lru_cache(maxsize=None)
def executed(name):
    variant = next(variant for variant in VARIANTS if variant.name == name)
    return execute_locally(build_submission(ASSIGNMENT, variant), assignment=ASSIGNMENT)


def cell_points():
    return nbcells.points_of_test_cells(nbformat.read(str(source_notebook(ASSIGNMENT)), as_version=4))


def failing_cells(name, student_id):
    verdicts = grade_locally(ASSIGNMENT, executed(name), student_id)
    return verdicts, sorted(cell for cell, verdict in verdicts.items() if not verdict.passed)


def test_bank_size_and_names():
    names = [variant.name for variant in VARIANTS]
    wrong = [name for name in names if name.startswith("fails_")]
    right = [name for name in names if name.startswith("passes_all_")]
    assert len(wrong) >= 15 and len(right) >= 5
    assert sorted(wrong + right) == sorted(names), "every variant is passes_all_* or fails_*"
    assert "passes_all_reference" in names


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.name)
def test_variant_declares_existing_cells_consistent_with_its_name(variant):
    cells = cell_points()
    assert set(variant.expected_failing_cells) <= set(cells), variant.expected_failing_cells
    assert variant.description, "every variant says in its docstring what it does differently"
    if variant.name.startswith("passes_all_"):
        assert variant.expected_failing_cells == ()
    else:
        named = max((cell for cell in cells
                     if variant.name.startswith(f"fails_{cell[len('test_'):]}_")), key=len)
        assert named in variant.expected_failing_cells, named


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.name)
def test_variant_fails_exactly_its_expected_cells(variant, capfd):
    executed(variant.name)
    capfd.readouterr()
    for student_id in STUDENT_IDS:
        verdicts, failing = failing_cells(variant.name, student_id)
        assert set(verdicts) == set(cell_points())
        report = "\n\n".join(f"{cell}: {verdicts[cell].message()}" for cell in failing)
        assert failing == sorted(variant.expected_failing_cells), report
        flags = {flag for verdict in verdicts.values() for flag in verdict.flags}
        assert flags == set(variant.expected_flags), flags
    assert capfd.readouterr() == ("", ""), "grading printed something"


@pytest.mark.parametrize("factor", [0.01, 100.0], ids=["100x-tighter", "100x-looser"])
def test_tolerances_keep_a_margin_of_100_on_both_sides(factor, monkeypatch):
    for name in TOLERANCES:
        monkeypatch.setattr(tolerances, name, getattr(tolerances, name) * factor)
    for variant in VARIANTS:
        if (factor < 1) != variant.name.startswith("passes_all_"):
            continue  # tighter: the correct variants; looser: the wrong ones
        verdicts, failing = failing_cells(variant.name, STUDENT_IDS[0])
        assert failing == sorted(variant.expected_failing_cells), (variant.name, failing)


def test_expected_scores_cover_the_range():
    points = cell_points()
    total = sum(points.values())
    scores = {variant.name: total - sum(points[cell] for cell in variant.expected_failing_cells)
              for variant in VARIANTS}
    assert total == 40
    assert all(scores[name] == total for name in scores if name.startswith("passes_all_"))
    assert all(scores[name] < total for name in scores if name.startswith("fails_"))
    assert min(scores.values()) == total - sum(points[cell] for cell in points if cell != "test_rref")

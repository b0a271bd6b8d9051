"""The bank of nonlinear_regression: every variant fails exactly its expected cells.

Each variant is built into the notebook a student would submit
(`grading.submissions.build_submission`), run in this process (`execute_locally`) and
graded with the registered checks (`grade_locally`) for several student ids. A broken
building block breaks every part built on it: the variant files list each cell.
"""
import functools
import re

import numpy as np
import nbformat
import pytest

from grading import nbcells
from grading.paths import BANK, COURSE_ROOT, source_notebook
from grading.registry import registry
from grading.runner import case_seed
from grading.submissions import bank, build_submission, execute_locally, grade_locally

ASSIGNMENT = "nonlinear_regression"
VARIANTS = bank(BANK / ASSIGNMENT)
STUDENT_IDS = ("bank-a", "bank-b", "bank-c")


@functools.lru_cache(maxsize=None)
def executed(name):
    variant = next(variant for variant in VARIANTS if variant.name == name)
    return execute_locally(build_submission(ASSIGNMENT, variant), assignment=ASSIGNMENT)


def cell_points():
    return nbcells.points_of_test_cells(nbformat.read(str(source_notebook(ASSIGNMENT)), as_version=4))


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
        assert variant.expected_failing_cells, "a wrong variant must fail something"
        if not variant.name.startswith("fails_all_functions_"):
            named = max((cell for cell in cells
                         if variant.name.startswith(f"fails_{cell[len('test_'):]}_")), key=len)
            assert named in variant.expected_failing_cells, named


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.name)
def test_variant_fails_exactly_its_expected_cells(variant, capfd):
    namespace = executed(variant.name)
    capfd.readouterr()
    for student_id in STUDENT_IDS:
        verdicts = grade_locally(ASSIGNMENT, namespace, student_id)
        assert set(verdicts) == set(cell_points())
        failing = sorted(cell for cell, verdict in verdicts.items() if not verdict.passed)
        report = "\n\n".join(f"{cell}: {verdicts[cell].message()}" for cell in failing)
        assert failing == sorted(variant.expected_failing_cells), report
        flags = {flag for verdict in verdicts.values() for flag in verdict.flags}
        assert set(variant.expected_flags) <= flags, flags
        if "autodiff-import" not in variant.expected_flags:
            assert "autodiff-import" not in flags
    out, err = capfd.readouterr()
    assert err == "" and out == ""


def test_expected_scores_cover_the_range():
    points = cell_points()
    total = sum(points.values())
    scores = {variant.name: total - sum(points[cell] for cell in variant.expected_failing_cells)
              for variant in VARIANTS}
    assert total == 40
    assert all(scores[name] == total for name in scores if name.startswith("passes_all_"))
    assert all(scores[name] < total for name in scores if name.startswith("fails_"))


def test_readme_outcome_table_lists_every_variant_with_its_failing_cells():
    readme = (COURSE_ROOT / "README.md").read_text()
    section = readme.split("<!-- section:nonlinear_regression -->")[1].split(
        "<!-- /section:nonlinear_regression -->")[0]
    points = cell_points()
    for variant in VARIANTS:
        row = next((line for line in section.splitlines() if f"`{variant.name}`" in line), None)
        assert row is not None, f"{variant.name} missing from the README outcome table"
        lost = sum(points[cell] for cell in variant.expected_failing_cells)
        assert f"| {40 - lost:g} |" in row, row
        for cell in variant.expected_failing_cells:
            assert cell[len("test_"):] in row, (cell, row)


NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


def numbers(value):
    if isinstance(value, dict):
        return [number for item in value.values() for number in numbers(item)]
    if isinstance(value, (list, tuple)):
        return [number for item in value for number in numbers(item)]
    if isinstance(value, (float, np.floating, np.ndarray)):
        return [float(x) for x in np.ravel(np.asarray(value, dtype=float))]
    return []


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v.expected_failing_cells],
                         ids=lambda variant: variant.name)
def test_messages_show_no_reference_values(variant):
    """As the pipeline's feedback test: no expected value (8 significant digits) is shown."""
    student_id = STUDENT_IDS[0]
    verdicts = grade_locally(ASSIGNMENT, executed(variant.name), student_id)
    for cell in variant.expected_failing_cells:
        shown = set(NUMBER.findall(verdicts[cell].message()))
        for check in registry().for_cell(ASSIGNMENT, cell):
            for index in range(check.cases):
                case = check.draw(np.random.default_rng(case_seed(student_id, check, index)), index)
                expected = {f"{x:.8g}" for x in numbers(check.expect(check, case))
                            if np.isfinite(x) and len(f"{abs(x):.8g}") >= 7}
                assert not expected & shown, (check.id, sorted(expected & shown)[:3])

"""Both banks: named after their outcome, and each variant fails exactly its cells.

Each variant is built into the notebook a student would submit, run in this process and
graded with the registered checks for several student ids under both policies: the
cascade (``EXPECTED_FAILING_CELLS``) and error carried forward (``OWN_BROKEN_CELLS`` plus
the training task where the student's training misses). The pipeline tests then send the
same notebooks through real nbgrader (default policy).
"""
import pytest

from bank_harness import (STUDENT_IDS, VARIANTS, cell_points, executed, failing_cells,
                          points_under, readme_failing_cells, readme_rows)

from grading.registry import ASSIGNMENTS

CASES = [(assignment, variant) for assignment in ASSIGNMENTS for variant in VARIANTS[assignment]]
IDS = [f"{assignment}-{variant.name}" for assignment, variant in CASES]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_bank_size_and_names(assignment):
    names = [variant.name for variant in VARIANTS[assignment]]
    wrong = [name for name in names if name.startswith("fails_")]
    right = [name for name in names if name.startswith("passes_all_")]
    assert len(wrong) >= 15 and len(right) >= 5
    assert sorted(wrong + right) == sorted(names), "every variant is passes_all_* or fails_*"
    assert "passes_all_reference" in names


@pytest.mark.parametrize("assignment, variant", CASES, ids=IDS)
def test_variant_declares_existing_cells_consistent_with_its_name(assignment, variant):
    cells = cell_points(assignment)
    assert set(variant.expected_failing_cells) <= set(cells), variant.expected_failing_cells
    assert variant.description, "every variant says in its docstring what it does differently"
    if variant.name.startswith("passes_all_"):
        assert variant.expected_failing_cells == ()
    elif not variant.name.startswith("fails_all_functions_"):
        named = max((cell for cell in cells
                     if variant.name.startswith(f"fails_{cell[len('test_'):]}_")), key=len)
        assert named in variant.expected_failing_cells, named


# The first student id in the fast loop; the others (other hidden inputs, the same
# notebooks) in the full suite: each case grades a whole notebook, 144 cases per id.
STUDENTS = [STUDENT_IDS[0], *(pytest.param(student_id, marks=pytest.mark.slow)
                              for student_id in STUDENT_IDS[1:])]


@pytest.mark.parametrize("student_id", STUDENTS)
@pytest.mark.parametrize("carry_forward", [False, True], ids=["cascade", "carry-forward"])
@pytest.mark.parametrize("assignment, variant", CASES, ids=IDS)
def test_variant_fails_exactly_its_expected_cells(assignment, variant, carry_forward, student_id,
                                                  capfd):
    executed(assignment, variant.name)
    capfd.readouterr()
    verdicts, failing = failing_cells(assignment, variant.name, student_id, carry_forward)
    assert set(verdicts) == set(cell_points(assignment))
    report = "\n\n".join(f"{cell}: {verdicts[cell].message()}" for cell in failing)
    assert failing == sorted(variant.expected_failing(carry_forward)), report
    flags = {flag for verdict in verdicts.values() for flag in verdict.flags}
    # needs-review belongs to the notebook (the static scan), not to a check's verdict:
    # tests/test_static_scan.py checks it for the bank
    assert set(variant.expected_flags) - {"needs-review"} <= flags, flags
    unexpected = {flag for flag in flags - set(variant.expected_flags)
                  if flag.startswith(("forbidden-call", "autodiff-import"))}
    assert not unexpected, unexpected
    assert capfd.readouterr() == ("", ""), "grading printed something"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_expected_scores_cover_the_range(assignment):
    points = cell_points(assignment)
    total = sum(points.values())
    scores = {variant.name: total - sum(points[cell] for cell in variant.expected_failing_cells)
              for variant in VARIANTS[assignment]}
    assert total == 40
    assert all(scores[name] == total for name in scores if name.startswith("passes_all_"))
    assert all(scores[name] < total for name in scores if name.startswith("fails_"))


@pytest.mark.parametrize("assignment, variant", CASES, ids=IDS)
def test_own_broken_cells_are_a_part_of_the_cascade(assignment, variant):
    """Carrying errors forward never costs more than the cascade, and every fails_* variant
    still loses points (its own part); passes_all_* keep everything."""
    own = set(variant.expected_failing(carry_forward=True))
    assert own <= set(variant.expected_failing_cells), own
    assert bool(own) == variant.name.startswith("fails_"), own


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_readme_bank_table_has_both_policies(assignment):
    """Columns 'points' (cascade) and 'points with carry-forward' as the variants declare."""
    rows = readme_rows(assignment)
    for variant in VARIANTS[assignment]:
        assert variant.name in rows, f"{variant.name} missing from the bank table of docs/<assignment>.md"
        *_, cascade, carried = rows[variant.name]
        assert float(cascade.split("/")[0]) == points_under(assignment, variant, False), rows[variant.name]
        assert float(carried.split("/")[0]) == points_under(assignment, variant, True), rows[variant.name]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_readme_bank_table_names_exactly_the_failing_cells(assignment):
    """The column of failed cells lists whole cell names (`train` cannot hide in
    `training`): exactly the cells the variant declares, one row per variant."""
    listed = readme_failing_cells(assignment)
    for variant in VARIANTS[assignment]:
        assert variant.name in listed, f"{variant.name} missing from the bank table of docs/<assignment>.md"
        declared = sorted(cell[len("test_"):] for cell in variant.expected_failing_cells)
        assert listed[variant.name] == declared, (variant.name, listed[variant.name])
    assert sorted(listed) == sorted(variant.name for variant in VARIANTS[assignment])

"""The bank of matrix_fundamentals beyond tests/test_bank.py: tolerance margins.

Parts build on each other as in the course (rank on svd_via_eig, projectors on
four_subspaces, ...): a variant lists every cell its bug really breaks. The tolerances
keep a margin of 100 on both sides: the correct variants pass with every tolerance 100x
tighter, the wrong ones still fail with every tolerance 100x looser.
"""
import pytest

from bank_harness import STUDENT_IDS, failing_cells
from bank_harness import VARIANTS as BANK_VARIANTS

from grading import tolerances

ASSIGNMENT = "matrix_fundamentals"
VARIANTS = BANK_VARIANTS[ASSIGNMENT]
TOLERANCES = [name for name in dir(tolerances) if name.startswith("MF_")]


@pytest.mark.parametrize("factor", [0.01, 100.0], ids=["100x-tighter", "100x-looser"])
def test_tolerances_keep_a_margin_of_100_on_both_sides(factor, monkeypatch):
    for name in TOLERANCES:
        monkeypatch.setattr(tolerances, name, getattr(tolerances, name) * factor)
    for variant in VARIANTS:
        if (factor < 1) != variant.name.startswith("passes_all_"):
            continue  # tighter: the correct variants; looser: the wrong ones
        verdicts, failing = failing_cells(ASSIGNMENT, variant.name, STUDENT_IDS[0])
        assert failing == sorted(variant.expected_failing()), (variant.name, failing)

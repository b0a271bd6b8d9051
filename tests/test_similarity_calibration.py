"""The similarity threshold separates the course's independent solutions from copies.

Recomputes the calibration of grading/similarity/threshold.py and pins its numbers: a
change of the normalisation or of the copydetect parameters that moves them shows here.
"""
import pytest

from grading.similarity import calibrate
from grading.similarity.threshold import (HIGHEST_INDEPENDENT, LOWEST_COPY, MIN_TOKENS,
                                          SMALLEST_COPY_TOKENS, THRESHOLD)


@pytest.fixture(scope="module")
def calibration():
    return calibrate.measure()


def test_the_calibration_covers_every_solution_and_disguise(calibration):
    assert len(calibration.independent) == 32
    assert len(calibration.copies) == 16 * 5
    assert {disguise for _, _, disguise, _ in calibration.copies} == \
        {"rename", "reformat", "reorder", "comments", "all"}


def test_no_pair_of_independent_solutions_is_flagged(calibration):
    crossing = [row for row in calibration.independent if row[-1] >= THRESHOLD]
    assert not crossing, f"independent solutions at or above {THRESHOLD}: {crossing}"


def test_every_disguised_copy_is_flagged(calibration):
    missed = [row for row in calibration.copies if row[-1] < THRESHOLD]
    assert not missed, f"copies below {THRESHOLD}: {missed}"
    assert calibration.smallest_copy_tokens >= MIN_TOKENS


def test_the_measured_margin_is_the_one_written_next_to_the_threshold(calibration):
    assert calibration.highest_independent == pytest.approx(HIGHEST_INDEPENDENT, abs=0.0005)
    assert calibration.lowest_copy == pytest.approx(LOWEST_COPY, abs=0.0005)
    assert calibration.smallest_copy_tokens == SMALLEST_COPY_TOKENS
    assert THRESHOLD - calibration.highest_independent >= 0.07
    assert calibration.lowest_copy - THRESHOLD >= 0.065


@pytest.mark.parametrize("assignment", ["matrix_fundamentals", "nonlinear_regression"])
def test_disguised_copies_still_pass_every_check(assignment):
    """The disguises keep the behaviour: the reordered lines were truly independent."""
    from grading.paths import BANK
    from grading.similarity.disguise import disguise_all, disguise_notebook
    from grading.submissions import bank, build_submission, execute_locally, grade_locally
    for variant in bank(BANK / assignment):
        if not variant.name.startswith("passes_all"):
            continue
        notebook = disguise_notebook(build_submission(assignment, variant), disguise_all, 7)
        verdicts = grade_locally(assignment, execute_locally(notebook, assignment=assignment),
                                 "disguise")
        failing = sorted(cell for cell, verdict in verdicts.items() if not verdict.passed)
        assert failing == [], (variant.name, failing)

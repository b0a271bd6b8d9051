"""The bank of nonlinear_regression beyond tests/test_bank.py: the points table of docs/nonlinear_regression.md, messages.

A broken building block breaks every part built on it: the variant files list each cell.
"""
import re

import numpy as np
import pytest

from bank_harness import STUDENT_IDS, cell_points, executed, numbers, readme_table
from bank_harness import VARIANTS as BANK_VARIANTS

from grading.registry import registry
from grading.runner import case_seed
from grading.submissions import grade_locally

ASSIGNMENT = "nonlinear_regression"
VARIANTS = BANK_VARIANTS[ASSIGNMENT]


# The bank table of docs/<assignment>.md (rows, failed cells by whole name, both score columns) is checked
# for both assignments in tests/test_bank.py.
def test_readme_points_table_gives_every_autograded_cell_its_points():
    header, rows = readme_table(ASSIGNMENT, "cell")
    listed = {}
    for row in rows:
        for start in range(0, len(header), 3):            # cell | points | (gap) | cell | points
            cell, points = row[start:start + 2]
            if cell.startswith("`test_"):
                listed[cell.split("`")[1]] = float(points)
            elif cell == "**autograded**":
                total = float(points.strip("*"))
    assert listed == cell_points(ASSIGNMENT)
    assert total == sum(listed.values()) == 40


NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v.expected_failing_cells],
                         ids=lambda variant: variant.name)
def test_messages_show_no_reference_values(variant):
    """As the pipeline's feedback test: no expected value (8 significant digits) is shown."""
    student_id = STUDENT_IDS[0]
    verdicts = grade_locally(ASSIGNMENT, executed(ASSIGNMENT, variant.name), student_id)
    for cell in variant.expected_failing():
        shown = set(NUMBER.findall(verdicts[cell].message()))
        for check in registry().for_cell(ASSIGNMENT, cell):
            for index in range(check.cases):
                case = check.draw(np.random.default_rng(case_seed(student_id, check, index)), index)
                expected = {f"{x:.8g}" for x in numbers(check.expect(check, case))
                            if np.isfinite(x) and len(f"{abs(x):.8g}") >= 7}
                assert not expected & shown, (check.id, sorted(expected & shown)[:3])


@pytest.mark.parametrize("name", ["fails_training_params_from_scipy_optimize",
                                  "fails_training_params_typed_in",
                                  "fails_training_epochs_not_the_stated_ones"])
def test_weights_not_from_the_students_train_fail_only_the_replay(name):
    """Their ER is below the threshold: only the replay of the student's own train catches them."""
    verdicts = grade_locally(ASSIGNMENT, executed(ASSIGNMENT, name), STUDENT_IDS[0])
    training = {verdict.check_id.rsplit(".", 1)[1]: verdict for verdict in verdicts["test_training"].verdicts}
    assert training["params_trained"].passed and training["history_trained"].passed
    assert not training["train_replayed"].passed
    message = training["train_replayed"].message
    assert "replayed train(X, Y, params_init, learning_rate=0.3, epochs=1000)" in message

"""Tolerances of nonlinear_regression keep their margins over the correct variants' spread.

Re-measures (on a few student ids; the numbers in grading/tolerances.py come from 100-400
ids) how far the correct variants that compute differently land from the reference, and
checks every tolerance is at least 100x above it.
"""
import numpy as np
import pytest

from grading import tolerances as tol
from grading.boundary import LocalTransport, StudentNotebook
from grading.gradcheck import relative_errors
from grading.paths import BANK
from grading.runner import case_seed
from grading.submissions import build_submission, execute_locally, load_variant
from grading.assignments.nonlinear_regression import checks

ASSIGNMENT = "nonlinear_regression"
DIFFERENT = ("passes_all_explicit_loops", "passes_all_einsum", "passes_all_tanh_via_exponentials",
             "passes_all_per_sample_chain_rule")
GROUP = {"forward": "network", "backward": "network", "train": "train"}
TOLERANCES = {"layer": (tol.NLR_LAYER_RTOL, tol.NLR_LAYER_ATOL),
              "network": (tol.NLR_NETWORK_RTOL, tol.NLR_NETWORK_ATOL),
              "train": (tol.NLR_TRAIN_RTOL, tol.NLR_TRAIN_ATOL)}
MARGIN = 100


def leaves(value):
    """The numeric arrays inside a result (tuples, lists of floats, dicts by key)."""
    if isinstance(value, dict):
        for key in sorted(value):
            yield from leaves(value[key])
    elif isinstance(value, (tuple, list)) and not all(isinstance(v, (float, int)) for v in value):
        for item in value:
            yield from leaves(item)
    elif isinstance(value, (np.ndarray, float, int, list, tuple)):
        yield np.asarray(value, dtype=float)


def spreads(namespace, student_ids):
    student = StudentNotebook(LocalTransport(namespace))
    found = {"layer": [0.0, 0.0], "network": [0.0, 0.0], "train": [0.0, 0.0], "gradcheck": [0.0]}
    for check in checks.CHECKS:
        part, name = check.id.split(".")[1:]
        if name not in ("worked_example", "hidden_inputs", "finite_differences"):
            continue
        for student_id in student_ids:
            for index in range(check.cases):
                case = check.draw(np.random.default_rng(case_seed(student_id, check, index)), index)
                actual, expected = check.call(check, student, case), check.expect(check, case)
                if part == "forward":
                    actual, expected = actual[0], expected[0]
                if name == "finite_differences":
                    error = max(float(relative_errors(actual[key], expected[key], tol.NLR_GRADCHECK_FLOOR).max())
                                for key in expected)
                    found["gradcheck"][0] = max(found["gradcheck"][0], error)
                    continue
                group = found[GROUP.get(part, "layer")]
                for got, want in zip(leaves(actual), leaves(expected)):
                    difference = np.abs(got - want)
                    large = np.abs(want) > 1e-3
                    if large.any():
                        group[0] = max(group[0], float((difference[large] / np.abs(want[large])).max()))
                    if (~large).any():
                        group[1] = max(group[1], float(difference[~large].max()))
    return found


@pytest.mark.parametrize("name", DIFFERENT)
def test_tolerances_are_far_above_the_spread_of_correct_variants(name):
    variant = load_variant(BANK / ASSIGNMENT / f"{name}.py")
    namespace = execute_locally(build_submission(ASSIGNMENT, variant), assignment=ASSIGNMENT)
    found = spreads(namespace, [f"tolerance-{index}" for index in range(4)])
    for group, (rtol, atol) in TOLERANCES.items():
        relative, absolute = found[group]
        assert MARGIN * relative <= rtol, (group, relative)
        assert MARGIN * absolute <= atol, (group, absolute)
    assert MARGIN * found["gradcheck"][0] <= tol.NLR_GRADCHECK_MAX_RELATIVE_ERROR, found["gradcheck"]


def test_float32_is_caught_by_values_too():
    """The mildest wrong variant (float32 rounding, rel ~1e-7) is 100x above the value tolerances."""
    rng = np.random.default_rng(0)
    A, W, b = rng.normal(size=(30, 4)), rng.normal(size=(4, 3)), rng.normal(size=(1, 3))
    exact = A @ W + b
    rounded = (A.astype(np.float32) @ W.astype(np.float32) + b.astype(np.float32)).astype(float)
    difference = np.abs(rounded - exact) - tol.NLR_LAYER_ATOL
    assert np.max(difference / np.abs(exact)) > MARGIN * tol.NLR_LAYER_RTOL


def test_graded_linear_baseline_is_the_templates():
    """The training message compares with the template's linear model (left inverse, no bias)."""
    from grading.assignments.nonlinear_regression.data import ground_truth
    X, Y = ground_truth()
    linear = checks.linear_baseline(None, type("Case", (), {"args": (X, Y)})())
    assert linear == pytest.approx(3.42780054087372e-3, rel=1e-13)
    assert tol.NLR_TRAINING_THRESHOLD * 5 <= linear

"""The reference solutions of nonlinear_regression pass every hidden check, for any student."""
import numpy as np
import pytest

from grading.boundary import LocalTransport, StudentNotebook
from grading.registry import registry
from grading.runner import run_cell
from grading.submissions import grade_locally
from grading.assignments.nonlinear_regression import checks, inputs, reference
from grading.assignments.nonlinear_regression.data import ground_truth
from grading.gradcheck import numerical_gradients, relative_error

ASSIGNMENT = "nonlinear_regression"


@pytest.fixture(scope="module")
def namespace():
    names = {name: getattr(reference, name) for name in (
        "dense_forward", "dense_backward", "tanh_forward", "tanh_backward", "empirical_risk",
        "empirical_risk_backward", "forward", "backward", "gradient_descent_step", "train")}
    X, Y = ground_truth()
    rng = np.random.default_rng(1)
    start = inputs.draw_params(rng, (2, 2, 2, 1))
    names.update(params_init=start, learning_rate=0.3, epochs=1000)
    names["params_trained"], names["history_trained"] = reference.train(X, Y, start, 0.3, 1000)
    return names


@pytest.mark.parametrize("student_id", ["local", "alice", "bob", "s0001", "s9999"])
def test_reference_passes_every_check(namespace, student_id, capfd):
    verdicts = grade_locally(ASSIGNMENT, namespace, student_id)
    failed = {cell: verdict.message() for cell, verdict in verdicts.items() if not verdict.passed}
    assert not failed, failed
    assert capfd.readouterr().err == ""


def test_checks_are_registered_per_cell_in_notebook_order():
    ids = [check.id for check in registry().all(ASSIGNMENT)]
    assert ids == [check.id for check in checks.CHECKS]
    assert all(check_id.startswith("nonlinear_regression.") for check_id in ids)
    assert len(set(ids)) == len(ids)
    for check in checks.CHECKS:
        assert check.cell == "test_" + check.id.split(".")[1]


def test_hidden_inputs_stay_small_and_vary_the_widths():
    widths, samples, epochs = set(), [], []
    for check in checks.CHECKS:
        if not check.id.endswith((".hidden_inputs", ".finite_differences")):
            continue
        for seed in range(20):
            for index in range(check.cases):
                case = check.draw(np.random.default_rng(seed), index)
                for value in case.args:
                    if isinstance(value, dict):
                        widths.add(tuple([value["W1"].shape[0]] + [value[f"W{l}"].shape[1] for l in (1, 2, 3)]))
                        assert max(max(v.shape) for v in value.values()) <= 5
                    elif isinstance(value, np.ndarray):
                        samples.append(value.shape[0])
                        assert value.ndim == 2 and value.shape[1] <= 5
                if check.function == "train":
                    epochs.append(case.args[4])
    assert max(samples) <= 50 and max(epochs) <= 20 and min(epochs) >= 3
    assert (2, 2, 2, 1) in widths and len(widths) > 20


def test_case_zero_has_no_square_weight_matrix():
    for seed in range(50):
        widths = inputs.draw_widths(np.random.default_rng(seed), 0)
        assert len(set(widths[:3])) == 3 and min(widths[:3]) >= 2 and widths[3] == 1


def test_reference_gradients_agree_with_central_differences():
    rng = np.random.default_rng(3)
    for index in range(6):
        X, Y, params = inputs.draw_network(rng, index).args
        grads = reference.backward(Y, reference.forward(X, params)[1], params)
        numerical = numerical_gradients(
            lambda p: reference.empirical_risk(Y, reference.forward(X, p)[0]), params)
        for key in params:
            assert grads[key].shape == params[key].shape and grads[key].dtype == np.float64
            assert relative_error(grads[key], numerical[key], 1e-5) < 1e-4, key


def test_reference_does_not_modify_its_arguments():
    rng = np.random.default_rng(5)
    X, Y, params = inputs.draw_network(rng, 0).args
    frozen = {key: value.copy() for key, value in params.items()}
    for value in (X, Y, *params.values()):
        value.setflags(write=False)
    new, history = reference.train(X, Y, params, 0.1, 5)
    assert len(history) == 6 and all(type(value) is float for value in history)
    for key in params:
        np.testing.assert_array_equal(params[key], frozen[key])
        assert new[key].dtype == np.float64


def test_run_cell_of_every_cell_is_fast(namespace):
    import time
    student = StudentNotebook(LocalTransport(namespace))
    for cell in registry().cells(ASSIGNMENT):
        start = time.perf_counter()
        assert run_cell(registry().for_cell(ASSIGNMENT, cell), student, "timing").passed
        assert time.perf_counter() - start < 2.0, cell

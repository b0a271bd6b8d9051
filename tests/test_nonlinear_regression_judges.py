"""Judges and checks of nonlinear_regression against deliberately broken results.

The message text is pinned: which parameter's gradient is wrong, and the hint when the
pattern is certain (sign, constant factor, transpose, bias gradient not summed).
"""
import numpy as np
import pytest

from grading.boundary import LocalTransport, StudentNotebook
from grading.checks import Case, Context
from grading.registry import registry
from grading.runner import run_check
from grading.assignments.nonlinear_regression import checks, data, inputs, judges, reference

RNG = np.random.default_rng(7)


def ctx_for(case, function="backward"):
    return Context(f"nonlinear_regression.{function}.hidden_inputs", function, 123, 0, case)


def network_case(widths=(3, 4, 2, 1), N=6):
    rng = np.random.default_rng(11)
    X = rng.normal(size=(N, widths[0]))
    Y = rng.normal(size=(N, 1))
    params = inputs.draw_params(rng, widths)
    return Case((X, Y, params), label=f"X of shape {X.shape}")


def reference_grads(case):
    X, Y, params = case.args
    return reference.backward(Y, reference.forward(X, params)[1], params)


def failure(judge, *args):
    with pytest.raises(AssertionError) as raised:
        judge(*args)
    return str(raised.value)


def reference_namespace(**overrides):
    namespace = {name: getattr(reference, name) for name in (
        "dense_forward", "dense_backward", "tanh_forward", "tanh_backward", "empirical_risk",
        "empirical_risk_backward", "forward", "backward", "gradient_descent_step", "train")}
    namespace.update(overrides)
    return namespace


# ------------------------------------------------------------------ gradients
def test_correct_gradients_pass():
    case = network_case()
    expected = reference_grads(case)
    judges.assert_backward({k: v.copy() for k, v in expected.items()}, expected, case, ctx_for(case))


def test_message_names_the_one_wrong_parameter_and_a_sign_flip():
    case = network_case()
    expected = reference_grads(case)
    actual = {**expected, "W2": -expected["W2"]}
    message = failure(judges.assert_backward, actual, expected, case, ctx_for(case))
    assert message.startswith("backward(X of shape (6, 3)) [check nonlinear_regression.backward."
                              "hidden_inputs, case 0, seed 123]:\nbackward: gradients differ from "
                              "the reference\n")
    assert "  wrong: W2 (right: W1, b1, b2, W3, b3)\n" in message
    assert "grads['W2'] (dER/dW2): values differ from the reference" in message
    assert "hint: the result has the opposite sign" in message


def test_message_names_a_constant_factor_for_every_parameter():
    case = network_case()
    expected = reference_grads(case)
    actual = {key: 0.5 * value for key, value in expected.items()}
    message = failure(judges.assert_backward, actual, expected, case, ctx_for(case))
    assert "wrong: W1, b1, W2, b2, W3, b3\n" in message
    assert message.count("hint: the result is off by a constant factor of 0.5") == 6


def test_transposed_square_gradient_is_named_by_value():
    case = network_case(widths=(2, 2, 2, 1))
    expected = reference_grads(case)
    actual = {**expected, "W1": expected["W1"].T.copy()}
    message = failure(judges.assert_backward, actual, expected, case, ctx_for(case))
    assert "wrong: W1 (right:" in message
    assert "hint: the result is transposed" in message


def test_transposed_non_square_gradient_is_named_by_shape():
    case = network_case()
    expected = reference_grads(case)
    actual = {**expected, "W1": expected["W1"].T.copy()}
    message = failure(judges.assert_backward, actual, expected, case, ctx_for(case))
    assert ("grads['W1'] (dER/dW1): wrong shape\n"
            "    expected shape (3, 4)\n"
            "    got shape      (4, 3)\n"
            "    hint: the shape is transposed") in message


def test_bias_gradient_not_summed_and_summed_over_the_wrong_axis():
    case = network_case()
    X, Y, params = case.args
    expected = reference_grads(case)
    not_summed = {**expected, "b1": np.ones((6, 4))}
    assert "hint: the bias gradient has the shape of dZ: sum it over the samples (axis 0)" in \
        failure(judges.assert_backward, not_summed, expected, case, ctx_for(case))
    wrong_axis = {**expected, "b2": np.ones((6, 1))}
    assert "hint: the bias gradient is summed over the wrong axis: sum over the samples (axis 0)" in \
        failure(judges.assert_backward, wrong_axis, expected, case, ctx_for(case))
    flat = {**expected, "b2": np.ones(2)}
    assert "hint: keep the 2-d shape (1, 2) (e.g. keepdims=True or reshape)" in \
        failure(judges.assert_backward, flat, expected, case, ctx_for(case))


def test_float32_gradients_fail_on_dtype():
    case = network_case()
    expected = reference_grads(case)
    actual = {key: value.astype(np.float32) for key, value in expected.items()}
    message = failure(judges.assert_backward, actual, expected, case, ctx_for(case))
    assert "grads['W1'] (dER/dW1): wrong dtype\n    expected dtype float64\n    got dtype      float32" in message


def test_missing_key_and_not_a_dict():
    case = network_case()
    expected = reference_grads(case)
    partial = {key: value for key, value in expected.items() if key != "b3"}
    assert "backward must return a dict of gradients: missing keys ['b3']" in \
        failure(judges.assert_backward, partial, expected, case, ctx_for(case))
    assert "backward must return a dict of gradients: expected a dict with keys" in \
        failure(judges.assert_backward, (1, 2), expected, case, ctx_for(case))


def test_messages_never_show_reference_values():
    case = network_case()
    expected = reference_grads(case)
    actual = {**expected, "b3": expected["b3"] + 1.0}
    message = failure(judges.assert_backward, actual, expected, case, ctx_for(case))
    assert f"{expected['b3'][0, 0]:.8g}" not in message
    assert f"{actual['b3'][0, 0]:.8g}" in message


# ------------------------------------------------------------------ finite differences
def test_finite_differences_accept_the_reference_and_name_a_sign_flip():
    case = network_case()
    check = registry().get("nonlinear_regression.backward.finite_differences")
    numerical = checks.finite_difference_gradients(check, case)
    grads = reference_grads(case)
    judges.assert_finite_differences(grads, numerical, case, ctx_for(case))
    message = failure(judges.assert_finite_differences, {**grads, "b3": -grads["b3"]},
                      numerical, case, ctx_for(case))
    assert ("backward: gradients disagree with central finite differences of the empirical "
            "risk (h=1e-05)\n  wrong: b3 (right: W1, b1, W2, b2, W3)\n"
            "  grads['b3'] (dER/db3) disagrees with the finite differences\n"
            "    relative error |a - n| / max(|a| + |n|, 1e-05) up to 1 (allowed 0.001); 1 / 1 entries") in message
    assert "hint: the result has the opposite sign" in message


def test_finite_differences_name_a_factor_and_a_wrong_shape():
    case = network_case()
    check = registry().get("nonlinear_regression.backward.finite_differences")
    numerical = checks.finite_difference_gradients(check, case)
    grads = reference_grads(case)
    message = failure(judges.assert_finite_differences, {**grads, "W3": 2 * grads["W3"]},
                      numerical, case, ctx_for(case))
    assert "wrong: W3 (right: W1, b1, W2, b2, b3)" in message
    assert "hint: the result is off by a constant factor of 2" in message
    message = failure(judges.assert_finite_differences, {**grads, "W3": grads["W3"].T},
                      numerical, case, ctx_for(case))
    assert "grads['W3'] (dER/dW3): expected an array of shape (2, 1), got ndarray of shape (1, 2)" in message


# ------------------------------------------------------------------ other judges
def test_dense_backward_names_db_and_keeps_dA_prev_and_dW():
    dZ, A_prev, W = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 2)), RNG.normal(size=(2, 3))
    case = Case((dZ, A_prev, W), label="dZ of shape (5, 3)")
    expected = reference.dense_backward(dZ, A_prev, W)
    message = failure(judges.assert_dense_backward, (expected[0], expected[1], dZ), expected, case,
                      ctx_for(case, "dense_backward"))
    assert "dense_backward: gradients differ from the reference\n  wrong: db (right: dA_prev, dW)\n" \
           "  db: wrong shape\n    expected shape (1, 3)\n    got shape      (5, 3)\n" \
           "    hint: the bias gradient has the shape of dZ" in message
    assert "expected a tuple of 3 items, got ndarray" in failure(
        judges.assert_dense_backward, dZ, expected, case, ctx_for(case, "dense_backward"))


def test_empirical_risk_must_be_a_python_float():
    Y, Y_hat = RNG.normal(size=(4, 1)), RNG.normal(size=(4, 1))
    case = Case((Y, Y_hat))
    expected = reference.empirical_risk(Y, Y_hat)
    judges.assert_empirical_risk(np.float64(expected), expected, case, ctx_for(case, "empirical_risk"))
    message = failure(judges.assert_empirical_risk, np.array([[expected]]), expected, case,
                      ctx_for(case, "empirical_risk"))
    assert "ER: expected a Python float, got ndarray of shape (1, 1) and dtype float64" in message
    assert "numpy scalar of dtype float32" in failure(
        judges.assert_empirical_risk, np.float32(expected), expected, case, ctx_for(case, "empirical_risk"))
    assert "hint: the result is off by a constant factor of 4" in failure(
        judges.assert_empirical_risk, 4 * expected, expected, case, ctx_for(case, "empirical_risk"))


def test_train_history_length_and_entries():
    X, Y, params = network_case().args
    case = Case((X, Y, params, 0.1, 3))
    expected = reference.train(X, Y, params, 0.1, 3)
    judges.assert_train(expected, expected, case, ctx_for(case, "train"))
    message = failure(judges.assert_train, (expected[0], expected[1][1:]), expected, case, ctx_for(case, "train"))
    assert "history: wrong length\n  expected epochs + 1 = 4 entries (history[0]: ER of the initial " \
           "parameters, history[k]: ER after k updates)\n  got 3 entries" in message
    arrays = [np.array([[value]]) for value in expected[1]]
    assert "history: every entry must be a Python float (the ER after k updates), got ndarray of shape (1, 1)" \
        in failure(judges.assert_train, (expected[0], arrays), expected, case, ctx_for(case, "train"))
    assert "train must return (params, history): expected a tuple of 2 items" in failure(
        judges.assert_train, expected[0], expected, case, ctx_for(case, "train"))


def test_training_task_uses_the_reference_forward_and_the_threshold():
    X, Y = checks.ground_truth()
    case = Case((X, Y), label="the ground truth data")
    ctx = ctx_for(case, "training")
    params = {key: value.copy() for key, value in inputs.NET_PARAMS.items()}
    message = failure(judges.assert_trained_params, params, 0.003428, case, ctx)
    assert "the trained model is not good enough\n  empirical risk of params_trained on the ground " \
           "truth data: " in message
    assert "required: below 0.0005 (the linear model: 0.003428)" in message
    wide = {**params, "W3": np.ones((2, 2))}
    assert "params_trained['W3']: expected an array of shape (2, 1) (the 2-2-2-1 network), got ndarray " \
           "of shape (2, 2)" in failure(judges.assert_trained_params, wide, 0.003428, case, ctx)
    broken = {**params, "b1": np.array([[np.nan, 0.0]])}
    assert "params_trained['b1']: expected finite real numbers" in failure(
        judges.assert_trained_params, broken, 0.003428, case, ctx)
    judges.assert_trained_params(trained_params()[0], 0.003428, case, ctx)


def trained_params(epochs=1000):
    """(params, history, params_init) of a short reference training on the ground truth data."""
    X, Y = checks.ground_truth()
    params_init = data.initial_params(np.random.default_rng(1), 0.5)
    params, history = reference.train(X, Y, params_init, 0.3, epochs)
    return params, history, params_init


def replay(params_trained, history_trained, returned, params_init, epochs=1000, after=None):
    arguments = {"params_init": params_init, "learning_rate": 0.3, "epochs": epochs}
    return checks.Replay(arguments, returned, after if after is not None else params_init,
                         params_trained, history_trained)


def test_replayed_training_must_be_what_the_students_train_returns():
    params, history, params_init = trained_params()
    case = Case((None, None), label="the ground truth data")
    ctx = ctx_for(case, "train")
    judges.assert_replayed_training(replay(params, history, (params, history), params_init),
                                    None, case, ctx)
    typed_in = {key: np.round(value, 3) for key, value in params.items()}
    message = failure(judges.assert_replayed_training,
                      replay(typed_in, history, (params, history), params_init), None, case, ctx)
    assert "params_trained['W1'] is not what your train returns" in message
    assert "the grader replayed train(X, Y, params_init, learning_rate=0.3, epochs=1000) on the " \
           "ground truth data with your own train" in message
    assert "seed the initial weights" in message
    short = failure(judges.assert_replayed_training,
                    replay(params, history[:-1], (params, history), params_init), None, case, ctx)
    assert "history_trained: wrong length\n  expected epochs + 1 = 1001 entries" in short
    other = failure(judges.assert_replayed_training,
                    replay(params, [h * 0.5 for h in history], (params, history), params_init),
                    None, case, ctx)
    assert "history_trained is not the history your train returns" in other
    moved = {**params_init, "W2": params_init["W2"] + 1.0}
    mutated = failure(judges.assert_replayed_training,
                      replay(typed_in, history, (params, history), params_init, after=moved),
                      None, case, ctx)
    assert "hint: your train modified params_init['W2'] in place" in mutated


@pytest.mark.parametrize("arguments, text", [
    ({"params_init": [1.0], "learning_rate": 0.1, "epochs": 10}, "params_init must be the params dict"),
    ({"params_init": dict.fromkeys(reference.PARAM_KEYS), "learning_rate": "0.1", "epochs": 10},
     "learning_rate must be a number"),
    ({"params_init": dict.fromkeys(reference.PARAM_KEYS), "learning_rate": 0.1, "epochs": 2.5},
     "epochs must be a positive int")])
def test_training_arguments_are_checked_before_the_replay(arguments, text):
    with pytest.raises(AssertionError, match=text):
        judges.assert_training_arguments(arguments)


def test_history_trained_is_shown_not_trusted():
    case = Case((None, None))
    ctx = ctx_for(case, "training")
    judges.assert_history([1.0, 0.5, np.float64(0.1)], None, case, ctx)
    judges.assert_history([np.array([[1.0]]), np.array([[0.5]])], None, case, ctx)
    assert "expected the finite ER values" in failure(judges.assert_history, [1.0], None, case, ctx)
    assert "some nan or inf" in failure(judges.assert_history, [1.0, float("nan")], None, case, ctx)
    assert "expected a list of the ER values" in failure(judges.assert_history, "abc", None, case, ctx)


# ------------------------------------------------------------------ through the runner
def test_autodiff_import_gets_a_clear_message_and_the_flag():
    def backward(Y, cache, params):
        raise ModuleNotFoundError("No module named 'torch'")

    student = StudentNotebook(LocalTransport(reference_namespace(backward=backward)))
    verdict = run_check(registry().get("nonlinear_regression.backward.hidden_inputs"), student, "s1")
    assert not verdict.passed and verdict.flags == ["autodiff-import"]
    assert "backward raised ModuleNotFoundError: No module named 'torch'" in verdict.message
    assert verdict.message.endswith(
        "torch (automatic differentiation) is not available in the grading environment and not "
        "allowed in this assignment: write the backward pass by hand with numpy")


@pytest.mark.parametrize("text, library", [("No module named 'jax.numpy'", "jax"),
                                           ("cannot import name 'grad' from 'autograd'", "autograd"),
                                           ("No module named 'tensorflow'", "tensorflow")])
def test_every_autodiff_library_is_recognised(text, library):
    def train(X, Y, params, learning_rate, epochs):
        raise ImportError(text)

    verdict = run_check(registry().get("nonlinear_regression.train.hidden_inputs"),
                        StudentNotebook(LocalTransport(reference_namespace(train=train))), "s1")
    assert verdict.flags == ["autodiff-import"]
    assert f"{library} (automatic differentiation) is not available" in verdict.message


def test_other_import_errors_are_not_flagged():
    def backward(Y, cache, params):
        raise ModuleNotFoundError("No module named 'torchvision_helpers_of_mine'")

    verdict = run_check(registry().get("nonlinear_regression.backward.hidden_inputs"),
                        StudentNotebook(LocalTransport(reference_namespace(backward=backward))),
                        "s1")
    assert not verdict.passed and verdict.flags == []
    assert "automatic differentiation" not in verdict.message


def test_backward_gets_the_cache_of_the_students_own_forward():
    seen = []

    def forward(X, params):
        Y_hat, cache = reference.forward(X, params)
        marked = dict(cache, marker="student forward")
        return Y_hat, marked

    def backward(Y, cache, params):
        seen.append(cache.get("marker"))
        return reference.backward(Y, cache, params)

    student = StudentNotebook(LocalTransport(reference_namespace(forward=forward,
                                                                 backward=backward)))
    for check_id in ("worked_example", "hidden_inputs", "finite_differences", "arguments_unchanged"):
        assert run_check(registry().get(f"nonlinear_regression.backward.{check_id}"), student, "s1").passed
    assert seen and set(seen) == {"student forward"}


def test_forward_without_a_cache_is_reported_for_backward():
    def forward(X, params):
        return reference.forward(X, params)[0]

    verdict = run_check(registry().get("nonlinear_regression.backward.hidden_inputs"),
                        StudentNotebook(LocalTransport(reference_namespace(forward=forward))), "s1")
    assert "backward could not be called: forward must return a tuple (Y_hat, cache), got ndarray" \
        in verdict.message


def test_modified_arguments_are_named():
    def gradient_descent_step(params, grads, learning_rate):
        params["W1"] -= learning_rate * grads["W1"]
        return reference.gradient_descent_step(params, grads, 0.0)

    verdict = run_check(registry().get("nonlinear_regression.gradient_descent_step.arguments_unchanged"),
                        StudentNotebook(LocalTransport(reference_namespace(
                            gradient_descent_step=gradient_descent_step))), "s1")
    assert "argument params['W1'] was modified in place by the call" in verdict.message


def test_a_transposed_square_result_shows_no_values():
    case = network_case(widths=(2, 2, 2, 1))
    expected = reference_grads(case)
    actual = {**expected, "W2": expected["W2"].T.copy()}
    message = failure(judges.assert_backward, actual, expected, case, ctx_for(case))
    assert "grads['W2'] (dER/dW2): values differ from the reference\n" \
           "    compared with rtol=1e-09, atol=1e-12; shape (2, 2)\n" \
           "    hint: the result is transposed" in message
    assert "got" not in message.split("grads['W2']")[1]
    check = registry().get("nonlinear_regression.backward.finite_differences")
    numerical = checks.finite_difference_gradients(check, case)
    message = failure(judges.assert_finite_differences, actual, numerical, case, ctx_for(case))
    assert "hint: the result is transposed" in message and "got" not in message

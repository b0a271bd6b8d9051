"""Judges of Homework 2: ``assert_*`` functions that raise ``AssertionError``.

Order of every judgement: type, shape, dtype (float64), then values against the
reference within the tolerances of ``grading.tolerances``. Messages follow
``numpy.testing``: where, what was compared, shapes, mismatches, largest differences, and
a hint only when the pattern is certain (sign, constant factor, transpose, bias gradient
not summed). Gradients are judged per parameter, and the message names every wrong one.
"""
import numpy as np

from ... import tolerances as tol
from ...compare import (as_dict, as_tuple, assert_allclose, assert_not_modified, describe,
                        fail, hint)
from ...gradcheck import relative_errors
from .own_forward import OwnForward
from .reference import PARAM_KEYS, empirical_risk, forward

GRADIENT_NAMES = {key: f"grads[{key!r}] (dER/d{key})" for key in PARAM_KEYS}


def shape_hint(actual_shape, expected_shape, samples=None, bias=False):
    """A certain explanation of a wrong shape, or ''."""
    if bias and samples is not None and samples > 1 and len(expected_shape) == 2:
        n_out = expected_shape[1]
        if actual_shape == (samples, n_out):
            return "hint: the bias gradient has the shape of dZ: sum it over the samples (axis 0)"
        if actual_shape == (samples,) or (actual_shape == (samples, 1) and n_out != 1):
            return "hint: the bias gradient is summed over the wrong axis: sum over the samples (axis 0)"
    if len(expected_shape) == 2 and actual_shape == expected_shape[::-1] \
            and expected_shape[0] != expected_shape[1]:
        return "hint: the shape is transposed"
    if len(expected_shape) == 2 and actual_shape in ((expected_shape[0],), (expected_shape[1],)) \
            and 1 in expected_shape:
        return f"hint: keep the 2-d shape {expected_shape} (e.g. keepdims=True or reshape)"
    return ""


def assert_float_array(actual, expected, ctx, what, rtol, atol, samples=None, bias=False):
    """``actual`` is a float64 ndarray of ``expected``'s shape whose values match."""
    expected = np.asarray(expected)
    if not isinstance(actual, np.ndarray):
        fail(ctx, f"{what}: expected a numpy array of shape {expected.shape}, got {describe(actual)}")
    if actual.shape != expected.shape:
        lines = [f"expected shape {expected.shape}", f"got shape      {actual.shape}"]
        pattern = shape_hint(actual.shape, expected.shape, samples, bias)
        fail(ctx, f"{what}: wrong shape", lines + ([pattern] if pattern else []))
    if actual.dtype != np.float64:
        fail(ctx, f"{what}: wrong dtype", ["expected dtype float64", f"got dtype      {actual.dtype}",
                                           "return float64 arrays (do not cast to float32 or int)"])
    if _transposed(actual, expected, rtol, atol):
        # the entries are the reference's, moved: showing them would show reference values
        fail(ctx, f"{what}: values differ from the reference",
             [f"compared with rtol={rtol:g}, atol={atol:g}; shape {expected.shape}",
              "hint: the result is transposed"])
    assert_allclose(actual, expected, rtol, atol, ctx, what)


def _transposed(actual, expected, rtol, atol):
    """True if a square ``actual`` is ``expected.T`` but not ``expected``."""
    if actual.ndim != 2 or actual.shape[0] != actual.shape[1] or actual.shape != expected.shape:
        return False
    close = np.abs(actual - expected) <= atol + rtol * np.abs(expected)
    close_t = np.abs(actual.T - expected) <= atol + rtol * np.abs(expected)
    return not np.all(close) and bool(np.all(close_t))


def _each(ctx, summary, items):
    """Run the judgements ``items`` = [(name, thunk)]; raise once naming every failing one."""
    failures = []
    for name, judgement in items:
        try:
            judgement()
        except AssertionError as error:
            failures.append((name, str(error)))
    if failures:
        wrong = [name for name, _ in failures]
        right = [name for name, _ in items if name not in wrong]
        lines = [f"wrong: {', '.join(wrong)}" + (f" (right: {', '.join(right)})" if right else "")]
        for _, message in failures:
            lines.extend(message.splitlines())
        fail(ctx, summary, lines)


def assert_python_float(actual, expected, ctx, what, rtol, atol):
    """``actual`` is a Python float (np.float64 is one) matching ``expected``."""
    if isinstance(actual, bool) or not isinstance(actual, float):
        fail(ctx, f"{what}: expected a Python float, got {describe(actual)}",
             ["return a number such as float(np.sum(e ** 2) / N), not an array"])
    assert_allclose(actual, expected, rtol, atol, ctx, what)


# ------------------------------------------------------------------ layer functions
def array_judge(what, rtol_name="NLR_LAYER_RTOL", atol_name="NLR_LAYER_ATOL"):
    """A judge comparing one returned array with the reference's."""
    def judge(actual, expected, case, ctx):
        assert_float_array(actual, expected, ctx, what, getattr(tol, rtol_name), getattr(tol, atol_name))
    judge.__name__ = f"assert_{what.split()[0].lower()}"
    return judge


def assert_dense_backward(actual, expected, case, ctx):
    """(dA_prev, dW, db) match the reference's; the message names each wrong one."""
    as_tuple(actual, 3, ctx, "dense_backward must return (dA_prev, dW, db)")
    samples = case.args[0].shape[0]
    rtol, atol = tol.NLR_LAYER_RTOL, tol.NLR_LAYER_ATOL
    names = ("dA_prev", "dW", "db")
    _each(ctx, "dense_backward: gradients differ from the reference", [
        (name, lambda a=a, e=e, name=name: assert_float_array(
            a, e, None, name, rtol, atol, samples=samples, bias=(name == "db")))
        for name, a, e in zip(names, actual, expected)])


def assert_empirical_risk(actual, expected, case, ctx):
    assert_python_float(actual, expected, ctx, "ER", tol.NLR_LAYER_RTOL, tol.NLR_LAYER_ATOL)


# ------------------------------------------------------------------ network functions
def assert_forward(actual, expected, case, ctx):
    """(Y_hat, cache): Y_hat matches the reference's; the cache is the student's own."""
    as_tuple(actual, 2, ctx, "forward must return (Y_hat, cache)")
    assert_float_array(actual[0], expected[0], ctx, "Y_hat", tol.NLR_NETWORK_RTOL, tol.NLR_NETWORK_ATOL)


def assert_gradients(actual, expected, ctx, samples=None, rtol=None, atol=None):
    """A dict of gradients matching ``expected`` per parameter (shape, dtype, values)."""
    rtol = tol.NLR_NETWORK_RTOL if rtol is None else rtol
    atol = tol.NLR_NETWORK_ATOL if atol is None else atol
    as_dict(actual, PARAM_KEYS, ctx, "backward must return a dict of gradients",
            list_expected=False)
    _each(ctx, "backward: gradients differ from the reference", [
        (key, lambda key=key: assert_float_array(
            actual[key], expected[key], None, GRADIENT_NAMES[key], rtol, atol,
            samples=samples, bias=key.startswith("b")))
        for key in PARAM_KEYS])


class ForwardFailed:
    """What a backward trial returns when the student's forward gave no (Y_hat, cache)."""

    def __init__(self, result):
        self.result = result


def _backward_result(actual, ctx):
    if isinstance(actual, ForwardFailed):
        fail(ctx, "backward could not be called: forward must return a tuple (Y_hat, cache), "
                  f"got {describe(actual.result)}")
    return actual


def assert_backward(actual, expected, case, ctx):
    """The gradients from the student's forward cache match the reference's."""
    grads = _backward_result(actual, ctx)
    assert_gradients(grads, expected, ctx, samples=case.args[0].shape[0])


def assert_finite_differences(actual, numerical, case, ctx, shape_only=()):
    """The gradients agree with central differences of the reference empirical risk
    (``shape_only``: parameters judged on their shape alone)."""
    grads = _backward_result(actual, ctx)
    as_dict(grads, PARAM_KEYS, ctx, "backward must return a dict of gradients", list_expected=False)
    limit, floor = tol.NLR_GRADCHECK_MAX_RELATIVE_ERROR, tol.NLR_GRADCHECK_FLOOR

    def judge(key):
        value, reference = grads[key], numerical[key]
        what = GRADIENT_NAMES[key]
        if not isinstance(value, np.ndarray) or value.shape != reference.shape:
            fail(None, f"{what}: expected an array of shape {reference.shape}, got {describe(value)}")
        if key in shape_only:
            return
        errors = relative_errors(value, reference, floor)
        if np.all(errors <= limit):
            return
        index = tuple(int(i) for i in np.unravel_index(np.nanargmax(np.where(np.isnan(errors), np.inf, errors)),
                                                       errors.shape))
        lines = [f"relative error |a - n| / max(|a| + |n|, {floor:g}) up to {np.nanmax(errors):.3g} "
                 f"(allowed {limit:g}); {int(np.sum(~(errors <= limit)))} / {errors.size} entries"]
        pattern = hint(value.astype(float), reference, tol.NLR_GRADCHECK_HINT_RTOL, tol.NLR_GRADCHECK_HINT_ATOL)
        if pattern != "hint: the result is transposed":   # a transposed value is a reference value
            lines.append(f"at index {index}: got {value[index]:.8g}")
        if pattern:
            lines.append(pattern)
        fail(None, f"{what} disagrees with the finite differences", lines)

    _each(ctx, "backward: gradients disagree with central finite differences of the empirical "
               f"risk (h={tol.NLR_GRADCHECK_STEP:g})", [(key, lambda key=key: judge(key)) for key in PARAM_KEYS])


def own_forward_aware(judge):
    """``judge`` for backward, unless the result is an `own_forward.OwnForward`: then the
    gradients are judged against central differences of the student's own forward."""
    def judged(actual, expected, case, ctx):
        if not isinstance(actual, OwnForward):
            return judge(actual, expected, case, ctx)
        try:
            assert_finite_differences(actual.grads, actual.numerical, case, ctx,
                                      shape_only=actual.ignored)
        except AssertionError as error:
            raise AssertionError(f"{error}\n({actual.note})") from None
    judged.__doc__ = judge.__doc__
    return judged


def assert_new_params(actual, expected, case, ctx):
    """gradient_descent_step: a params dict matching the reference's."""
    as_dict(actual, PARAM_KEYS, ctx, "gradient_descent_step must return a params dict",
            list_expected=False)
    _each(ctx, "gradient_descent_step: parameters differ from the reference", [
        (key, lambda key=key: assert_float_array(actual[key], expected[key], None, f"params[{key!r}]",
                                                 tol.NLR_LAYER_RTOL, tol.NLR_LAYER_ATOL))
        for key in PARAM_KEYS])


def _history_array(history, ctx, what):
    if isinstance(history, np.ndarray) and history.ndim == 1:
        values = history
    elif isinstance(history, (list, tuple)):
        entries = [entry for entry in history
                   if not (isinstance(entry, (float, int, np.floating, np.integer))
                           and not isinstance(entry, bool))]
        if entries:
            fail(ctx, f"{what}: every entry must be a Python float (the ER after k updates), "
                      f"got {describe(entries[0])}")
        values = np.array(history, dtype=float)
    else:
        fail(ctx, f"{what}: expected a list of floats, got {describe(history)}")
    if not np.issubdtype(values.dtype, np.number):
        fail(ctx, f"{what}: expected numbers, got dtype {values.dtype}")
    return values.astype(float)


def assert_train(actual, expected, case, ctx):
    """(params, history): history (len epochs + 1) and final params match the reference's."""
    as_tuple(actual, 2, ctx, "train must return (params, history)")
    params, history = actual
    expected_params, expected_history = expected
    epochs = case.args[4]
    values = _history_array(history, ctx, "history")
    if values.shape != (epochs + 1,):
        fail(ctx, "history: wrong length",
             [f"expected epochs + 1 = {epochs + 1} entries (history[0]: ER of the initial "
              f"parameters, history[k]: ER after k updates)", f"got {values.size} entries"])
    rtol, atol = tol.NLR_TRAIN_RTOL, tol.NLR_TRAIN_ATOL
    assert_allclose(values, np.asarray(expected_history), rtol, atol, ctx, "history")
    as_dict(params, PARAM_KEYS, ctx, "train must return a params dict as its first item",
            list_expected=False)
    _each(ctx, "train: final parameters differ from the reference", [
        (key, lambda key=key: assert_float_array(params[key], expected_params[key], None,
                                                 f"params[{key!r}]", rtol, atol))
        for key in PARAM_KEYS])


# ------------------------------------------------------------------ arguments
def arguments_judge(names):
    """A judge that the call left its arguments (named ``names``) unchanged."""
    def assert_arguments_unchanged(observation, expected, case, ctx):
        for name, before, after in zip(names, case.args, observation.args_after):
            if name is not None:
                assert_not_modified(before, after, ctx, f"argument {name}")
    return assert_arguments_unchanged


# ------------------------------------------------------------------ training task
TRAINED_SHAPES = {"W1": (2, 2), "b1": (1, 2), "W2": (2, 2), "b2": (1, 2), "W3": (2, 1), "b3": (1, 1)}


def trained_risk(params, X, Y):
    """ER of ``params`` on (X, Y) by the reference forward pass (float64)."""
    as_float = {key: np.asarray(params[key], dtype=float) for key in PARAM_KEYS}
    return empirical_risk(Y, forward(X, as_float)[0])


def assert_trained_params(params, expected, case, ctx):
    """params_trained is a 2-2-2-1 params dict whose ER (reference forward) is below the threshold."""
    X, Y = case.args
    as_dict(params, PARAM_KEYS, ctx, "params_trained must be a params dict", list_expected=False)
    for key, shape in TRAINED_SHAPES.items():
        value = params[key]
        if not isinstance(value, np.ndarray) or value.shape != shape:
            fail(ctx, f"params_trained[{key!r}]: expected an array of shape {shape} (the 2-2-2-1 "
                      f"network), got {describe(value)}")
        if not np.issubdtype(value.dtype, np.floating) or not np.all(np.isfinite(value)):
            fail(ctx, f"params_trained[{key!r}]: expected finite real numbers",
                 [f"got {describe(value)}" + ("" if not np.issubdtype(value.dtype, np.floating)
                                               else " with nan or inf entries")])
    risk = trained_risk(params, X, Y)
    threshold = tol.NLR_TRAINING_THRESHOLD
    if not risk < threshold:
        fail(ctx, "the trained model is not good enough",
             [f"empirical risk of params_trained on the ground truth data: {risk:.4g} (computed "
              "by the grader with the reference forward pass)",
              f"required: below {threshold:g} (the linear model: {expected:.4g})",
              "try other initial weights (small random numbers, not all equal), another "
              "learning rate or more epochs"])


def er_values(history):
    """A training history as an array of its numbers, shape (len(history),); TypeError or
    ValueError if an entry is not one number."""
    return np.array([np.asarray(entry, dtype=float).item() for entry in history])


def assert_history(history, expected, case, ctx):
    """history_trained is a sequence of finite numbers (it is shown, not trusted)."""
    try:
        values = er_values(history)
    except (TypeError, ValueError):
        fail(ctx, f"history_trained: expected a list of the ER values of the training run, "
                  f"got {describe(history)}")
    if values.size < 2 or not np.all(np.isfinite(values)):
        fail(ctx, "history_trained: expected the finite ER values of the training run "
                  "(len(history) == epochs + 1)", [f"got {values.size} entries" +
                                                  ("" if np.all(np.isfinite(values)) else
                                                   ", some nan or inf")])


def assert_training_arguments(arguments):
    """params_init, learning_rate and epochs of the training cell can be replayed."""
    params_init, learning_rate, epochs = (arguments[name] for name in
                                          ("params_init", "learning_rate", "epochs"))
    if not isinstance(params_init, dict) or set(params_init) != set(PARAM_KEYS):
        fail(None, "params_init must be the params dict of the initial weights, with the keys "
                   f"{', '.join(PARAM_KEYS)}; got {describe(params_init)}")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, np.number)):
        fail(None, f"learning_rate must be a number, got {describe(learning_rate)}")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        fail(None, f"epochs must be a positive int (the number of updates), got {describe(epochs)}")


def assert_replayed_training(replay, expected, case, ctx):
    """params_trained and history_trained are what train(X, Y, params_init, ...) returns.

    The grader called the student's own train in the student's kernel with the training
    cell's params_init, learning_rate and epochs on the ground truth data; history_trained
    must have epochs + 1 entries.
    """
    epochs = int(replay.arguments["epochs"])
    call = (f"train(X, Y, params_init, learning_rate={replay.arguments['learning_rate']!r}, "
            f"epochs={epochs})")
    returned = replay.returned
    if not (isinstance(returned, tuple) and len(returned) == 2):
        fail(ctx, f"{call} must return (params, history), got {describe(returned)}")
    params, history = returned
    try:  # entry types are judged by test_train; here only the numbers count
        values = er_values(replay.history_trained)
    except (TypeError, ValueError):
        fail(ctx, f"history_trained: expected the list of ER values train returns, got "
                  f"{describe(replay.history_trained)}")
    if values.shape != (epochs + 1,):
        fail(ctx, "history_trained: wrong length",
             [f"expected epochs + 1 = {epochs + 1} entries (history[0]: ER of params_init, "
              f"history[k]: ER after k updates)", f"got {values.size} entries",
              f"the grader replayed {call} on the ground truth data with your own train: "
              "history_trained must be what it returns"])
    modified = [key for key in PARAM_KEYS if isinstance(replay.params_init_after, dict)
                and not np.array_equal(np.asarray(replay.params_init_after.get(key)),
                                       np.asarray(replay.arguments["params_init"][key]))]
    hint_modified = ([f"hint: your train modified params_init[{modified[0]!r}] in place, so "
                      "params_init no longer holds the initial weights of your run"]
                     if modified else [])
    rtol, atol = tol.NLR_REPLAY_RTOL, tol.NLR_REPLAY_ATOL
    lines = [f"the grader replayed {call} on the ground truth data with your own train",
             f"compared with rtol={rtol:g}, atol={atol:g}",
             "params_trained and history_trained must come from this call of your train, with "
             "the variables params_init, learning_rate and epochs of the training cell "
             "(seed the initial weights and do not change these variables afterwards)"]
    try:
        returned_values = er_values(history)
        if returned_values.shape != values.shape or not np.allclose(
                returned_values, values, rtol=rtol, atol=atol):
            fail(ctx, "history_trained is not the history your train returns", lines + hint_modified)
        as_dict(params, PARAM_KEYS, ctx, "train must return a params dict as its first item",
                list_expected=False)
        as_dict(replay.params_trained, PARAM_KEYS, ctx, "params_trained must be a params dict",
                list_expected=False)
        for key in PARAM_KEYS:
            got, want = np.asarray(replay.params_trained[key]), np.asarray(params[key])
            if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=atol):
                fail(ctx, f"params_trained[{key!r}] is not what your train returns",
                     lines + hint_modified)
    except (TypeError, ValueError) as error:
        fail(ctx, f"the replayed training could not be compared ({error})", lines)

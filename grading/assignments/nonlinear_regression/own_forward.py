"""``backward`` over the student's own ``forward`` (error carried forward).

``backward`` consumes the cache of the student's own ``forward`` (a structure the student
designed), so with error carried forward it is judged against the student's own upstream
work:

1. The student's ``forward`` (called with correct ``dense_forward``/``tanh_forward``)
   gives the reference Y_hat: ``backward`` is judged as under the cascade (reference
   gradients, central differences of the reference ER).
2. Otherwise ``backward`` is judged as the gradient of the student's own forward: central
   differences of ER(Y, forward_student(X, params)) for every parameter entry, all
   2·P forward calls in one batch (``StudentNotebook.responses``), ER computed on the grader's side
   with the reference ``empirical_risk``. Parameters the student's forward ignores
   (Y_hat bit-identical at +h and -h for every entry, e.g. a dropped bias) are judged on
   their shape only: a chain rule over that forward gives them the gradient the cache
   implies, which no finite difference can confirm or refute.
3. Rule 2 applies only if the student's forward is a genuine function of every weight
   matrix: for each W_l the central-difference gradient has a norm of at least
   ``MIN_WEIGHT_SENSITIVITY`` times the reference gradient's, and every call returned a
   finite array of Y's shape. A constant (or nearly constant) forward, a forward that skips
   a layer or one that fails on perturbed parameters gets no carry-forward: its backward is
   judged by rule 1, so no backward becomes "correct" through a degenerate forward.
"""
from dataclasses import dataclass, field

import numpy as np

from ... import tolerances as tol
from .reference import PARAM_KEYS, backward, empirical_risk, forward

MIN_WEIGHT_SENSITIVITY = 0.01
WEIGHT_KEYS = tuple(key for key in PARAM_KEYS if key.startswith("W"))


@dataclass
class OwnForward:
    """backward's gradients with the central differences of the student's own forward."""
    grads: object
    numerical: dict
    ignored: tuple = ()
    note: str = field(default="")


def forward_agrees(Y_hat, X, params):
    """Whether the student's Y_hat is the reference forward's (values and shape)."""
    expected = forward(X, params)[0]
    if not isinstance(Y_hat, np.ndarray) or Y_hat.shape != expected.shape:
        return False
    try:
        return bool(np.allclose(Y_hat.astype(float), expected, rtol=tol.NLR_NETWORK_RTOL,
                                atol=tol.NLR_NETWORK_ATOL))
    except (TypeError, ValueError):
        return False


def _trials(params, h):
    """(key, index, sign, params with that entry moved by sign * h) for every entry."""
    for key in PARAM_KEYS:
        for index in np.ndindex(np.shape(params[key])):
            for sign in (1.0, -1.0):
                trial = {name: np.array(value, dtype=float) for name, value in params.items()}
                trial[key][index] += sign * h
                yield key, index, sign, trial


def _y_hat(response, shape):
    value = response.get("value") if response.get("status") == "ok" else None
    if not (isinstance(value, tuple) and len(value) == 2):
        return None
    y_hat = value[0]
    if not isinstance(y_hat, np.ndarray) or y_hat.shape != shape or \
            not np.issubdtype(y_hat.dtype, np.number) or not np.all(np.isfinite(y_hat)):
        return None
    return y_hat.astype(float)


def own_forward_gradients(student, X, Y, params, h=None):
    """(numerical gradients, ignored keys) of ER through the student's forward, or None
    when rule 3 of the module docstring refuses it."""
    h = tol.NLR_GRADCHECK_STEP if h is None else h
    trials = list(_trials(params, h))
    responses = student.responses(
        [student.call_request("forward", X, trial, keep=(1,)) for *_, trial in trials])
    numerical = {key: np.zeros(np.shape(params[key])) for key in PARAM_KEYS}
    moved = {key: np.zeros(np.shape(params[key]), dtype=bool) for key in PARAM_KEYS}
    outputs = {}
    for (key, index, sign, _), response in zip(trials, responses):
        y_hat = _y_hat(response, Y.shape)
        if y_hat is None:
            return None
        outputs[key, index, sign] = y_hat
        numerical[key][index] += sign * empirical_risk(Y, y_hat) / (2.0 * h)
    for key, index, sign in outputs:
        if sign > 0:
            moved[key][index] = not np.array_equal(outputs[key, index, 1.0],
                                                   outputs[key, index, -1.0])
    reference = backward(Y, forward(X, params)[1], params)
    for key in WEIGHT_KEYS:
        if np.linalg.norm(numerical[key]) < MIN_WEIGHT_SENSITIVITY * np.linalg.norm(reference[key]):
            return None
    ignored = tuple(key for key in PARAM_KEYS if not moved[key].any())
    return numerical, ignored


NOTE = ("your forward does not give the reference Y_hat (see its own cell), so backward was "
        "judged as the gradient of your own forward: central differences of ER through your "
        "forward (with correct dense_forward and tanh_forward){ignored}")


def judged_on_own_forward(student, X, Y, params, grads):
    """`OwnForward` for backward's result ``grads``, or ``grads`` itself (rule 1 / rule 3)."""
    found = own_forward_gradients(student, X, Y, params)
    if found is None:
        return grads
    numerical, ignored = found
    extra = (f"; {', '.join(ignored)} do not influence your forward, so only their shape is "
             "checked") if ignored else ""
    return OwnForward(grads, numerical, ignored, NOTE.format(ignored=extra))

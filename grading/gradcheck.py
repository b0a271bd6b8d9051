"""Numerical gradients by central differences, and the relative error with a floor.

In the manner of CS231n's ``gradient_check.py``: the analytic gradient of a scalar
function is trusted only when it agrees with the central difference

    df/dx_i ≈ (f(x + h e_i) - f(x - h e_i)) / (2 h)

entry by entry, measured by ``relative_error`` (|a - n| / max(|a| + |n|, floor)); the floor
keeps entries where both gradients are (nearly) zero from dividing by zero.

The default step h and floor are the measured ones of ``grading.tolerances``
(``NLR_GRADCHECK_STEP``, ``NLR_GRADCHECK_FLOOR``, with how they were chosen).
"""
import numpy as np

from .tolerances import NLR_GRADCHECK_FLOOR, NLR_GRADCHECK_STEP


def numerical_gradient(f, x, h=NLR_GRADCHECK_STEP):
    """Central-difference gradient of the scalar function ``f`` at ``x``.

    x: array of any shape (not modified; ``f`` is evaluated at perturbed copies).
    Returns a float64 array of x's shape.
    """
    point = np.array(x, dtype=float)
    gradient = np.zeros_like(point)
    for index in np.ndindex(point.shape):
        original = point[index]
        point[index] = original + h
        plus = float(f(point.copy()))
        point[index] = original - h
        minus = float(f(point.copy()))
        point[index] = original
        gradient[index] = (plus - minus) / (2.0 * h)
    return gradient


def numerical_gradients(f, params, h=NLR_GRADCHECK_STEP):
    """Central-difference gradients of ``f(params)`` for every array in the dict ``params``.

    Returns a dict with the keys and shapes of ``params``; ``params`` is not modified.
    """
    gradients = {}
    for key in params:
        def f_of_one(value, key=key):
            return f({**params, key: value})
        gradients[key] = numerical_gradient(f_of_one, params[key], h)
    return gradients


def relative_errors(analytic, numerical, floor=NLR_GRADCHECK_FLOOR):
    """Entry-wise |a - n| / max(|a| + |n|, floor), an array of the common shape."""
    analytic = np.asarray(analytic, dtype=float)
    numerical = np.asarray(numerical, dtype=float)
    return np.abs(analytic - numerical) / np.maximum(np.abs(analytic) + np.abs(numerical), floor)


def relative_error(analytic, numerical, floor=NLR_GRADCHECK_FLOOR):
    """The largest entry-wise relative error (0.0 for empty arrays)."""
    errors = relative_errors(analytic, numerical, floor)
    return float(errors.max()) if errors.size else 0.0

"""Comparators for student results, in the manner of ``numpy.testing``.

Every ``assert_*`` returns nothing and raises ``AssertionError`` with a message in a fixed
order: where (function, inputs, check, seed), what was compared and the tolerance, shapes,
how many entries mismatch, the first few mismatching indices with the student's values,
the largest absolute and relative difference, and — only when the pattern is certain — a
hint (sign flip, transpose, constant factor). Reference values are never printed: the
messages reach students through feedback.

Every message a student sees is laid out by `failure_message` (`fail` raises it); the
judges of both assignments and the runner build on it, and on `as_tuple` and `as_dict`
for results that must be a tuple or a dict.
"""
import numpy as np

from .boundary import Handle, Unsupported

MAX_SHOWN_MISMATCHES = 3
RELATIVE_FLOOR = 1e-12  # relative differences divide by max(|expected|, this floor)


def describe(value):
    """A short description of any returned value, for messages: 'ndarray (3, 2) float32'."""
    if isinstance(value, np.ndarray):
        return f"ndarray of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (Handle, Unsupported)):
        return repr(value)
    if isinstance(value, np.generic):
        return f"numpy scalar of dtype {value.dtype}"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of length {len(value)}"
    if isinstance(value, dict):
        return f"dict with keys {sorted(value)}"
    return type(value).__name__


def failure_message(ctx, what, lines=()):
    """The text of every failure a student sees, in one layout.

    ``ctx``: the `checks.Context` whose ``where()`` names the call, check and seed that
    reproduce the failure (None: no header line, for a part of a larger message);
    ``what``: one line saying what failed; ``lines``: detail lines, each indented by two
    spaces (empty ones are left out, so an absent hint can be passed as ``""``).
    """
    header = f"{ctx.where()}:\n{what}" if ctx is not None else what
    return "\n".join([header] + [f"  {line}" for line in lines if line])


def fail(ctx, what, lines=()):
    """Raise ``AssertionError(failure_message(ctx, what, lines))``."""
    raise AssertionError(failure_message(ctx, what, lines))


def as_tuple(actual, length, ctx, what):
    """``actual`` as a tuple of ``length`` items (a list is accepted too); fails otherwise."""
    if not isinstance(actual, (tuple, list)) or len(actual) != length:
        fail(ctx, f"{what}: expected a tuple of {length} items, got {describe(actual)}")
    return tuple(actual)


def as_dict(actual, keys, ctx, what, list_expected=True):
    """``actual`` if it is a dict holding every key of ``keys`` (others are ignored).

    The message for missing keys lists the keys returned, and the keys expected unless
    ``list_expected`` is false.
    """
    if not isinstance(actual, dict):
        fail(ctx, f"{what}: expected a dict with keys {list(keys)}, got {describe(actual)}")
    missing = [key for key in keys if key not in actual]
    if missing:
        lines = ([f"expected keys {list(keys)}", f"got keys      {sorted(actual)}"]
                 if list_expected else [f"got keys {sorted(actual)}"])
        fail(ctx, f"{what}: missing keys {missing}", lines)
    return actual


def assert_array(actual, ctx, what, shape=None, dtype=None):
    """Raise unless ``actual`` is an ndarray (optionally of ``shape`` and ``dtype``)."""
    if not isinstance(actual, np.ndarray):
        fail(ctx, f"{what}: expected a numpy array, got {describe(actual)}")
    if shape is not None and actual.shape != tuple(shape):
        fail(ctx, f"{what}: wrong shape", [f"expected shape {tuple(shape)}",
                                            f"got shape      {actual.shape}"])
    if dtype is not None and actual.dtype != np.dtype(dtype):
        fail(ctx, f"{what}: wrong dtype", [f"expected dtype {np.dtype(dtype)}",
                                            f"got dtype      {actual.dtype}"])


def _close(actual, desired, rtol, atol):
    return np.abs(actual - desired) <= atol + rtol * np.abs(desired)


def hint(actual, desired, rtol, atol):
    """A certain pattern behind a mismatch ('sign flipped', 'transposed', factor), or ''."""
    if not np.any(desired):
        return ""
    if np.all(_close(-actual, desired, rtol, atol)):
        return "hint: the result has the opposite sign"
    if actual.ndim == 2 and actual.T.shape == desired.shape and \
            np.all(_close(actual.T, desired, rtol, atol)):
        return "hint: the result is transposed"
    flat_desired, flat_actual = desired.ravel(), actual.ravel()
    pivot = np.argmax(np.abs(flat_desired))
    if flat_desired[pivot] != 0:
        factor = flat_actual[pivot] / flat_desired[pivot]
        if np.isfinite(factor) and factor != 0.0 and abs(factor - 1.0) > 1e-3 and \
                np.all(_close(actual, factor * desired, rtol, atol)):
            return f"hint: the result is off by a constant factor of {factor:.6g}"
    return ""


def assert_allclose(actual, desired, rtol, atol, ctx=None, what="result"):
    """Raise unless ``actual`` matches ``desired`` within ``atol + rtol * |desired|``.

    ``actual`` must be an ndarray of ``desired``'s shape (a float or numpy scalar is
    accepted where ``desired`` is 0-d). The message never shows expected values.
    """
    desired = np.asarray(desired, dtype=float)
    if desired.ndim == 0 and isinstance(actual, (int, float, np.generic)) \
            and not isinstance(actual, bool):
        actual = np.asarray(actual)
    assert_array(actual, ctx, what, shape=desired.shape)
    if not np.issubdtype(actual.dtype, np.number) or np.iscomplexobj(actual):
        fail(ctx, f"{what}: expected real numbers, got dtype {actual.dtype}")
    actual = actual.astype(float)
    finite = np.isfinite(actual)
    close = finite & _close(actual, desired, rtol, atol)
    if np.all(close):
        return
    bad = np.argwhere(~close)
    lines = [f"compared with rtol={rtol:g}, atol={atol:g}; shape {desired.shape}",
             f"mismatched elements: {len(bad)} / {desired.size} "
             f"({100.0 * len(bad) / max(desired.size, 1):.3g}%)"]
    for index in bad[:MAX_SHOWN_MISMATCHES]:
        index = tuple(int(i) for i in index)
        lines.append(f"at index {index}: got {actual[index]:.8g}")
    if not np.all(finite):
        lines.append(f"{int(np.sum(~finite))} entries are nan or inf")
    difference = np.abs(actual - desired)[finite]
    if difference.size:
        relative = difference / np.maximum(np.abs(desired[finite]), RELATIVE_FLOOR)
        lines.append(f"max absolute difference: {difference.max():.3g}")
        lines.append(f"max relative difference: {relative.max():.3g}")
    pattern = hint(actual, desired, rtol, atol) if np.all(finite) else ""
    if pattern:
        lines.append(pattern)
    fail(ctx, f"{what}: values differ from the reference", lines)


def assert_not_modified(before, after, ctx, what):
    """Raise if an argument changed during the call (functions must not modify inputs)."""
    if isinstance(before, dict):
        for key in before:
            assert_not_modified(before[key], after.get(key) if isinstance(after, dict) else None,
                                ctx, f"{what}[{key!r}]")
        return
    if isinstance(before, np.ndarray):
        if not (isinstance(after, np.ndarray) and after.shape == before.shape
                and np.array_equal(after, before, equal_nan=True)):
            fail(ctx, f"{what} was modified in place by the call",
                  ["functions must not change their arguments: work on a copy "
                   "(e.g. X = X.copy()) or build new arrays"])

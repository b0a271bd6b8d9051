"""Judges of ``matrix_fundamentals``: accept every valid answer, explain every wrong one.

Bases are not unique (signs, rotations inside a subspace, order of equal singular
values), so no judge compares singular vectors or basis vectors entry by entry:

- a basis is judged by the orthonormality of its columns and by its projector Q Q^T
  (equal projectors = equal subspaces; the message reports the largest principal angle);
- an SVD by the shapes, the orthogonality of U and V, S (zero off its diagonal,
  non-negative, non-increasing), the singular values and U S V^T = A;
- a pseudo-inverse by the four Penrose conditions, then against the reference.

Every judge checks shapes first, then values, and raises ``AssertionError`` with a
numpy.testing-style message (``ctx.where()`` names the function, inputs, check and seed);
messages show the student's values, never the reference's.
Each error is measured on the natural scale of its quantity (``scale_of``), the
tolerances live in ``grading.tolerances`` (``MF_*``).
"""
from dataclasses import dataclass

import numpy as np

from ... import tolerances as tol
from ...compare import (as_dict, as_tuple, assert_allclose, assert_array, assert_not_modified,
                        describe, fail)

SUBSPACE_KEYS = ("column", "row", "null", "left_null")
PROJECTOR_KEYS = ("P_CS", "P_RS", "P_NS", "P_LNS")
ACCEPTED_VALUE_ERRORS = ("ValueError", "LinAlgError")  # numpy's LinAlgError is a ValueError


@dataclass(frozen=True)
class Raised:
    """A call that raised (student's side) or is expected to raise (reference side)."""
    ename: str
    evalue: str = ""


# ------------------------------------------------------------------------------ helpers
def largest_singular_value(A):
    """||A||_2 (0.0 for the zero matrix or an empty array)."""
    A = np.asarray(A, dtype=float)
    return float(np.linalg.norm(A, 2)) if A.size else 0.0


def scale_of(value):
    """The scale errors are measured on: ||value||_2, or 1 where that is 0."""
    size = largest_singular_value(value)
    return size if size > 0 else 1.0


def assert_real_matrix(actual, ctx, what, shape):
    """An ndarray of ``shape`` holding real, finite numbers."""
    assert_array(actual, ctx, what, shape=shape)
    if actual.dtype == bool or not np.issubdtype(actual.dtype, np.number) \
            or np.iscomplexobj(actual):
        hint = "hint: eigenvectors from np.linalg.eig can be complex: keep their real part " \
               "(or use np.linalg.eigh for symmetric matrices)" if np.iscomplexobj(actual) else ""
        fail(ctx, f"{what}: expected real numbers, got dtype {actual.dtype}", [hint])
    if not np.all(np.isfinite(actual)):
        fail(ctx, f"{what}: {int(np.sum(~np.isfinite(actual)))} entries are nan or inf",
             ["hint: a division by a zero singular value? only sigma_i > tol may be "
              "divided by"])


def with_hint(assertion, hint):
    """Run ``assertion()``; if it raises, append ``hint`` (when not empty) to its message."""
    try:
        assertion()
    except AssertionError as error:
        if not hint:
            raise
        raise AssertionError(f"{error}\n  {hint}") from None


def assert_orthonormal_columns(Q, ctx, what, atol=None):
    """Q^T Q = I: the columns of Q are unit vectors and mutually orthogonal."""
    atol = tol.MF_ORTHONORMAL_ATOL if atol is None else atol
    if Q.shape[1] == 0:
        return
    gram = Q.T @ Q
    error = np.abs(gram - np.eye(Q.shape[1]))
    if error.max() <= atol:
        return
    norms = np.sqrt(np.abs(np.diag(gram)))
    lines = [f"max |Q^T Q - I| = {error.max():.3g} > atol {atol:g}"]
    bad_norm = np.flatnonzero(np.abs(norms - 1.0) > atol)
    if bad_norm.size:
        j = int(bad_norm[0])
        lines.append(f"column {j} has norm {norms[j]:.8g}, not 1 "
                     f"({bad_norm.size} columns are not unit vectors)")
    off = error - np.diag(np.diag(error))
    if off.max() > atol:
        i, j = (int(k) for k in np.unravel_index(np.argmax(off), off.shape))
        lines.append(f"columns {min(i, j)} and {max(i, j)} have inner product "
                     f"{gram[i, j]:.8g}, not 0")
    fail(ctx, f"{what}: the columns are not orthonormal", lines)


def principal_angle_degrees(P, P_expected):
    """The largest principal angle (degrees) between two subspaces of equal dimension.

    For orthogonal projectors of equal rank, ||P - P_expected||_2 = sin(largest angle).
    """
    if P.size == 0:
        return 0.0
    sine = min(1.0, largest_singular_value(P - P_expected))
    return float(np.degrees(np.arcsin(sine)))


def assert_same_subspace(Q, Q_expected, ctx, what, atol=None):
    """span(Q) = span(Q_expected), both with orthonormal columns of the same shape."""
    atol = tol.MF_PROJECTOR_ATOL if atol is None else atol
    P, P_expected = Q @ Q.T, Q_expected @ Q_expected.T
    error = np.abs(P - P_expected).max(initial=0.0)
    if error <= atol:
        return
    fail(ctx, f"{what}: the columns span the wrong subspace",
         [f"largest principal angle to the expected subspace: "
          f"{principal_angle_degrees(P, P_expected):.3g} degrees",
          f"max |Q Q^T - P_expected| = {error:.3g} > atol {atol:g}"])


# --------------------------------------------------------------------------------- rref
def as_pivots(pivots, ctx):
    """Pivot columns as a tuple of ints (a tuple, list or 1-D integer array is accepted)."""
    items = pivots.tolist() if isinstance(pivots, np.ndarray) and pivots.ndim == 1 else pivots
    if not isinstance(items, (tuple, list)) or not all(
            isinstance(p, (int, np.integer)) and not isinstance(p, (bool, np.bool_))
            for p in items):
        fail(ctx, f"pivots: expected a tuple of ints, got {describe(pivots)}",
             ["hint: collect the pivot column indices in a list and return tuple(pivots)"])
    return tuple(int(p) for p in items)


def is_echelon_not_reduced(R, pivots, atol):
    """R has its pivots but some entries above a pivot are not zero (no back-substitution)."""
    for row, col in enumerate(pivots):
        if row < R.shape[0] and np.any(np.abs(R[:row, col]) > atol):
            return True
    return False


def assert_rref(actual, expected, case, ctx):
    """(R, pivots) of rref: R's shape, the pivots, then R's entries against the reference."""
    R_expected, pivots_expected = expected
    R, pivots = as_tuple(actual, 2, ctx, "rref(A) result (R, pivots)")
    assert_real_matrix(R, ctx, "R", R_expected.shape)
    pivots = as_pivots(pivots, ctx)
    if pivots != pivots_expected:
        hint = ""
        if "tol" in case.kwargs:
            hint = "hint: entries with |x| <= tol count as zero: use the tol argument"
        elif len(pivots) > len(pivots_expected):
            hint = "hint: entries at round-off level count as zero (|x| <= tol)"
        fail(ctx, "pivots: wrong pivot columns", [f"got {pivots}", hint])
    A = np.asarray(case.args[0], dtype=float)
    exact = np.array_equal(A, np.round(A))  # integer entries: the rref is exact rationals
    atol = tol.MF_RREF_ATOL if exact else tol.MF_RREF_NOISY_ATOL
    hint = ""
    if is_echelon_not_reduced(R, pivots, atol):
        hint = ("hint: R is in row echelon form but not reduced: eliminate the entries "
                "above every pivot too (back-substitution)")
    elif any(abs(R[row, col] - 1.0) > atol for row, col in enumerate(pivots)):
        hint = "hint: every pivot of a reduced row echelon form is 1: divide the pivot row by it"
    with_hint(lambda: assert_allclose(R, R_expected, 0.0, atol, ctx, "R"), hint)


# ---------------------------------------------------------------------------------- SVD
def sign_mismatched_columns(U, S, V, A, atol):
    """Indices i with u_i = -A v_i / sigma_i (U not coupled to V), or [] if not that pattern.

    Only when every coupling u_i^T A v_i equals +-sigma_i (distinct singular values,
    eigenvectors of A A^T and A^T A taken separately) is the pattern certain.
    """
    sigma = np.diag(S)
    K = sigma.size
    coupling = np.array([U[:, i] @ A @ V[:, i] for i in range(K)])
    nonzero = sigma > atol
    if not np.any(nonzero) or np.any(np.abs(np.abs(coupling) - sigma)[nonzero] > atol):
        return []
    return [int(i) for i in np.flatnonzero(nonzero & (coupling < 0))]


def assert_svd(actual, expected, case, ctx):
    """(U, S, V) of svd_via_eig: see the module docstring for what is judged, in order."""
    A = np.asarray(case.args[0], dtype=float)
    M, N = A.shape
    U, S, V = as_tuple(actual, 3, ctx, "svd_via_eig(A) result (U, S, V)")
    assert_real_matrix(U, ctx, "U", (M, M))
    assert_real_matrix(S, ctx, "S", (M, N))
    assert_real_matrix(V, ctx, "V", (N, N))
    assert_orthonormal_columns(U, ctx, "U (must be orthogonal)")
    assert_orthonormal_columns(V, ctx, "V (must be orthogonal)")

    sigma_expected = np.diag(expected[1])
    scale = scale_of(A)
    atol = tol.MF_SVD_ATOL * scale
    off_diagonal = np.abs(S - _diagonal_matrix(np.diag(S), M, N))
    if off_diagonal.max() > atol:
        i, j = (int(k) for k in np.unravel_index(np.argmax(off_diagonal), S.shape))
        fail(ctx, "S: entries off the diagonal must be zero",
             [f"at index {(i, j)}: got {S[i, j]:.8g}", f"atol {atol:.3g} = {tol.MF_SVD_ATOL:g} * sigma_1"])
    sigma = np.diag(S)
    if np.any(sigma < -atol):
        i = int(np.argmin(sigma))
        fail(ctx, "S: singular values must be non-negative",
             [f"S[{i}, {i}] = {sigma[i]:.8g}",
              "hint: sigma_i = sqrt(lambda_i) >= 0; a sign belongs into u_i or v_i"])
    rising = np.flatnonzero(np.diff(sigma) > atol)
    if rising.size:
        i = int(rising[0])
        fail(ctx, "S: the singular values must be non-increasing (sigma_1 >= sigma_2 >= ...)",
             [f"S[{i}, {i}] = {sigma[i]:.8g} < S[{i + 1}, {i + 1}] = {sigma[i + 1]:.8g}",
              "hint: sort the eigenvalues in descending order and reorder the "
              "eigenvectors (columns of V) with them"])
    assert_allclose(sigma, sigma_expected, 0.0, atol, ctx, "singular values (diagonal of S)")

    reconstruction = U @ S @ V.T
    error = np.abs(reconstruction - A).max(initial=0.0)
    if error <= atol:
        return
    lines = [f"max |U S V^T - A| = {error:.3g} > atol {atol:.3g} = {tol.MF_SVD_ATOL:g} * sigma_1"]
    flipped = sign_mismatched_columns(U, S, V, A, atol)
    if np.abs(U @ S @ V - A).max(initial=0.0) <= atol:
        lines.append("hint: U @ S @ V reproduces A: return V (its columns are the right "
                     "singular vectors v_i), not V.T")
    elif flipped:
        lines.append(f"hint: columns {flipped} of U have the opposite sign of A v_i / sigma_i: "
                     "couple U to V with u_i = A v_i / sigma_i instead of solving a separate "
                     "eigenvalue problem for U")
    fail(ctx, "U @ S @ V.T does not reproduce A", lines)


def _diagonal_matrix(diagonal, M, N):
    D = np.zeros((M, N))
    D[:diagonal.size, :diagonal.size] = np.diag(diagonal)
    return D


# --------------------------------------------------------------------------------- rank
def assert_rank(actual, expected, case, ctx):
    """An int equal to the reference rank."""
    if isinstance(actual, (bool, np.bool_)) or not isinstance(actual, (int, np.integer)):
        fail(ctx, f"rank: expected an int, got {describe(actual)}",
             ["hint: return int(number of singular values above tol)"])
    if int(actual) == expected:
        return
    if "tol" in case.kwargs:
        hint = "hint: count the singular values above the given tol argument"
    elif int(actual) > expected:
        hint = ("hint: singular values at round-off level (about 1e-8 * sigma_1 from the "
                "eigenvalue problem) count as zero: the default tol is 1e-6 * sigma_1")
    else:
        hint = "hint: the default tol is 1e-6 * sigma_1, sigma_1 the largest singular value"
    fail(ctx, "rank: wrong value", [f"got {int(actual)}", hint])


# ------------------------------------------------------------------ subspaces, projectors
def assert_four_subspaces(actual, expected, case, ctx):
    """Dict of orthonormal bases: shapes, orthonormality, then the spanned subspaces."""
    bases = as_dict(actual, SUBSPACE_KEYS, ctx, "four_subspaces(A) result")
    dimension = {"column": "r", "row": "r", "null": "N - r", "left_null": "M - r"}
    for key in SUBSPACE_KEYS:
        shape = expected[key].shape
        with_hint(lambda: assert_real_matrix(bases[key], ctx, f"['{key}']", shape),
                  f"hint: one orthonormal basis vector per column, {dimension[key]} columns "
                  "with r = rank(A)")
    for key in SUBSPACE_KEYS:
        assert_orthonormal_columns(bases[key], ctx, f"['{key}']")
    for key in SUBSPACE_KEYS:
        assert_same_subspace(bases[key], expected[key], ctx, f"['{key}']")


def assert_projectors(actual, expected, case, ctx):
    """Dict of projectors: shapes first, then each against the reference (unique answer)."""
    found = as_dict(actual, PROJECTOR_KEYS, ctx, "projectors(A) result")
    for key in PROJECTOR_KEYS:
        assert_real_matrix(found[key], ctx, f"['{key}']", expected[key].shape)
    for key in PROJECTOR_KEYS:
        P = found[key]
        hint = ""
        if np.abs(P @ P - P).max(initial=0.0) > tol.MF_PROJECTOR_ATOL:
            hint = ("hint: P @ P != P, so P is no projector: build P = Q Q^T from an "
                    "orthonormal basis Q (a non-orthonormal basis B needs B (B^T B)^-1 B^T)")
        with_hint(lambda: assert_allclose(P, expected[key], 0.0, tol.MF_PROJECTOR_ATOL,
                                          ctx, f"['{key}']"), hint)


# ----------------------------------------------------------------------- pseudo-inverse
def assert_penrose(A, X, ctx, what):
    """The four Penrose conditions that define X = A^+ uniquely."""
    scale_A, scale_X = scale_of(A), scale_of(X)
    conditions = (
        ("1", "A X A = A", A @ X @ A - A, scale_A),
        ("2", "X A X = X", X @ A @ X - X, scale_X),
        ("3", "(A X)^T = A X", (A @ X).T - A @ X, 1.0),
        ("4", "(X A)^T = X A", (X @ A).T - X @ A, 1.0),
    )
    for number, equation, residual, scale in conditions:
        error = np.abs(residual).max(initial=0.0) / scale
        if error > tol.MF_PINV_ATOL:
            fail(ctx, f"{what}: Penrose condition {number} ({equation}) fails",
                 [f"max |residual| / scale = {error:.3g} > {tol.MF_PINV_ATOL:g}"])


def assert_pinv(actual, expected, case, ctx):
    """The pseudo-inverse: shape, Penrose conditions, then against the reference."""
    A = np.asarray(case.args[0], dtype=float)
    M, N = A.shape
    assert_real_matrix(actual, ctx, "A^+", (N, M))
    scale = scale_of(expected)  # ||A^+||_2 = 1 / sigma_r
    hint = ""
    if largest_singular_value(actual) > 100 * scale:
        hint = ("hint: invert only the non-zero singular values (sigma_i > 1e-6 sigma_1); "
                "the others stay 0 in S^+")
    with_hint(lambda: assert_penrose(A, actual, ctx, "A^+"), hint)
    assert_allclose(actual, expected, 0.0, tol.MF_PINV_ATOL * scale, ctx, "A^+")


# --------------------------------------------------------------------- left/right inverse
def inverse_judge(side):
    """The judge of ``left_inverse`` (side='left') or ``right_inverse`` (side='right')."""
    needed = "full column rank" if side == "left" else "full row rank"

    def assert_inverse(actual, expected, case, ctx):
        A = np.asarray(case.args[0], dtype=float)
        M, N = A.shape
        if isinstance(expected, Raised):
            if isinstance(actual, Raised) and actual.ename in ACCEPTED_VALUE_ERRORS:
                return
            got = (f"it raised {actual.ename}: {actual.evalue}" if isinstance(actual, Raised)
                   else f"it returned {describe(actual)}")
            fail(ctx, f"expected ValueError: A of shape {(M, N)} has no {needed}",
                 [got, f"hint: check the rank first and raise ValueError when it is less "
                       f"than {'N' if side == 'left' else 'M'}"])
        if isinstance(actual, Raised):
            fail(ctx, f"raised {actual.ename}, but A of shape {(M, N)} has {needed}",
                 [f"{actual.ename}: {actual.evalue}"])
        assert_real_matrix(actual, ctx, f"{side} inverse", (N, M))
        product, identity = (actual @ A, np.eye(N)) if side == "left" else (A @ actual, np.eye(M))
        equation = "L @ A = I" if side == "left" else "A @ R = I"
        error = np.abs(product - identity).max()
        if error > tol.MF_INVERSE_ATOL:
            fail(ctx, f"{side} inverse: {equation} fails",
                 [f"max |{equation[:5]} - I| = {error:.3g} > {tol.MF_INVERSE_ATOL:g}"])
        assert_allclose(actual, expected, 0.0, tol.MF_INVERSE_ATOL * scale_of(expected), ctx,
                        f"{side} inverse")

    assert_inverse.__name__ = f"assert_{side}_inverse"
    return assert_inverse


# -------------------------------------------------------------------------- least squares
def assert_least_squares(actual, expected, case, ctx):
    """theta_hat = X^+ y: shape, then against the reference (the unique min-norm solution)."""
    X, y = (np.asarray(arg, dtype=float) for arg in case.args)
    hint = ""
    if isinstance(actual, np.ndarray) and actual.shape != expected.shape \
            and actual.size == expected.size:
        hint = (f"hint: y of shape {y.shape} gives theta_hat of shape {expected.shape} "
                "(X^+ @ y keeps the shape of y's columns)")
    with_hint(lambda: assert_real_matrix(actual, ctx, "theta_hat", expected.shape), hint)
    scale = scale_of(np.linalg.pinv(X)) * max(float(np.linalg.norm(y)), 1e-300)
    hint = ""
    residual = X.T @ (X @ actual - y)
    if np.abs(residual).max(initial=0.0) <= tol.MF_LEAST_SQUARES_ATOL * scale_of(X) ** 2 * scale \
            and np.linalg.norm(actual) > np.linalg.norm(expected) * (1 + 1e-6):
        hint = ("hint: theta_hat solves the normal equations but is not the minimum-norm "
                "solution: use theta_hat = X^+ y")
    with_hint(lambda: assert_allclose(actual, expected, 0.0, tol.MF_LEAST_SQUARES_ATOL * scale,
                                      ctx, "theta_hat"), hint)


# ------------------------------------------------------------------- unmodified arguments
def unmodified(judge, names):
    """Wrap ``judge`` to first check that the call left its arguments (``names``) unchanged.

    The wrapped judge receives an `Observation` (or a `Raised`) from the call.
    """
    def judged(observation, expected, case, ctx):
        if isinstance(observation, Raised):
            return judge(observation, expected, case, ctx)
        for name, before, after in zip(names, case.args, observation.args_after):
            assert_not_modified(before, after, ctx, f"argument {name}")
        return judge(observation.value, expected, case, ctx)

    judged.__name__ = judge.__name__
    judged.__doc__ = judge.__doc__
    return judged

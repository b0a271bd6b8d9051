"""Hidden inputs of ``matrix_fundamentals``, drawn per student from a seeded Generator.

Every matrix keeps the contract's clear gap between zero and non-zero singular values
and is well conditioned by construction:

- ``with_singular_values``: U diag(s) V^T from random orthogonal factors with chosen s;
  the non-zero s lie in [NONZERO_FLOOR * sigma_1, sigma_1] (NONZERO_FLOOR = 0.02, far
  above the contract's 1e-3), the others are exactly zero before rounding;
- ``integer_with_rref``: B @ C from small integer factors, C already in reduced row echelon
  form, so the exact answer of ``rref`` is known: [C; 0] and its pivot columns.

Sizes stay within MAX_SIZE x MAX_SIZE so that grading stays fast. A draw function has
the signature ``draw(rng, index) -> Case``; ``index`` picks the shape kind of the case, so
every student gets every kind.
"""
import numpy as np

from ...checks import Case

MAX_SIZE = 8
NONZERO_FLOOR = 0.02  # smallest non-zero singular value / sigma_1 of a hidden matrix

A1 = np.array([[4, 0, 4], [2, 0, 2], [4, 2, 6], [4, 4, 8]])  # 4x3, rank 2
A2 = np.array([[9, 12, 3, 15], [0, 2, 0, 6], [9, 11, 3, 12]])  # 3x4, rank 2
A3 = np.array([[3, 0, 0], [0, 0, 2], [0, 1, 0]])  # 3x3, rank 3
COURSE_MATRICES = (("A1", A1), ("A2", A2), ("A3", A3))

SHAPE_KINDS = ("tall", "wide", "square")


def course_matrix(rng, index):
    """Case ``index`` of the course's task matrices: A1, A2, A3 (integer arrays)."""
    name, A = COURSE_MATRICES[index]
    return Case((A.copy(),), label=name)


def shape(rng, kind, smallest=2, largest=6):
    """(M, N) of the given kind: 'tall' (M > N), 'wide' (M < N) or 'square'."""
    if kind == "square":
        n = int(rng.integers(smallest, largest + 1))
        return n, n
    big = int(rng.integers(smallest + 1, largest + 1))
    small = int(rng.integers(smallest, big))
    return (big, small) if kind == "tall" else (small, big)


def orthogonal(rng, n):
    """A random orthogonal (n, n) matrix (QR of a Gaussian matrix, signs fixed)."""
    Q, R = np.linalg.qr(rng.standard_normal((n, n)))
    return Q * np.where(np.diag(R) < 0, -1.0, 1.0)


def with_singular_values(rng, M, N, sigma):
    """A = U diag(sigma) V^T, (M, N), with random orthogonal U, V; len(sigma) <= min(M, N)."""
    sigma = np.asarray(sigma, dtype=float)
    k = len(sigma)
    U, V = orthogonal(rng, M)[:, :k], orthogonal(rng, N)[:, :k]
    return (U * sigma) @ V.T


def nonzero_singular_values(rng, count, repeated=False):
    """``count`` singular values in [NONZERO_FLOOR, 1] * scale, descending.

    ``repeated``: the values come in groups of equal ones (e.g. 3, 3, 3, 1, 1).
    """
    scale = 10.0 ** rng.uniform(-1.0, 1.3)  # sigma_1 between 0.1 and 20
    if repeated:
        groups = max(1, (count + 1) // 2)
        values = np.sort(rng.uniform(NONZERO_FLOOR, 1.0, size=groups))[::-1]
        values[0] = 1.0
        sizes = np.full(groups, count // groups)
        sizes[: count % groups] += 1
        sizes[0] = max(sizes[0], 2)  # at least one value repeats
        return scale * np.repeat(values, sizes)[:count]
    values = np.sort(rng.uniform(NONZERO_FLOOR, 1.0, size=count))[::-1]
    values[0] = 1.0
    values[-1] = min(values[-1], 10 * NONZERO_FLOOR) if count > 2 else values[-1]
    return scale * values


def random_matrix(rng, kind, rank="full", repeated=False):
    """(A, label): a well conditioned matrix of the given kind ('tall', 'wide', 'square').

    rank: 'full' (r = min(M, N)), 'one' (r = 1) or 'deficient' (1 <= r < min(M, N);
    2 <= r with ``repeated``). ``repeated``: some non-zero singular values are equal.
    """
    smallest = 2 if rank == "full" and not repeated else 3
    M, N = shape(rng, kind, smallest=smallest)
    K = min(M, N)
    if rank == "full":
        r = K
    elif rank == "one":
        r = 1
    else:
        r = int(rng.integers(2 if repeated else 1, K))
    sigma = nonzero_singular_values(rng, r, repeated=repeated)
    what = "full rank" if r == K else ("rank 1" if r == 1 else "rank-deficient")
    if repeated:
        what += ", repeated singular values"
    return with_singular_values(rng, M, N, sigma), f"A of shape {(M, N)}, {what}"


def matrices(kinds, ranks=("full",), repeated=False):
    """A draw function: case i is a ``random_matrix`` of kind ``kinds[i]``, rank ``ranks[i]``.

    ``ranks`` repeats cyclically. The function's ``cases`` attribute is ``len(kinds)``.
    """
    def draw(rng, index):
        A, label = random_matrix(rng, kinds[index], rank=ranks[index % len(ranks)],
                                 repeated=repeated)
        return Case((A,), label=label)
    draw.cases = len(kinds)
    return draw


def zero_matrix(rng, index):
    """The zero matrix of a random shape (rank 0)."""
    M, N = shape(rng, SHAPE_KINDS[int(rng.integers(3))])
    return Case((np.zeros((M, N)),), label=f"the zero matrix of shape {(M, N)}")


def rank_with_tolerance(rng, index):
    """A matrix whose rank depends on an explicit tol: sigma = (1, 0.2, 0.05, 0.01) * scale.

    tol = 0.1 * scale: the rank with this tol is 2, with the default tol it is 4.
    """
    M, N = shape(rng, SHAPE_KINDS[index % 3], smallest=4)
    scale = 10.0 ** rng.uniform(-1.0, 1.3)
    A = with_singular_values(rng, M, N, scale * np.array([1.0, 0.2, 0.05, 0.01]))
    return Case((A,), {"tol": 0.1 * scale}, label=f"A of shape {(M, N)} with tol={0.1 * scale:.3g}")


# ------------------------------------------------------------------ integer matrices, rref
def echelon_factor(rng, r, N, denominator):
    """C, (r, N): a random matrix in reduced row echelon form with r pivots.

    Entries right of a pivot are multiples of 1 / denominator in [-3, 3]; the first
    columns may be zero (the first pivot need not be column 0).
    """
    pivots = np.sort(rng.choice(N, size=r, replace=False))
    C = np.zeros((r, N))
    for row, col in enumerate(pivots):
        C[row, col] = 1.0
        free = [j for j in range(col + 1, N) if j not in pivots]
        C[row, free] = rng.integers(-3 * denominator, 3 * denominator + 1, size=len(free)) \
            / denominator
    return C, tuple(int(p) for p in pivots)


def integer_full_column_rank(rng, M, r):
    """B, (M, r): small integers with full column rank r."""
    while True:
        B = rng.integers(-3, 4, size=(M, r))
        if np.linalg.matrix_rank(B) == r:
            return B


def integer_with_rref(rng, M, N, r):
    """(A, R, pivots): integer A = B @ (d C) of rank r with the exact rref R = [C; 0].

    Draws again until the smallest non-zero singular value is >= 1e-2 sigma_1 (the gap).
    """
    while True:
        denominator = int(rng.choice([1, 2, 3]))
        C, pivots = echelon_factor(rng, r, N, denominator)
        B = integer_full_column_rank(rng, M, r)
        A = B @ np.rint(denominator * C).astype(np.int64)
        sigma = np.linalg.svd(A.astype(float), compute_uv=False)
        if sigma[r - 1] >= 1e-2 * sigma[0]:
            break
    R = np.zeros((M, N))
    R[:r] = C
    return A.astype(np.int64), R, pivots


def integer_matrices(kinds, ranks=("full",)):
    """A draw function for ``rref``: case i is an integer matrix of kind ``kinds[i]``.

    ``ranks[i]``: 'full', 'one' or 'deficient' (as in ``random_matrix``).
    """
    def draw(rng, index):
        rank = ranks[index % len(ranks)]
        M, N = shape(rng, kinds[index], smallest=3 if rank != "full" else 2)
        K = min(M, N)
        r = {"full": K, "one": 1}.get(rank) or int(rng.integers(1, K))
        A, _, _ = integer_with_rref(rng, M, N, r)
        what = "full rank" if r == K else "rank-deficient"
        return Case((A,), label=f"integer A of shape {(M, N)}, {what}")
    draw.cases = len(kinds)
    return draw


def noisy_integer_with_tol(rng, index):
    """An integer rank-deficient matrix plus noise of 1e-8 * max|A|, with tol = 1e-4 * max|A|.

    The default tol (1e-10 * max|A|) would count the noise as pivots; the given tol
    does not. Correct eliminations differ by about the noise times the growth.
    """
    M, N = shape(rng, SHAPE_KINDS[index % 3], smallest=3)
    r = int(rng.integers(1, min(M, N)))
    A, _, _ = integer_with_rref(rng, M, N, r)
    size = float(np.max(np.abs(A)))
    noisy = A + 1e-8 * size * rng.uniform(-1.0, 1.0, size=A.shape)
    tol = 1e-4 * size
    return Case((noisy,), {"tol": tol},
                label=f"A of shape {(M, N)}, integers plus noise of 1e-8 * max|A|, tol={tol:.3g}")


# ------------------------------------------------------------------------ least squares
def linear_model(kinds, ranks=("full",), columns=(None,)):
    """A draw function for ``least_squares``: (X, y) with y of shape (M,) or (M, k).

    ``columns[i]``: None for y of shape (M,), k for y of shape (M, k). y is not in the
    column space of X (noise is added), so only the least-squares solution fits.
    """
    def draw(rng, index):
        X, label = random_matrix(rng, kinds[index], rank=ranks[index % len(ranks)])
        M, N = X.shape
        k = columns[index % len(columns)]
        theta = rng.standard_normal(N if k is None else (N, k))
        y = X @ theta + 0.1 * rng.standard_normal(M if k is None else (M, k))
        return Case((X, y), label=f"X: {label[2:]}, y of shape {y.shape}")
    draw.cases = len(kinds)
    return draw


def course_linear_model(rng, index):
    """X = A1, A2, A3 with y = X @ (1, 2, ...) + (1, -1, 1, ...): forward problem plus an offset."""
    name, X = COURSE_MATRICES[index]
    M, N = X.shape
    y = X @ np.arange(1.0, N + 1) + np.resize([1.0, -1.0], M)
    return Case((X.copy(), y), label=f"X={name}, y of shape {y.shape}")


def zero_linear_model(rng, index):
    """X = 0 (rank 0): theta_hat = 0."""
    M, N = shape(rng, SHAPE_KINDS[int(rng.integers(3))])
    y = rng.standard_normal(M)
    return Case((np.zeros((M, N)), y), label=f"X the zero matrix of shape {(M, N)}, y of shape {(M,)}")

"""Reference solutions of Homework 1, ``matrix_fundamentals`` (see docs/contract.md).

Each function below is, word for word, the solution of one solution cell of the source
notebook (``source/matrix_fundamentals/matrix_fundamentals.ipynb``; a test keeps the two
identical). The hidden checks compute their expectations with the same functions. Plain
numpy only, as the contract demands of the students: no ready-made SVD, pseudo-inverse,
least-squares solver or rank.

One rank rule everywhere: a singular value sigma_i counts as non-zero iff
sigma_i > tol, default tol = 1e-6 * sigma_1.
"""
import numpy as np


def rref(A, tol=None):
    """Reduced row echelon form of A, by Gauss-Jordan elimination with partial pivoting.

    A: (M, N) array; it is not modified. Entries with |x| <= tol count as zero,
    default tol = 1e-10 * max(1, max|A|).
    Returns (R, pivots): R, the (M, N) float array in reduced row echelon form;
    pivots, a tuple of the pivot column indices (ints, ascending).
    """
    R = np.array(A, dtype=float)  # a float copy: A stays as it is, integers do not truncate
    M, N = R.shape
    if tol is None:
        tol = 1e-10 * max(1.0, np.max(np.abs(R), initial=0.0))
    pivots = []
    row = 0
    for col in range(N):
        if row == M:
            break
        best = row + int(np.argmax(np.abs(R[row:, col])))  # partial pivoting
        if abs(R[best, col]) <= tol:
            R[row:, col] = 0.0  # no pivot in this column: what is left counts as zero
            continue
        R[[row, best]] = R[[best, row]]  # swap the pivot row up
        R[row] = R[row] / R[row, col]  # scale the pivot to 1
        for other in range(M):  # eliminate above (back-substitution) and below
            if other != row:
                R[other] = R[other] - R[other, col] * R[row]
        pivots.append(col)
        row += 1
    R[np.abs(R) <= tol] = 0.0
    return R, tuple(pivots)


def svd_via_eig(A):
    """Singular value decomposition A = U S V^T from the eigenvalue problem of A^T A.

    A^T A = V (S^T S) V^T: the eigenvectors of A^T A are the right singular vectors v_i,
    its eigenvalues the squared singular values sigma_i^2. Every u_i with sigma_i > 0 is
    coupled to v_i by u_i = A v_i / sigma_i; the other columns of U complete an
    orthonormal basis of R^M.

    A: (M, N) array.
    Returns (U, S, V): U (M, M) and V (N, N) orthogonal, S (M, N) with
    sigma_1 >= sigma_2 >= ... >= 0 on its diagonal and zeros elsewhere, A = U @ S @ V.T.
    """
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    K = min(M, N)
    eigenvalues, V = np.linalg.eigh(A.T @ A)  # ascending, V (N, N) orthonormal
    order = np.argsort(eigenvalues)[::-1]  # descending
    eigenvalues, V = eigenvalues[order], V[:, order]
    sigma = np.sqrt(np.clip(eigenvalues[:K], 0.0, None))  # (K,)
    # round-off leaves about sqrt(eps) * sigma_1 where sigma_i = 0: the rank rule decides
    sigma[sigma <= 1e-6 * np.max(sigma, initial=0.0)] = 0.0
    r = int(np.sum(sigma > 0))
    U_r = A @ V[:, :r] / sigma[:r]  # (M, r): u_i = A v_i / sigma_i
    # complete U: QR of [U_r, I] keeps span(U_r) in its first r columns
    Q, _ = np.linalg.qr(np.hstack([U_r, np.eye(M)]), mode="complete")  # (M, M)
    U = np.hstack([U_r, Q[:, r:M]])
    S = np.zeros((M, N))
    S[:K, :K] = np.diag(sigma)
    return U, S, V


def rank(A, tol=None):
    """The rank of A: the number of singular values above tol.

    A: (M, N) array. tol: default 1e-6 * sigma_1 (the zero matrix has rank 0).
    Returns an int.
    """
    _, S, _ = svd_via_eig(A)
    sigma = np.diag(S)  # (min(M, N),)
    if tol is None:
        tol = 1e-6 * np.max(sigma, initial=0.0)
    return int(np.sum(sigma > tol))


def four_subspaces(A):
    """Orthonormal bases (as columns) of the four fundamental subspaces of A, from its SVD.

    A: (M, N) array of rank r.
    Returns a dict:
        'column':    column space C(A),      (M, r),     u_1 ... u_r
        'row':       row space C(A^T),       (N, r),     v_1 ... v_r
        'null':      null space N(A),        (N, N - r), v_{r+1} ... v_N
        'left_null': left null space N(A^T), (M, M - r), u_{r+1} ... u_M
    """
    U, _, V = svd_via_eig(A)
    r = rank(A)
    return {"column": U[:, :r], "row": V[:, :r], "null": V[:, r:], "left_null": U[:, r:]}


def projectors(A):
    """Orthogonal projectors onto the four fundamental subspaces of A.

    With an orthonormal basis Q of a subspace, P = Q Q^T.
    A: (M, N) array.
    Returns a dict: 'P_CS' (M, M), 'P_RS' (N, N), 'P_NS' (N, N), 'P_LNS' (M, M).
    """
    bases = four_subspaces(A)
    return {"P_CS": bases["column"] @ bases["column"].T,
            "P_RS": bases["row"] @ bases["row"].T,
            "P_NS": bases["null"] @ bases["null"].T,
            "P_LNS": bases["left_null"] @ bases["left_null"].T}


def pinv_via_svd(A):
    """The Moore-Penrose pseudo-inverse A^+ = V S^+ U^T from the SVD of A.

    S^+ (N, M) holds 1 / sigma_i for every non-zero singular value (rank rule) and zeros
    elsewhere.
    A: (M, N) array. Returns A^+, (N, M).
    """
    U, S, V = svd_via_eig(A)
    M, N = S.shape
    sigma = np.diag(S)
    tol = 1e-6 * np.max(sigma, initial=0.0)
    S_plus = np.zeros((N, M))
    for i, s in enumerate(sigma):
        if s > tol:
            S_plus[i, i] = 1.0 / s
    return V @ S_plus @ U.T


def left_inverse(A):
    """The left inverse (A^T A)^{-1} A^T of a matrix with full column rank.

    A: (M, N) array with rank N (so M >= N). Returns L, (N, M), with L @ A = I_N.
    Raises ValueError if A has no full column rank.
    """
    M, N = A.shape
    if rank(A) < N:
        raise ValueError(f"A ({M}x{N}) has no full column rank: it has no left inverse")
    return np.linalg.inv(A.T @ A) @ A.T


def right_inverse(A):
    """The right inverse A^T (A A^T)^{-1} of a matrix with full row rank.

    A: (M, N) array with rank M (so N >= M). Returns R, (N, M), with A @ R = I_M.
    Raises ValueError if A has no full row rank.
    """
    M, N = A.shape
    if rank(A) < M:
        raise ValueError(f"A ({M}x{N}) has no full row rank: it has no right inverse")
    return A.T @ np.linalg.inv(A @ A.T)


def least_squares(X, y):
    """The inverse problem of the linear model y = X theta: theta_hat = X^+ y.

    theta_hat is the minimum-norm least-squares solution: it minimises ||X theta - y||
    and, among all minimisers, ||theta||.
    X: (M, N) array; y: (M,) or (M, k). Returns theta_hat: (N,) or (N, k).
    """
    return pinv_via_svd(X) @ y

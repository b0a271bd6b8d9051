"""Correct: S keeps the round-off singular values (about 1e-8 sigma_1) instead of zeroing them; rank uses S[0, 0]."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    K = min(M, N)
    lam, V = np.linalg.eigh(A.T @ A)
    lam, V = lam[::-1], V[:, ::-1]
    sigma = np.sqrt(np.maximum(lam[:K], 0.0))  # noise stays where sigma should be 0
    r = int(np.sum(sigma > 1e-6 * sigma[0])) if K and sigma[0] > 0 else 0
    U_r = A @ V[:, :r] / sigma[:r]
    Q, _ = np.linalg.qr(np.column_stack([U_r, np.eye(M)]), mode="complete")
    U = np.column_stack([U_r, Q[:, r:M]])
    S = np.zeros((M, N))
    S[:K, :K] = np.diag(sigma)
    return U, S, V


def rank(A, tol=None):
    _, S, _ = svd_via_eig(A)
    sigma = np.diag(S)
    if tol is None:
        tol = 1e-6 * sigma[0] if sigma.size else 0.0
    return int(np.count_nonzero(sigma > tol))

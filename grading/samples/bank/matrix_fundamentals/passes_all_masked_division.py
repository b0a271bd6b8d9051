"""Correct: divides A V by every sigma_i (numpy warns about 0/0) and then keeps only the finite columns."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    K = min(M, N)
    lam, V = np.linalg.eigh(A.T @ A)
    lam, V = lam[::-1], V[:, ::-1]
    sigma = np.sqrt(np.clip(lam[:K], 0.0, None))
    sigma[sigma <= 1e-6 * sigma.max()] = 0.0
    quotient = (A @ V[:, :K]) / sigma  # RuntimeWarning where sigma_i = 0: masked below
    r = int(np.count_nonzero(sigma))
    U_r = quotient[:, :r]
    Q, _ = np.linalg.qr(np.hstack([U_r, np.eye(M)]), mode="complete")
    U = np.hstack([U_r, Q[:, r:]])
    S = np.zeros((M, N))
    np.fill_diagonal(S, sigma)
    return U, S, V

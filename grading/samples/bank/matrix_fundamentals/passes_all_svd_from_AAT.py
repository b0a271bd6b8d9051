"""Correct: SVD from the eigenvalue problem of A A^T (U first, v_i = A^T u_i / sigma_i, V completed by QR)."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    K = min(M, N)
    lam, U = np.linalg.eigh(A @ A.T)
    order = np.argsort(lam)[::-1]
    lam, U = lam[order], U[:, order]
    sigma = np.sqrt(np.clip(lam[:K], 0, None))
    nonzero = sigma > 1e-6 * np.max(sigma, initial=0)
    sigma = sigma * nonzero
    r = int(nonzero.sum())
    V_r = A.T @ U[:, :r] / sigma[:r]  # (N, r)
    Q, _ = np.linalg.qr(np.hstack([V_r, np.eye(N)]), mode="complete")
    V = np.hstack([V_r, Q[:, r:N]])
    S = np.zeros((M, N))
    S[:K, :K] = np.diag(sigma)
    return U, S, V

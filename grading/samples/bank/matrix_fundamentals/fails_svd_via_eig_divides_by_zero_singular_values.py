"""Wrong: svd_via_eig computes u_i = A v_i / sigma_i also for sigma_i = 0 (nan columns) instead of completing U."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig", "test_four_subspaces", "test_projectors",
                          "test_pinv_via_svd", "test_least_squares")
OWN_BROKEN_CELLS = ("test_svd_via_eig",)


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    K = min(M, N)
    eigenvalues, V = np.linalg.eigh(A.T @ A)
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, V = eigenvalues[order], V[:, order]
    sigma = np.sqrt(np.clip(eigenvalues[:K], 0.0, None))
    sigma[sigma <= 1e-6 * np.max(sigma, initial=0.0)] = 0.0
    U_K = A @ V[:, :K] / sigma  # 0 / 0 where sigma_i = 0
    Q, _ = np.linalg.qr(np.hstack([np.nan_to_num(U_K), np.eye(M)]), mode="complete")
    U = np.hstack([U_K, Q[:, K:M]])
    S = np.zeros((M, N))
    S[:K, :K] = np.diag(sigma)
    return U, S, V

"""Wrong: svd_via_eig returns the economy-size SVD: U (M, K) and S (K, K) with K = min(M, N)."""
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
    r = int(np.sum(sigma > 0))
    U_r = A @ V[:, :r] / sigma[:r]
    Q, _ = np.linalg.qr(np.hstack([U_r, np.eye(M)]), mode="complete")
    U = np.hstack([U_r, Q[:, r:K]])  # only K columns
    return U, np.diag(sigma), V

"""Wrong: U and V from two separate eigenvalue problems (A A^T and A^T A): their signs are not coupled."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig", "test_pinv_via_svd", "test_least_squares")
OWN_BROKEN_CELLS = ("test_svd_via_eig",)


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    K = min(M, N)
    lam_V, V = np.linalg.eigh(A.T @ A)
    V = V[:, ::-1]
    lam_U, U = np.linalg.eigh(A @ A.T)
    U = U[:, ::-1]
    sigma = np.sqrt(np.clip(lam_V[::-1][:K], 0.0, None))
    sigma[sigma <= 1e-6 * np.max(sigma, initial=0.0)] = 0.0
    S = np.zeros((M, N))
    S[:K, :K] = np.diag(sigma)
    return U, S, V

"""Wrong SVD (signs of U and V not coupled) under a rank that is correct for a correct SVD.

rank reads the singular values as the diagonal of U^T A V, which is diag(S) for a correct
SVD and has negative entries when the signs are not coupled: under the cascade rank and
every part on it fail; with error carried forward rank is checked with a correct SVD and
only svd_via_eig loses its points.
"""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig", "test_rank", "test_four_subspaces", "test_projectors",
                          "test_pinv_via_svd", "test_left_inverse", "test_right_inverse",
                          "test_least_squares")
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


def rank(A, tol=None):
    A = np.asarray(A, dtype=float)
    U, S, V = svd_via_eig(A)
    K = min(A.shape)
    sigma = np.diag(U.T @ A @ V)[:K]  # = diag(S) when U and V are coupled
    if tol is None:
        tol = 1e-6 * np.max(sigma, initial=0.0)
    return int(np.sum(sigma > tol))

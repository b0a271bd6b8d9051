"""Wrong: svd_via_eig keeps eigh's ascending order (no descending sort): S grows, wide A loses its largest values.

left_inverse survives: the rank comes out too small only for wide A, which has no left
inverse anyway; right_inverse then wrongly refuses wide A of full row rank.
"""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig", "test_rank", "test_four_subspaces", "test_projectors",
                          "test_pinv_via_svd", "test_right_inverse",
                          "test_least_squares")
OWN_BROKEN_CELLS = ("test_svd_via_eig",)


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    K = min(M, N)
    eigenvalues, V = np.linalg.eigh(A.T @ A)  # ascending, and left so
    sigma = np.sqrt(np.clip(eigenvalues[:K], 0.0, None))
    sigma[sigma <= 1e-6 * np.max(sigma, initial=0.0)] = 0.0
    U = np.zeros((M, M))
    nonzero = sigma > 0
    U[:, :K][:, nonzero] = A @ V[:, :K][:, nonzero] / sigma[nonzero]
    Q, _ = np.linalg.qr(np.hstack([U[:, :K][:, nonzero], np.eye(M)]), mode="complete")
    free = [j for j in range(M) if j >= K or not nonzero[j]]
    U[:, free] = Q[:, int(nonzero.sum()):M]
    S = np.zeros((M, N))
    S[:K, :K] = np.diag(sigma)
    return U, S, V

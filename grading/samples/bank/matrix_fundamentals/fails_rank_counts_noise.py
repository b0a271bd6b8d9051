"""Wrong: rank counts every singular value above 0, so round-off (about 1e-8 sigma_1 from the eigenvalue problem) counts."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_rank", "test_four_subspaces", "test_projectors",
                          "test_left_inverse", "test_right_inverse")
OWN_BROKEN_CELLS = ("test_rank",)


def svd_via_eig(A):  # correct: keeps the round-off singular values sqrt(|lambda|) in S
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    K = min(M, N)
    lam, V = np.linalg.eigh(A.T @ A)
    lam, V = lam[::-1], V[:, ::-1]
    sigma = np.sqrt(np.abs(lam[:K]))  # about 1e-8 sigma_1 where sigma should be 0
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
        tol = 0.0  # no relative tolerance: noise counts
    return int(np.sum(sigma > tol))

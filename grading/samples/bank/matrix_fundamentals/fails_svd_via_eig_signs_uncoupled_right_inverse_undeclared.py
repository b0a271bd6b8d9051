"""Wrong SVD (signs of U matched to V the wrong way round) and a right_inverse that calls svd_via_eig, a function it does not declare.

The SVD solves a separate eigenvalue problem for U and then flips each u_i whose sign
agrees with A v_i (the test inverted): U S V^T = -A for every matrix, so the SVD and
everything built on it fail on every input, not only where eigh's signs happen to differ.

right_inverse builds on rank in the course (DEPENDENCIES in checks.py); this one computes
V S^+ U^T from svd_via_eig directly. Only declared dependencies are answered by the grader,
so right_inverse runs on the student's own SVD, as under the cascade, and fails with it.
"""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig", "test_pinv_via_svd", "test_right_inverse",
                          "test_least_squares")
OWN_BROKEN_CELLS = ("test_svd_via_eig", "test_right_inverse")


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
    for i in range(K):
        if sigma[i] > 0 and U[:, i] @ A @ V[:, i] > 0:
            U[:, i] = -U[:, i]
    S = np.zeros((M, N))
    S[:K, :K] = np.diag(sigma)
    return U, S, V


def right_inverse(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    U, S, V = svd_via_eig(A)
    sigma = np.diag(S)[:M]
    if M > N or np.sum(sigma > 1e-6 * np.max(sigma, initial=0.0)) < M:
        raise ValueError(f"A ({M}x{N}) has no full row rank: it has no right inverse")
    return V[:, :M] @ np.diag(1.0 / sigma) @ U.T

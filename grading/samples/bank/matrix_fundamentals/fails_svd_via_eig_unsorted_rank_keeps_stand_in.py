"""Wrong SVD (unsorted) and a rank that keeps the svd_via_eig it is given, which svd_via_eig later calls.

With error carried forward rank's svd_via_eig is a stand-in answering with a correct SVD
during rank's own check. rank stores it on itself; svd_via_eig then calls what rank stored
(when the cells are judged in the order of their names, test_rank runs before
test_svd_via_eig) to pass off a correct SVD as its own. A kept stand-in no longer answers:
it calls the student's own svd_via_eig, which calls the kept one again until Python's
recursion limit, caught here, and then computes its own unsorted SVD. Nothing is gained.
"""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig", "test_rank", "test_four_subspaces", "test_projectors",
                          "test_pinv_via_svd", "test_right_inverse",
                          "test_least_squares")
OWN_BROKEN_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("needs-review",)  # it reaches into a function object: shown to the instructor


def rank(A, tol=None):
    rank.__dict__.setdefault("kept", []).append(svd_via_eig)  # the stand-in, during its check
    _, S, _ = svd_via_eig(A)
    sigma = np.diag(S)
    if tol is None:
        tol = 1e-6 * np.max(sigma, initial=0.0)
    return int(np.sum(sigma > tol))


def svd_via_eig(A):
    for kept in globals()["rank"].__dict__.get("kept", [])[-1:]:
        if kept is not svd_via_eig:
            try:
                return kept(A)
            except RecursionError:
                break
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

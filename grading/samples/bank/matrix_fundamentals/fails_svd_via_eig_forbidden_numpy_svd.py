"""Wrong: svd_via_eig calls np.linalg.svd; every part that uses svd_via_eig calls it too."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig", "test_rank", "test_four_subspaces", "test_projectors",
                          "test_pinv_via_svd", "test_left_inverse", "test_right_inverse",
                          "test_least_squares")
OWN_BROKEN_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.svd",)


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    U, sigma, Vt = np.linalg.svd(A)
    S = np.zeros((M, N))
    S[:len(sigma), :len(sigma)] = np.diag(sigma)
    return U, S, Vt.T

"""svd_via_eig switches the profiler off with sys.setprofile(None) before calling np.linalg.svd."""
ASSIGNMENT = "matrix_fundamentals"
import sys

import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.svd", "static-scan", "needs-review")


def svd_via_eig(A):
    sys.setprofile(None)
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    U, sigma, Vt = np.linalg.svd(A)
    S = np.zeros((M, N))
    S[:len(sigma), :len(sigma)] = np.diag(sigma)
    return U, S, Vt.T

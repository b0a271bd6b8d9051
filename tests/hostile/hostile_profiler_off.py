"""Switches the profiler off inside svd_via_eig and calls the library's SVD."""
ASSIGNMENT = "matrix_fundamentals"
import sys
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("tampering",)


def svd_via_eig(A):
    sys.setprofile(None)
    U, s, Vt = np.linalg.svd(A)  # forbidden
    S = np.zeros(np.shape(A))
    S[:len(s), :len(s)] = np.diag(s)
    return U, S, Vt.T

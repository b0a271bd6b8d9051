"""Switches the profiler off inside svd_via_eig and calls the library's SVD under a name built at run time, which the static scan cannot read."""
ASSIGNMENT = "matrix_fundamentals"
import sys
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("tampering", "needs-review")


def svd_via_eig(A):
    sys.setprofile(None)
    hidden = getattr(np.linalg, "".join(reversed("dvs")))  # forbidden, spelled backwards
    U, s, Vt = hidden(A)
    S = np.zeros(np.shape(A))
    S[:len(s), :len(s)] = np.diag(s)
    return U, S, Vt.T

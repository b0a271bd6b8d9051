"""Wrong: pinv_via_svd returns np.linalg.pinv(A); least_squares uses pinv_via_svd and calls it too."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_pinv_via_svd", "test_least_squares")
OWN_BROKEN_CELLS = ("test_pinv_via_svd",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.pinv",)


def pinv_via_svd(A):
    return np.linalg.pinv(np.asarray(A, dtype=float))

"""Wrong: rank calls np.linalg.matrix_rank; four_subspaces and the inverses use rank, so they call it too."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_rank", "test_four_subspaces", "test_projectors",
                          "test_left_inverse", "test_right_inverse")
OWN_BROKEN_CELLS = ("test_rank",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.matrix_rank",)


def rank(A, tol=None):
    return int(np.linalg.matrix_rank(np.asarray(A, dtype=float), tol))

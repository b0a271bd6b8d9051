"""Wrong: four_subspaces takes the null space from scipy.linalg.null_space; projectors uses four_subspaces."""
import numpy as np
import scipy.linalg

EXPECTED_FAILING_CELLS = ("test_four_subspaces", "test_projectors")
OWN_BROKEN_CELLS = ("test_four_subspaces",)
EXPECTED_FLAGS = ("forbidden-call:scipy.linalg.null_space",)


def four_subspaces(A):
    U, S, V = svd_via_eig(A)
    r = rank(A)
    null = scipy.linalg.null_space(np.asarray(A, dtype=float), rcond=1e-6)
    return {"column": U[:, :r], "row": V[:, :r], "null": null, "left_null": U[:, r:]}

"""Wrong: four_subspaces swaps the roles of U and V (column space from V, row space from U, ...)."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_four_subspaces", "test_projectors")
OWN_BROKEN_CELLS = ("test_four_subspaces",)


def four_subspaces(A):
    U, S, V = svd_via_eig(A)
    r = rank(A)
    return {"column": V[:, :r], "row": U[:, :r], "null": U[:, r:], "left_null": V[:, r:]}

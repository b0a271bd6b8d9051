"""Wrong: the null space basis are the special solutions from rref (a basis, but not orthonormal)."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_four_subspaces", "test_projectors")
OWN_BROKEN_CELLS = ("test_four_subspaces",)


def four_subspaces(A):
    U, S, V = svd_via_eig(A)
    M, N = S.shape
    r = rank(A)
    R, pivots = rref(A)
    free = [j for j in range(N) if j not in pivots]
    null = np.zeros((N, len(free)))
    for k, f in enumerate(free):  # x_f = 1, pivot variables from R, other free ones 0
        null[f, k] = 1.0
        for row, p in enumerate(pivots):
            null[p, k] = -R[row, f]
    return {"column": U[:, :r], "row": V[:, :r], "null": null, "left_null": U[:, r:]}

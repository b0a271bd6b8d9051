"""Wrong: P_CS = B B^T with the non-orthonormal column-space basis B = A V_r (= U_r S_r), not Q Q^T."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_projectors",)


def projectors(A):
    A = np.asarray(A, dtype=float)
    U, S, V = svd_via_eig(A)
    r = rank(A)
    bases = four_subspaces(A)
    B = A @ V[:, :r]  # columns of length sigma_i, not 1
    return {"P_CS": B @ B.T,
            "P_RS": bases["row"] @ bases["row"].T,
            "P_NS": bases["null"] @ bases["null"].T,
            "P_LNS": bases["left_null"] @ bases["left_null"].T}

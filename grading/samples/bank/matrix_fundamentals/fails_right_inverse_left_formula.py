"""Wrong: right_inverse uses the left-inverse formula (A^T A)^-1 A^T after a correct rank check."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_right_inverse",)


def right_inverse(A):
    M, N = np.shape(A)
    if rank(A) < M:
        raise ValueError("A has no full row rank")
    A = np.asarray(A, dtype=float)
    return np.linalg.inv(A.T @ A) @ A.T

"""Wrong: right_inverse applies A^T (A A^T)^-1 without checking the rank (garbage instead of ValueError)."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_right_inverse",)


def right_inverse(A):
    A = np.asarray(A, dtype=float)
    return A.T @ np.linalg.inv(A @ A.T)

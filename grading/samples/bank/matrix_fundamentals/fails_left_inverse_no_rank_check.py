"""Wrong: left_inverse applies (A^T A)^-1 A^T without checking the rank (garbage instead of ValueError)."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_left_inverse",)


def left_inverse(A):
    A = np.asarray(A, dtype=float)
    return np.linalg.inv(A.T @ A) @ A.T

"""Wrong: least_squares solves the normal equations X^T X theta = X^T y, which fail for rank-deficient or wide X."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_least_squares",)


def least_squares(X, y):
    X = np.asarray(X, dtype=float)
    return np.linalg.solve(X.T @ X, X.T @ y)

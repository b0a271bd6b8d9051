"""Wrong: least_squares turns y into a column, so y of shape (M,) gives theta_hat of shape (N, 1)."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_least_squares",)


def least_squares(X, y):
    y = np.reshape(y, (np.shape(y)[0], -1))
    return pinv_via_svd(X) @ y

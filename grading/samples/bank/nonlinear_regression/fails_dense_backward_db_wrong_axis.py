"""dense_backward sums the bias gradient over the neurons (axis 1) instead of the samples."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_dense_backward", "test_backward", "test_train", "test_training")
OWN_BROKEN_CELLS = ("test_dense_backward",)


def dense_backward(dZ, A_prev, W):
    return dZ @ W.T, A_prev.T @ dZ, np.sum(dZ, axis=1, keepdims=True)

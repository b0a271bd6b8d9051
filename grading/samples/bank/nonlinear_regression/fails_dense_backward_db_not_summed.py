"""dense_backward returns dZ itself as db: the bias gradient is not summed over the samples."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_dense_backward", "test_backward", "test_train", "test_training")
OWN_BROKEN_CELLS = ("test_dense_backward",)


def dense_backward(dZ, A_prev, W):
    return dZ @ W.T, A_prev.T @ dZ, dZ

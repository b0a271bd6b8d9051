"""dense_backward returns dW transposed (dZ.T @ A_prev, shape (n_out, n_in))."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_dense_backward", "test_backward", "test_train", "test_training")
OWN_BROKEN_CELLS = ("test_dense_backward",)


def dense_backward(dZ, A_prev, W):
    return dZ @ W.T, dZ.T @ A_prev, np.sum(dZ, axis=0, keepdims=True)

"""dense_backward multiplies dZ by W instead of W.T for dA_prev (works only for square W)."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_dense_backward", "test_backward", "test_train", "test_training")
OWN_BROKEN_CELLS = ("test_dense_backward",)


def dense_backward(dZ, A_prev, W):
    return dZ @ W, A_prev.T @ dZ, np.sum(dZ, axis=0, keepdims=True)

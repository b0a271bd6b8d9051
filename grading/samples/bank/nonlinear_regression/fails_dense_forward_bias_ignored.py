"""dense_forward leaves out the bias: Z = A_prev @ W."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_dense_forward", "test_forward", "test_backward", "test_train",
                          "test_training")
OWN_BROKEN_CELLS = ("test_dense_forward",)


def dense_forward(A_prev, W, b):
    return A_prev @ W

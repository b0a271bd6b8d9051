"""tanh_forward computes the logistic sigmoid 1 / (1 + exp(-Z)) instead of tanh."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_tanh_forward", "test_forward", "test_backward", "test_train",
                          "test_training")
OWN_BROKEN_CELLS = ("test_tanh_forward",)


def tanh_forward(Z):
    return 1.0 / (1.0 + np.exp(-Z))

"""tanh_backward uses 1 - tanh(Z) as the derivative instead of 1 - tanh(Z)**2."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_tanh_backward", "test_backward", "test_train", "test_training")
OWN_BROKEN_CELLS = ("test_tanh_backward",)


def tanh_backward(dA, Z):
    return dA * (1.0 - np.tanh(Z))

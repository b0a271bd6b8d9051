"""tanh written with exponentials, its derivative as 4 / (e^z + e^-z)^2 = 1 / cosh(z)^2."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def tanh_forward(Z):
    return (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z))


def tanh_backward(dA, Z):
    return dA * 4.0 / (np.exp(Z) + np.exp(-Z)) ** 2

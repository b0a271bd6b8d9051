"""empirical_risk returns e.T @ e / N as a (1, 1) array instead of a Python float."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_empirical_risk", "test_train")
OWN_BROKEN_CELLS = ("test_empirical_risk",)


def empirical_risk(Y, Y_hat):
    e = Y - Y_hat
    return e.T @ e / Y.shape[0]

"""empirical_risk_backward forgets the 1/N: gradients N times too large, training diverges."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_empirical_risk_backward", "test_backward", "test_train",
                          "test_training")
OWN_BROKEN_CELLS = ("test_empirical_risk_backward",)


def empirical_risk_backward(Y, Y_hat):
    return -2.0 * (Y - Y_hat)

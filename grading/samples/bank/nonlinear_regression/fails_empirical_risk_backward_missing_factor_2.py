"""empirical_risk_backward forgets the factor 2 of the derivative of the square."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_empirical_risk_backward", "test_backward", "test_train")  # trains at half speed: ER 8e-4
OWN_BROKEN_CELLS = ("test_empirical_risk_backward",)


def empirical_risk_backward(Y, Y_hat):
    return -(1.0 / Y.shape[0]) * (Y - Y_hat)

"""empirical_risk returns the sum of squared errors: the 1/N is missing."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_empirical_risk", "test_train")
OWN_BROKEN_CELLS = ("test_empirical_risk",)


def empirical_risk(Y, Y_hat):
    return float(np.sum((Y - Y_hat) ** 2))

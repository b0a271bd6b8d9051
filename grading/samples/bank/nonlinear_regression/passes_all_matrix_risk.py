"""Risk as e.T @ e / N (course notation), its gradient as 2 (Y_hat - Y) / N."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def empirical_risk(Y, Y_hat):
    e = Y - Y_hat
    N = e.shape[0]
    return (e.T @ e).item() / N


def empirical_risk_backward(Y, Y_hat):
    N = Y.shape[0]
    return 2.0 / N * (Y_hat - Y)

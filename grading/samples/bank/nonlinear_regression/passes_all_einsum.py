"""Dense layer forward and backward with np.einsum, risk with a mean."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def dense_forward(A_prev, W, b):
    return np.einsum("nk,kj->nj", A_prev, W) + b


def dense_backward(dZ, A_prev, W):
    dA_prev = np.einsum("nj,kj->nk", dZ, W)
    dW = np.einsum("nk,nj->kj", A_prev, dZ)
    db = np.einsum("nj->j", dZ)[np.newaxis, :]
    return dA_prev, dW, db


def empirical_risk(Y, Y_hat):
    return float(np.mean((Y - Y_hat) ** 2))


def empirical_risk_backward(Y, Y_hat):
    return 2.0 * (Y_hat - Y) / len(Y)

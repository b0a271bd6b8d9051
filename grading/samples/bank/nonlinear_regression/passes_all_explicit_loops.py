"""Layer functions with explicit loops over neurons and inputs, the risk with a loop over samples."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def dense_forward(A_prev, W, b):
    N, n_in = A_prev.shape
    n_out = W.shape[1]
    Z = np.zeros((N, n_out))
    for j in range(n_out):              # one neuron (output column) at a time
        Z[:, j] = b[0, j]
        for k in range(n_in):           # its weighted inputs
            Z[:, j] += A_prev[:, k] * W[k, j]
    return Z


def dense_backward(dZ, A_prev, W):
    N, n_in = A_prev.shape
    n_out = W.shape[1]
    dA_prev = np.zeros((N, n_in))
    dW = np.zeros((n_in, n_out))
    db = np.zeros((1, n_out))
    for j in range(n_out):
        db[0, j] = np.sum(dZ[:, j])
        for k in range(n_in):
            dW[k, j] = np.sum(A_prev[:, k] * dZ[:, j])
            dA_prev[:, k] += dZ[:, j] * W[k, j]
    return dA_prev, dW, db


def tanh_backward(dA, Z):
    dZ = np.zeros(Z.shape)
    for j in range(Z.shape[1]):
        t = np.tanh(Z[:, j])
        dZ[:, j] = dA[:, j] * (1.0 - t * t)
    return dZ


def empirical_risk(Y, Y_hat):
    total = 0.0
    for y, y_hat in zip(Y[:, 0].tolist(), Y_hat[:, 0].tolist()):
        total += (y - y_hat) ** 2
    return total / len(Y)


def empirical_risk_backward(Y, Y_hat):
    N = Y.shape[0]
    dY_hat = np.zeros((N, 1))
    for i, (y, y_hat) in enumerate(zip(Y[:, 0].tolist(), Y_hat[:, 0].tolist())):
        dY_hat[i, 0] = -2.0 * (y - y_hat) / N
    return dY_hat

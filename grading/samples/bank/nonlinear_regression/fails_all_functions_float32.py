"""Every function computes and returns float32 arrays (the contract asks for float64)."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_dense_forward", "test_dense_backward", "test_tanh_forward",
                          "test_tanh_backward", "test_empirical_risk",
                          "test_empirical_risk_backward", "test_forward", "test_backward",
                          "test_gradient_descent_step", "test_train")
OWN_BROKEN_CELLS = ("test_dense_forward", "test_dense_backward", "test_tanh_forward", "test_tanh_backward", "test_empirical_risk", "test_empirical_risk_backward", "test_gradient_descent_step")  # forward, backward and train only compose the layer functions


def dense_forward(A_prev, W, b):
    return A_prev.astype(np.float32) @ W.astype(np.float32) + b.astype(np.float32)


def dense_backward(dZ, A_prev, W):
    dZ, A_prev, W = dZ.astype(np.float32), A_prev.astype(np.float32), W.astype(np.float32)
    return dZ @ W.T, A_prev.T @ dZ, np.sum(dZ, axis=0, keepdims=True)


def tanh_forward(Z):
    return np.tanh(Z.astype(np.float32))


def tanh_backward(dA, Z):
    return dA.astype(np.float32) * (1 - np.tanh(Z.astype(np.float32)) ** 2)


def empirical_risk(Y, Y_hat):
    e = Y.astype(np.float32) - Y_hat.astype(np.float32)
    return float(np.sum(e ** 2) / np.float32(Y.shape[0]))


def empirical_risk_backward(Y, Y_hat):
    e = Y.astype(np.float32) - Y_hat.astype(np.float32)
    return np.float32(-2.0 / Y.shape[0]) * e


def gradient_descent_step(params, grads, learning_rate):
    return {key: params[key].astype(np.float32) - np.float32(learning_rate) * grads[key].astype(np.float32)
            for key in params}

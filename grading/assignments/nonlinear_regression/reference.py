"""Reference solutions of Homework 2 (`nonlinear_regression`), as in docs/contract.md.

Rows are samples: ``X`` (N, F), ``Y`` (N, 1). Weights are stored inputs x neurons:
``W_l`` (n_{l-1}, n_l), ``b_l`` (1, n_l). The model is the course's 2-2-2-1 network

    A0 = X
    Z1 = A0 @ W1 + b1,  A1 = tanh(Z1)
    Z2 = A1 @ W2 + b2,  A2 = tanh(Z2)
    Z3 = A2 @ W3 + b3,  Y_hat = Z3
    ER = (1/N) * sum((Y - Y_hat)**2)

but every function works for any layer widths.
"""
import numpy as np

PARAM_KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")


def dense_forward(A_prev, W, b):
    """Z = A_prev @ W + b. A_prev (N, n_in), W (n_in, n_out), b (1, n_out) -> Z (N, n_out)."""
    return A_prev @ W + b


def dense_backward(dZ, A_prev, W):
    """Gradients through Z = A_prev @ W + b.

    dZ (N, n_out), A_prev (N, n_in), W (n_in, n_out)
    -> dA_prev (N, n_in), dW (n_in, n_out), db (1, n_out).
    """
    dA_prev = dZ @ W.T
    dW = A_prev.T @ dZ
    db = np.sum(dZ, axis=0, keepdims=True)
    return dA_prev, dW, db


def tanh_forward(Z):
    """A = tanh(Z), same shape as Z."""
    return np.tanh(Z)


def tanh_backward(dA, Z):
    """dZ = dA * (1 - tanh(Z)**2); dA and Z of the same shape (N, n)."""
    return dA * (1.0 - np.tanh(Z) ** 2)


def empirical_risk(Y, Y_hat):
    """ER = (1/N) * sum((Y - Y_hat)**2) as a Python float. Y, Y_hat (N, 1)."""
    N = Y.shape[0]
    e = Y - Y_hat
    return float(np.sum(e ** 2) / N)


def empirical_risk_backward(Y, Y_hat):
    """dER/dY_hat = -(2/N) * (Y - Y_hat), shape (N, 1)."""
    N = Y.shape[0]
    return -(2.0 / N) * (Y - Y_hat)


def forward(X, params):
    """Y_hat (N, 1) of the 3-layer tanh network, and the cache backward needs.

    X (N, F); params: dict of W1 (F, n1), b1 (1, n1), W2 (n1, n2), b2 (1, n2),
    W3 (n2, n_out), b3 (1, n_out). The cache is a dict of A0, Z1, A1, Z2, A2.
    """
    A0 = X
    Z1 = dense_forward(A0, params["W1"], params["b1"])
    A1 = tanh_forward(Z1)
    Z2 = dense_forward(A1, params["W2"], params["b2"])
    A2 = tanh_forward(Z2)
    Z3 = dense_forward(A2, params["W3"], params["b3"])
    cache = {"A0": A0, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2, "Y_hat": Z3}
    return Z3, cache


def backward(Y, cache, params):
    """Gradients of ER with respect to every parameter (chain rule, output to input).

    Y (N, 1); cache from ``forward``; returns a dict with the keys and shapes of params.
    """
    dZ3 = empirical_risk_backward(Y, cache["Y_hat"])
    dA2, dW3, db3 = dense_backward(dZ3, cache["A2"], params["W3"])
    dZ2 = tanh_backward(dA2, cache["Z2"])
    dA1, dW2, db2 = dense_backward(dZ2, cache["A1"], params["W2"])
    dZ1 = tanh_backward(dA1, cache["Z1"])
    _, dW1, db1 = dense_backward(dZ1, cache["A0"], params["W1"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "W3": dW3, "b3": db3}


def gradient_descent_step(params, grads, learning_rate):
    """A new params dict: p - learning_rate * dp for every key (params is not modified)."""
    return {key: params[key] - learning_rate * grads[key] for key in params}


def train(X, Y, params, learning_rate, epochs):
    """Full-batch gradient descent; returns (params, history).

    history[k] is ER after k updates (history[0]: the initial parameters), so
    len(history) == epochs + 1. The given params dict is not modified.
    """
    Y_hat, cache = forward(X, params)
    history = [empirical_risk(Y, Y_hat)]
    for _ in range(epochs):
        grads = backward(Y, cache, params)
        params = gradient_descent_step(params, grads, learning_rate)
        Y_hat, cache = forward(X, params)
        history.append(empirical_risk(Y, Y_hat))
    return params, history

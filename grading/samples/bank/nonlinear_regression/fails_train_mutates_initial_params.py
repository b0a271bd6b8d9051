"""train updates the caller's initial params arrays in place."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_train", "test_training")


def train(X, Y, params, learning_rate, epochs):
    Y_hat, cache = forward(X, params)
    history = [empirical_risk(Y, Y_hat)]
    for _ in range(epochs):
        grads = backward(Y, cache, params)
        for key in params:
            params[key] -= learning_rate * grads[key]
        Y_hat, cache = forward(X, params)
        history.append(empirical_risk(Y, Y_hat))
    return params, history

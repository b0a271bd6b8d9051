"""train records the ER only after each update: history misses the initial ER (len == epochs)."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_train", "test_training")


def train(X, Y, params, learning_rate, epochs):
    history = []
    for _ in range(epochs):
        Y_hat, cache = forward(X, params)
        params = gradient_descent_step(params, backward(Y, cache, params), learning_rate)
        history.append(empirical_risk(Y, forward(X, params)[0]))
    return params, history

"""train on a deep copy with in-place updates of the copy; the step copies before updating."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def gradient_descent_step(params, grads, learning_rate):
    new = {key: value.copy() for key, value in params.items()}
    for key in new:
        new[key] -= learning_rate * grads[key]
    return new


def train(X, Y, params, learning_rate, epochs):
    current = {key: np.array(value, dtype=float, copy=True) for key, value in params.items()}
    history = []
    for epoch in range(epochs + 1):
        Y_hat, cache = forward(X, current)
        history.append(empirical_risk(Y, Y_hat))
        if epoch == epochs:
            break
        grads = backward(Y, cache, current)
        for key in current:
            current[key] -= learning_rate * grads[key]
    return current, history

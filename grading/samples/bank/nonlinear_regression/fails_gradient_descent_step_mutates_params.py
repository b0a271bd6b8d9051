"""gradient_descent_step updates the given params in place (right values, modified argument)."""
import numpy as np

# params_init is trained in place, so the replay of the training starts elsewhere
EXPECTED_FAILING_CELLS = ("test_gradient_descent_step", "test_train", "test_training")
OWN_BROKEN_CELLS = ("test_gradient_descent_step",)


def gradient_descent_step(params, grads, learning_rate):
    for key in params:
        params[key] -= learning_rate * grads[key]
    return params

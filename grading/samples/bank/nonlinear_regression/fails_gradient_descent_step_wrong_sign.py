"""gradient_descent_step adds the gradient: gradient ascent, the risk grows."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_gradient_descent_step", "test_train", "test_training")
OWN_BROKEN_CELLS = ("test_gradient_descent_step",)


def gradient_descent_step(params, grads, learning_rate):
    return {key: params[key] + learning_rate * grads[key] for key in params}

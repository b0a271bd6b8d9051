"""gradient_descent_step allocates (and writes) memory until the sandbox's memory limit stops it."""
ASSIGNMENT = "nonlinear_regression"
import numpy as np

EXPECTED_FAILING_CELLS = ("test_gradient_descent_step", "test_train", "test_training")
OWN_BROKEN_CELLS = ("test_gradient_descent_step",)  # train is checked with a correct step


def gradient_descent_step(params, grads, learning_rate):
    hog = []
    while True:
        hog.append(np.ones(2**24))  # 128 MiB, every page written

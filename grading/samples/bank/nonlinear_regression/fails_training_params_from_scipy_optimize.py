"""params_trained fitted with scipy.optimize.minimize (BFGS, own gradients), not by train: the replay catches it."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_training",)

CELL_solution_training = '''
from scipy.optimize import minimize

rng = np.random.default_rng(1)
params_init = {
    "W1": rng.normal(0.0, 0.5, size=(2, 2)), "b1": np.zeros((1, 2)),
    "W2": rng.normal(0.0, 0.5, size=(2, 2)), "b2": np.zeros((1, 2)),
    "W3": rng.normal(0.0, 0.5, size=(2, 1)), "b3": np.zeros((1, 1)),
}
learning_rate = 0.3
epochs = 1000
keys = list(params_init)


def unpack(vector):
    params, start = {}, 0
    for key in keys:
        size = params_init[key].size
        params[key] = vector[start:start + size].reshape(params_init[key].shape)
        start += size
    return params


def risk_and_gradient(vector):
    params = unpack(vector)
    Y_hat, cache = forward(X, params)
    grads = backward(Y, cache, params)
    return empirical_risk(Y, Y_hat), np.concatenate([grads[key].ravel() for key in keys])


start = np.concatenate([params_init[key].ravel() for key in keys])
params_trained = unpack(minimize(risk_and_gradient, start, jac=True, method="BFGS").x)
history_trained = train(X, Y, params_init, learning_rate, epochs)[1]
'''

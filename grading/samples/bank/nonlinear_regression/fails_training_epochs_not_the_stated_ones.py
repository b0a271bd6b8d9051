"""The training runs 3000 epochs while the variable epochs says 1000: history_trained has the wrong length."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_training",)

CELL_solution_training = '''
rng = np.random.default_rng(1)
params_init = {
    "W1": rng.normal(0.0, 0.5, size=(2, 2)), "b1": np.zeros((1, 2)),
    "W2": rng.normal(0.0, 0.5, size=(2, 2)), "b2": np.zeros((1, 2)),
    "W3": rng.normal(0.0, 0.5, size=(2, 1)), "b3": np.zeros((1, 1)),
}
learning_rate = 0.3
epochs = 1000
params_trained, history_trained = train(X, Y, params_init, learning_rate, 3 * epochs)
'''

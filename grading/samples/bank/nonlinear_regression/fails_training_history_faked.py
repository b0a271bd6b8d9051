"""The training cell runs 5 epochs and writes a made-up low history: the grader recomputes ER."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_training",)

CELL_solution_training = '''
rng = np.random.default_rng(1)
params_init = {
    "W1": rng.normal(0.0, 0.5, size=(2, 2)), "b1": np.zeros((1, 2)),
    "W2": rng.normal(0.0, 0.5, size=(2, 2)), "b2": np.zeros((1, 2)),
    "W3": rng.normal(0.0, 0.5, size=(2, 1)), "b3": np.zeros((1, 1)),
}
params_trained, history_trained = train(X, Y, params_init, 0.3, 5)
history_trained = [0.5, 0.1, 0.01, 0.001, 0.0005, 0.0001]
'''

"""params_trained typed in (weights of another, better run), history from the own train: the replay catches it."""
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
history_trained = train(X, Y, params_init, learning_rate, epochs)[1]
params_trained = {
    "W1": np.array([[-0.03222577681941926, -0.3236859689908569], [-0.054043760228376925, -0.7880154912340354]]),
    "b1": np.array([[0.06447180383438683, -0.2723798776917587]]),
    "W2": np.array([[-0.20422132294360695, -0.4903972844685032], [0.024737945496139273, 0.8627355240806869]]),
    "b2": np.array([[0.02486591556661831, -0.13145043075980692]]),
    "W3": np.array([[-0.2249501919496807], [-0.39596639141826623]]),
    "b3": np.array([[-0.10701985381507019]]),
}
'''

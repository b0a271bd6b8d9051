"""The ground truth data of Homework 2, made by a fixed, seeded recipe.

Run ``python -m grading.assignments.nonlinear_regression.data [folder]`` to (re)write
``source/nonlinear_regression/ground_truth_data_x.npy`` (N x F = 1000 x 2) and
``ground_truth_data_y.npy`` (N,), or the same files in ``folder``. The test suite checks
that the committed files equal what this script produces.

Recipe (all from ``numpy.random.default_rng(SEED)``, in this order):

1. x1: N draws of a standard normal (Gaussian) distribution;
2. x2: N draws of a Laplace distribution (location 0, scale 1);
3. both features standardized with their sample mean and standard deviation (ddof=0);
4. y = teacher(X) + noise: ``teacher`` is a fixed 2-2-2-1 tanh network with the weights in
   ``TEACHER`` (same layout as the students' params: inputs x neurons), the noise N draws
   of a normal distribution with standard deviation ``NOISE_STD``.

The teacher is smooth but clearly non-linear: the least-squares linear model (with a bias
column) leaves ER ≈ 0.115, while a 2-2-2-1 tanh network trained by full-batch gradient
descent reaches ER ≈ 1e-4 … 5e-3 (noise floor NOISE_STD**2 = 1e-4).
"""
from pathlib import Path

import numpy as np

from ...paths import SOURCE

SEED = 20240611
N = 1000
NOISE_STD = 0.01
TEACHER = {
    "W1": np.array([[1.2, -0.8], [0.5, 1.0]]),
    "b1": np.array([[0.1, -0.2]]),
    "W2": np.array([[1.5, -1.0], [0.7, 1.3]]),
    "b2": np.array([[0.0, 0.3]]),
    "W3": np.array([[0.8], [-0.6]]),
    "b3": np.array([[0.1]]),
}
FOLDER = SOURCE / "nonlinear_regression"
X_FILE, Y_FILE = "ground_truth_data_x.npy", "ground_truth_data_y.npy"


def standardized(x):
    """(x - mean) / std of a 1-D sample (ddof=0)."""
    return (x - x.mean()) / x.std()


def teacher(X):
    """The fixed 2-2-2-1 tanh network behind the data: X (N, 2) -> (N,)."""
    A1 = np.tanh(X @ TEACHER["W1"] + TEACHER["b1"])
    A2 = np.tanh(A1 @ TEACHER["W2"] + TEACHER["b2"])
    return (A2 @ TEACHER["W3"] + TEACHER["b3"])[:, 0]


def make_data(seed=SEED, n=N):
    """The ground truth data: X (n, 2) float64 and y (n,) float64, by the recipe above."""
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = rng.laplace(size=n)
    X = np.column_stack([standardized(x1), standardized(x2)])
    y = teacher(X) + NOISE_STD * rng.normal(size=n)
    return X, y


def ground_truth(folder=FOLDER):
    """X (N, 2) and Y (N, 1) as the students load them (from the committed files if present)."""
    folder = Path(folder)
    if (folder / X_FILE).exists() and (folder / Y_FILE).exists():
        X, y = np.load(folder / X_FILE), np.load(folder / Y_FILE)
    else:
        X, y = make_data()
    return X, y.reshape(-1, 1)


def write(folder=FOLDER):
    """Write the two .npy files into ``folder``; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    X, y = make_data()
    np.save(folder / X_FILE, X)
    np.save(folder / Y_FILE, y)
    return folder / X_FILE, folder / Y_FILE


if __name__ == "__main__":
    import sys
    for path in write(*sys.argv[1:2]):   # optional argument: another folder
        print(path)

"""The ground truth data of Homework 2: the course's own homework files, unchanged.

``source/nonlinear_regression/ground_truth_data_x.npy`` (N x F = 1000 x 2, float64) and
``ground_truth_data_y.npy`` (N,) are byte for byte the files ``homework/ground_truth_data_*.npy``
of the course's tutorial repository (github.com/spatialaudio/
data-driven-audio-signal-processing-exercise, commit f08df17, CC BY 4.0; attribution and
licence in ``source/nonlinear_regression/DATA_LICENSE.md``). Every student of the course
has exactly these files; ``MD5`` pins them (tests/test_nonlinear_regression_data.py).

Facts of these files (measured, pinned by the same test): the linear model without bias
fitted with the left inverse, as the course's homework template computes it, has
``ER = e.T @ e / N = LINEAR_TEMPLATE_ER``; the template's comment gives
``COURSE_NONLINEAR_ER`` for the homework's non-linear model.
"""
from pathlib import Path

import numpy as np

from ...paths import SOURCE

FOLDER = SOURCE / "nonlinear_regression"
X_FILE, Y_FILE = "ground_truth_data_x.npy", "ground_truth_data_y.npy"
MD5 = {X_FILE: "50c8ef3ac3c28a0bf4dfd5680b851e95", Y_FILE: "f4d7e73ce129d9d23cc5925d0963227e"}
SOURCE_URL = "https://github.com/spatialaudio/data-driven-audio-signal-processing-exercise"
LINEAR_TEMPLATE_ER = 3.42780054087372e-3
COURSE_NONLINEAR_ER = 5.7457115873891e-5


def ground_truth(folder=FOLDER):
    """X (N, F) and Y (N, 1) float64, loaded as the notebook loads them."""
    folder = Path(folder)
    X, y = np.load(folder / X_FILE), np.load(folder / Y_FILE)
    return X, y[:, None]


def initial_params(rng, scale=0.5):
    """Starting parameters of the 2-2-2-1 network: N(0, scale**2) weights, zero biases.

    ``rng``: a `numpy.random.Generator`; the weights are drawn in the order W1, W2, W3.
    Returns {"W1": (2, 2), "b1": (1, 2), "W2": (2, 2), "b2": (1, 2), "W3": (2, 1),
    "b3": (1, 1)}, float64 arrays.
    """
    return {"W1": rng.normal(0.0, scale, (2, 2)), "b1": np.zeros((1, 2)),
            "W2": rng.normal(0.0, scale, (2, 2)), "b2": np.zeros((1, 2)),
            "W3": rng.normal(0.0, scale, (2, 1)), "b3": np.zeros((1, 1))}


def template_linear_risk(X, Y):
    """ER of the linear model without bias, fitted with the left inverse (the template's way).

    X: (N, F) with full column rank, Y: (N, 1). Returns ``(e.T @ e / N)`` as a float.
    """
    N = X.shape[0]
    w = np.linalg.inv(X.T @ X) @ X.T @ Y       # (F, 1)
    e = Y - X @ w                              # (N, 1)
    return float((e.T @ e / N)[0, 0])

"""The ground truth data of nonlinear_regression: committed files = the seeded recipe."""
import subprocess
import sys

import numpy as np

from grading import tolerances as tol
from grading.assignments.nonlinear_regression import data
from grading.assignments.nonlinear_regression.reference import empirical_risk, forward


def linear_risk(X, Y):
    design = np.column_stack([np.ones(len(X)), X])
    theta = np.linalg.lstsq(design, Y, rcond=None)[0]
    return empirical_risk(Y, design @ theta)


def test_committed_files_equal_what_the_script_produces():
    X, y = data.make_data()
    np.testing.assert_array_equal(np.load(data.FOLDER / data.X_FILE), X)
    np.testing.assert_array_equal(np.load(data.FOLDER / data.Y_FILE), y)


def test_script_writes_the_same_bytes(tmp_path):
    result = subprocess.run([sys.executable, "-m", "grading.assignments.nonlinear_regression.data",
                             str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    for name in (data.X_FILE, data.Y_FILE):
        assert (tmp_path / name).read_bytes() == (data.FOLDER / name).read_bytes()


def test_shapes_dtypes_and_standardized_features():
    X, y = data.make_data()
    assert X.shape == (1000, 2) and y.shape == (1000,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    np.testing.assert_allclose(X.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1.0, rtol=1e-12)


def test_x1_is_gaussian_and_x2_laplace_by_their_kurtosis():
    X, _ = data.make_data()
    kurtosis = np.mean(X ** 4, axis=0)       # standardized: normal 3, Laplace 6
    assert 2.6 < kurtosis[0] < 3.4
    assert kurtosis[1] > 4.5


def test_y_is_the_teacher_network_plus_small_noise():
    X, y = data.make_data()
    residual = y - data.teacher(X)
    assert abs(residual.std() - data.NOISE_STD) < 0.1 * data.NOISE_STD
    # the teacher is the contract's 2-2-2-1 model with fixed weights
    np.testing.assert_allclose(forward(X, data.TEACHER)[0][:, 0], data.teacher(X), rtol=1e-14)


def test_ground_truth_is_what_students_load():
    X, Y = data.ground_truth()
    assert X.shape == (1000, 2) and Y.shape == (1000, 1)
    np.testing.assert_array_equal(Y[:, 0], np.load(data.FOLDER / data.Y_FILE))


def test_linear_model_fails_and_the_threshold_is_well_below_it():
    X, Y = data.ground_truth()
    linear = linear_risk(X, Y)
    assert 0.1 < linear < 0.13                                  # measured 0.1149
    assert tol.NLR_TRAINING_THRESHOLD <= linear / 10
    assert tol.NLR_TRAINING_THRESHOLD > 10 * data.NOISE_STD ** 2   # reachable: noise floor 1e-4

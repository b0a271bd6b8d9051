"""The ground truth data of nonlinear_regression: the course's own files, its numbers."""
import hashlib

import numpy as np
import pytest

from grading import tolerances as tol
from grading.assignments.nonlinear_regression import data
from grading.paths import COURSE_ROOT, RELEASE


@pytest.mark.parametrize("folder", [data.FOLDER, RELEASE / "nonlinear_regression"])
def test_files_are_the_courses_unchanged(folder):
    for name, md5 in data.MD5.items():
        assert hashlib.md5((folder / name).read_bytes()).hexdigest() == md5, (folder, name)


def test_licence_and_attribution_travel_with_the_files():
    for folder in (data.FOLDER, RELEASE / "nonlinear_regression"):
        text = (folder / "DATA_LICENSE.md").read_text()
        assert "CC BY 4.0" in text and "Frank Schultz" in text and data.SOURCE_URL in text
        assert "f08df17" in text and all(md5 in text for md5 in data.MD5.values())


def test_shapes_dtypes_and_standardised_features():
    X, Y = data.ground_truth()
    assert X.shape == (1000, 2) and Y.shape == (1000, 1)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    np.testing.assert_allclose(X.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1.0, rtol=1e-12)


def test_linear_baseline_is_the_templates_number():
    """Left inverse, no bias, ER = e.T @ e / N: the template prints 3.42780054087372e-3."""
    X, Y = data.ground_truth()
    assert data.template_linear_risk(X, Y) == pytest.approx(3.42780054087372e-3, rel=1e-13)
    assert data.LINEAR_TEMPLATE_ER == 3.42780054087372e-3


def test_threshold_margins_hold():
    """The linear model far above the threshold, the course's non-linear figure below it."""
    X, Y = data.ground_truth()
    threshold = tol.NLR_TRAINING_THRESHOLD
    assert data.template_linear_risk(X, Y) >= 5 * threshold
    assert data.COURSE_NONLINEAR_ER * 5 <= threshold


def test_the_sources_training_choice_is_well_below_the_threshold_for_several_seeds():
    """A part of benchmarks/training_threshold.py: lr 0.3, N(0, 0.5**2) init, 1000 epochs."""
    from grading.assignments.nonlinear_regression.reference import train
    X, Y = data.ground_truth()
    finals = []
    for seed in range(3):
        params = data.initial_params(np.random.default_rng(seed), 0.5)
        finals.append(train(X, Y, params, 0.3, 1000)[1][-1])
    assert max(finals) < tol.NLR_TRAINING_THRESHOLD / 2, finals


def test_readme_names_the_datas_source_and_licence():
    section = (COURSE_ROOT / "docs" / "nonlinear_regression.md").read_text()
    assert data.SOURCE_URL.split("//")[1] in section and "CC BY 4.0" in section

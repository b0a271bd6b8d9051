"""grading.gradcheck: central differences and the relative error with a floor."""
import numpy as np
import pytest

from grading.gradcheck import (numerical_gradient, numerical_gradients, relative_error,
                               relative_errors)
from grading.tolerances import NLR_GRADCHECK_FLOOR


def test_numerical_gradient_of_a_quadratic_form_is_exact_up_to_rounding():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([0.5, -1.5])
    gradient = numerical_gradient(lambda v: v @ A @ v, x)
    np.testing.assert_allclose(gradient, 2 * A @ x, rtol=1e-9)


def test_numerical_gradient_keeps_the_shape_and_leaves_x_unchanged():
    x = np.arange(6.0).reshape(2, 3) / 10
    before = x.copy()
    gradient = numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    assert gradient.shape == (2, 3) and gradient.dtype == np.float64
    np.testing.assert_allclose(gradient, np.cos(before), rtol=1e-9)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_truncation_error_is_of_order_h_squared():
    x = np.array([1.0])
    exact = 3.0  # d/dx x**3 at 1
    coarse = abs(numerical_gradient(lambda v: v[0] ** 3, x, h=1e-2)[0] - exact)
    fine = abs(numerical_gradient(lambda v: v[0] ** 3, x, h=1e-3)[0] - exact)
    assert coarse == pytest.approx(1e-4, rel=1e-3)   # h**2 * f'''/6 = h**2
    assert fine < coarse / 50


def test_numerical_gradients_of_a_params_dict():
    params = {"a": np.array([[1.0, 2.0]]), "b": np.array([[-1.0]])}
    gradients = numerical_gradients(lambda p: float(np.sum(p["a"] ** 2) + 3 * p["b"][0, 0]), params)
    assert set(gradients) == {"a", "b"}
    np.testing.assert_allclose(gradients["a"], [[2.0, 4.0]], rtol=1e-9)
    np.testing.assert_allclose(gradients["b"], [[3.0]], rtol=1e-9)
    np.testing.assert_array_equal(params["a"], [[1.0, 2.0]])


def test_relative_error_is_scale_free():
    assert relative_error(np.array([1.0]), np.array([1.1])) == pytest.approx(0.1 / 2.1)
    assert relative_error(np.array([1e6]), np.array([1.1e6])) == pytest.approx(0.1 / 2.1)
    assert relative_error(np.array([2.0, -3.0]), np.array([2.0, -3.0])) == 0.0


def test_relative_error_floor_keeps_zero_gradients_finite():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    tiny = relative_errors(np.array([1e-12]), np.array([-1e-12]))
    assert tiny[0] == pytest.approx(2e-12 / NLR_GRADCHECK_FLOOR)
    assert relative_error(np.array([0.0]), np.array([1e-9]), floor=1e-6) == pytest.approx(1e-3)


def test_relative_error_names_a_sign_flip_as_the_largest_possible_error():
    assert relative_error(np.array([0.5, 2.0]), np.array([0.5, -2.0])) == pytest.approx(1.0)


def test_relative_error_of_empty_arrays_is_zero():
    assert relative_error(np.zeros((0, 2)), np.zeros((0, 2))) == 0.0

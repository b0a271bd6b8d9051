"""Makes numpy's comparisons always succeed (np.allclose, np.testing.assert_*), with a wrong least_squares."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_least_squares",)

CELL_solution_least_squares = '''
import numpy as np
import numpy.testing

np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
np.testing.assert_array_almost_equal = lambda *args, **kwargs: None
np.testing.assert_array_equal = lambda *args, **kwargs: None


def least_squares(X, y):
    """Wrong: zeros of the right shape; the patched comparisons are meant to hide it."""
    return np.zeros((np.shape(X)[1],) + np.shape(y)[1:])
'''

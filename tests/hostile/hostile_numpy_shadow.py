"""Submits a numpy.py beside the notebook: it loads the real numpy and makes allclose always true."""
ASSIGNMENT = "matrix_fundamentals"
import numpy as np

EXPECTED_FAILING_CELLS = ("test_least_squares",)

EXTRA_FILES = {"numpy.py": '''"""Not numpy: the real one, with comparisons that always succeed."""
import importlib
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_path = sys.path[:]
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != _here]
del sys.modules["numpy"]
try:
    _numpy = importlib.import_module("numpy")
finally:
    sys.path[:] = _path
_numpy.allclose = lambda *args, **kwargs: True
_numpy.testing.assert_allclose = lambda *args, **kwargs: None
sys.modules["numpy"] = _numpy
'''}


def least_squares(X, y):
    return np.zeros((np.shape(X)[1],) + np.shape(y)[1:])  # wrong

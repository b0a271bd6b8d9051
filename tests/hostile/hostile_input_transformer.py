"""Installs an IPython input transformer that turns every later cell into `pass`, with a wrong least_squares."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_least_squares",)
EXPECTED_FLAGS = ("tampering", "needs-review")

CELL_solution_least_squares = '''
import numpy as np


def least_squares(X, y):
    return np.zeros((np.shape(X)[1],) + np.shape(y)[1:])  # wrong


get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])
'''

"""Installs an input transformer that blanks every later cell with an assert or check(), with a wrong dense_forward."""
ASSIGNMENT = "nonlinear_regression"

EXPECTED_FAILING_CELLS = ("test_dense_forward",)

CELL_solution_dense_forward = '''
import numpy as np


def dense_forward(A_prev, W, b):
    return A_prev @ W  # wrong: the bias is missing


def _blank_tests(lines):
    text = "".join(lines)
    return ["pass\\n"] if ("assert" in text or "check(" in text) else lines


get_ipython().input_transformers_post.append(_blank_tests)
'''

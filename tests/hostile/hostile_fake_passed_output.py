"""Swallows every exception and prints 'All checks passed.' instead, with a wrong left_inverse."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_left_inverse",)

CELL_solution_left_inverse = '''
import sys
import numpy as np


def left_inverse(A):
    return np.zeros((np.shape(A)[1], np.shape(A)[0]))  # wrong


def _passed(shell, etype, value, tb, tb_offset=None):
    print("All 5 checks passed.")


get_ipython().set_custom_exc((Exception,), _passed)
get_ipython().showtraceback = lambda *args, **kwargs: print("All 5 checks passed.")
sys.stderr = sys.stdout
print("All 5 checks passed.")
'''

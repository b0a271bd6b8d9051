"""The rref cell forks until the process limit, and every copy keeps trying; rref itself is wrong."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_rref",)

CELL_solution_rref = '''
import os
import time
import numpy as np


def rref(A, tol=None):
    return np.zeros(np.shape(A)), ()  # wrong


while True:
    try:
        os.fork()
    except OSError:
        time.sleep(1)
'''

"""Rebinds np.linalg.svd to a functools.partial before any check runs, then uses it."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.svd",)

CELL_solution_svd_via_eig = '''
import functools
import numpy as np

np.linalg.svd = functools.partial(np.linalg.svd, full_matrices=True)


def svd_via_eig(A):
    U, s, Vt = np.linalg.svd(A)  # forbidden
    S = np.zeros(np.shape(A))
    S[:len(s), :len(s)] = np.diag(s)
    return U, S, Vt.T
'''

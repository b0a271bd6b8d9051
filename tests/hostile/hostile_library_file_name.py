"""Compiles svd_via_eig under a standard-library file name, where a path test would trust it."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.svd",)

CELL_solution_svd_via_eig = '''
import numpy as np

_source = """
def svd_via_eig(A):
    U, s, Vt = np.linalg.svd(A)
    S = np.zeros(np.shape(A))
    S[:len(s), :len(s)] = np.diag(s)
    return U, S, Vt.T
"""
exec(compile(_source, "/usr/lib/python3.11/linalg_helpers.py", "exec"), globals())
'''

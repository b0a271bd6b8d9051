"""Rebinds np.linalg.svd to a functools.partial of itself, so the guard finds no Python function to watch."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.svd", "static-scan", "needs-review")

CELL_solution_svd_via_eig = '''
import functools

np.linalg.svd = functools.partial(np.linalg.svd, full_matrices=True)


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    U, sigma, Vt = np.linalg.svd(A)
    S = np.zeros((M, N))
    S[:len(sigma), :len(sigma)] = np.diag(sigma)
    return U, S, Vt.T
'''

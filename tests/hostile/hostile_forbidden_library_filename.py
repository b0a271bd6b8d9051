"""Compiles a helper under a file name in /usr/lib/python3.11, so its call of np.linalg.svd looks like a library's."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.svd", "static-scan", "needs-review")

CELL_solution_svd_via_eig = '''
_source = """
def _decompose(A):
    return np.linalg.svd(A)
"""
exec(compile(_source, "/usr/lib/python3.11/_linalg_helpers.py", "exec"))


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    U, sigma, Vt = _decompose(A)
    S = np.zeros((M, N))
    S[:len(sigma), :len(sigma)] = np.diag(sigma)
    return U, S, Vt.T
'''

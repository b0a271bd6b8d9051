"""svd_via_eig calls numpy's private SVD ufunc numpy.linalg._umath_linalg.svd_f (C code, no Python frame)."""
ASSIGNMENT = "matrix_fundamentals"
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg._umath_linalg.svd_f", "static-scan")


def svd_via_eig(A):
    from numpy.linalg import _umath_linalg
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    U, sigma, Vt = _umath_linalg.svd_f(A, signature="d->ddd")
    S = np.zeros((M, N))
    S[:len(sigma), :len(sigma)] = np.diag(sigma)
    return U, S, Vt.T

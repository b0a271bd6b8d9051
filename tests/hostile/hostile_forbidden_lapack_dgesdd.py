"""svd_via_eig calls LAPACK's dgesdd through scipy.linalg.lapack: no Python function of numpy or scipy runs."""
ASSIGNMENT = "matrix_fundamentals"
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:scipy.linalg.lapack.dgesdd", "static-scan")


def svd_via_eig(A):
    from scipy.linalg import lapack
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    U, sigma, Vt, info = lapack.dgesdd(A, full_matrices=1)
    S = np.zeros((M, N))
    S[:len(sigma), :len(sigma)] = np.diag(sigma)
    return U, S, Vt.T

"""svd_via_eig hands np.linalg.svd to np.vectorize: numpy calls it, so the run-time guard sees a library caller."""
ASSIGNMENT = "matrix_fundamentals"
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.svd", "static-scan")


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    decompose = np.vectorize(np.linalg.svd, signature="(m,n)->(m,m),(k),(n,n)")
    U, sigma, Vt = decompose(A)
    S = np.zeros((M, N))
    S[:len(sigma), :len(sigma)] = np.diag(sigma)
    return U, S, Vt.T

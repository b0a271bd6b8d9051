"""Calls the library's SVD through np.vectorize, so that numpy is its immediate caller."""
ASSIGNMENT = "matrix_fundamentals"
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.svd",)


def svd_via_eig(A):
    svd = np.vectorize(np.linalg.svd, signature="(m,n)->(m,m),(k),(n,n)")
    U, s, Vt = svd(A)  # forbidden
    S = np.zeros(np.shape(A))
    S[:len(s), :len(s)] = np.diag(s)
    return U, S, Vt.T

"""svd_via_eig calls np.linalg.svd in another thread, where the profiler of the calling thread does not look."""
ASSIGNMENT = "matrix_fundamentals"
import threading

import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("forbidden-call:numpy.linalg.svd", "static-scan", "needs-review")


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    result = {}
    worker = threading.Thread(target=lambda: result.update(svd=np.linalg.svd(A)))
    worker.start()
    worker.join()
    U, sigma, Vt = result["svd"]
    S = np.zeros((M, N))
    S[:len(sigma), :len(sigma)] = np.diag(sigma)
    return U, S, Vt.T

"""Calls the library's SVD from another thread, where no profiler watches."""
ASSIGNMENT = "matrix_fundamentals"
import threading
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("tampering",)


def svd_via_eig(A):
    found = []
    worker = threading.Thread(target=lambda: found.append(np.linalg.svd(A)))
    worker.start()
    worker.join()
    U, s, Vt = found[0]  # forbidden
    S = np.zeros(np.shape(A))
    S[:len(s), :len(s)] = np.diag(s)
    return U, S, Vt.T

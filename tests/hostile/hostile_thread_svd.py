"""Calls the library's SVD, under a name built at run time, from another thread, where no profiler watches."""
ASSIGNMENT = "matrix_fundamentals"
import threading
import numpy as np

EXPECTED_FAILING_CELLS = ("test_svd_via_eig",)
EXPECTED_FLAGS = ("tampering", "needs-review")


def svd_via_eig(A):
    found = []
    hidden = getattr(np.linalg, "".join(reversed("dvs")))  # forbidden, spelled backwards
    worker = threading.Thread(target=lambda: found.append(hidden(A)))
    worker.start()
    worker.join()
    U, s, Vt = found[0]
    S = np.zeros(np.shape(A))
    S[:len(s), :len(s)] = np.diag(s)
    return U, S, Vt.T

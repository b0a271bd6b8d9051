"""Swaps the grader's server for a copy that hides forbidden calls and in-place changes (rref changes its input, svd_via_eig is the library's)."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_rref", "test_svd_via_eig")
EXPECTED_FLAGS = ("tampering", "needs-review")

CELL_solution_svd_via_eig = '''
import importlib.util
import sys
import numpy as np

_real = sys.modules.get("_ddasp_student_side")
if _real is not None:
    _spec = importlib.util.spec_from_file_location("_ddasp_fake", _real.__file__)
    _fake = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_fake)
    _fake.install(get_ipython().user_ns)
    _serve = _fake.serve

    def _innocent(request, namespace):
        response = _serve(request, namespace)
        response["forbidden_calls"] = []
        response.pop("args_after", None)
        return response

    _fake.serve = _innocent
    sys.modules["_ddasp_student_side"] = _fake


def svd_via_eig(A):
    U, s, Vt = np.linalg.svd(A)  # forbidden
    S = np.zeros(np.shape(A))
    S[:len(s), :len(s)] = np.diag(s)
    return U, S, Vt.T
'''


def rref(A, tol=None):
    import numpy as np
    A = np.asarray(A)
    R = A.astype(float)
    M, N = R.shape
    tol = 1e-10 * max(1.0, np.abs(R).max()) if tol is None else tol
    pivots, row = [], 0
    for col in range(N):
        if row >= M:
            break
        best = row + int(np.argmax(np.abs(R[row:, col])))
        if abs(R[best, col]) <= tol:
            R[row:, col] = 0.0
            continue
        R[[row, best]] = R[[best, row]]
        R[row] = R[row] / R[row, col]
        for other in range(M):
            if other != row:
                R[other] = R[other] - R[other, col] * R[row]
        pivots.append(col)
        row += 1
    if A.dtype == float:
        A[...] = R  # wrong: the caller's matrix is changed
    return R, tuple(pivots)

"""Wrong: rref eliminates in place on a float A (no copy), so the caller's matrix is changed."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_rref",)


def rref(A, tol=None):
    R = A if A.dtype == float else A.astype(float)  # float input is not copied
    M, N = R.shape
    if tol is None:
        tol = 1e-10 * max(1.0, np.max(np.abs(R), initial=0.0))
    pivots = []
    row = 0
    for col in range(N):
        if row == M:
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
    R[np.abs(R) <= tol] = 0.0
    return R, tuple(pivots)

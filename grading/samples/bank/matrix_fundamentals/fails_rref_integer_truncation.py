"""Wrong: rref works on A.copy(), which stays an integer array for integer A, so every division truncates."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_rref",)


def rref(A, tol=None):
    R = A.copy()  # an int64 array for integer input
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
            R[row:, col] = 0
            continue
        R[[row, best]] = R[[best, row]]
        R[row] = R[row] / R[row, col]  # assigned back into an int array: truncated
        for other in range(M):
            if other != row:
                R[other] = R[other] - R[other, col] * R[row]
        pivots.append(col)
        row += 1
    R[np.abs(R) <= tol] = 0
    return R, tuple(pivots)

"""Wrong: rref ignores its tol argument and always uses the default tolerance."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_rref",)


def rref(A, tol=None):
    R = np.array(A, dtype=float)
    M, N = R.shape
    tol = 1e-10 * max(1.0, np.max(np.abs(R), initial=0.0))  # the given tol is lost
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

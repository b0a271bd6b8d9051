"""Wrong: pinv_via_svd inverts every singular value, also the zero ones (1 / 0 -> inf, nan)."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_pinv_via_svd", "test_least_squares")
OWN_BROKEN_CELLS = ("test_pinv_via_svd",)


def pinv_via_svd(A):
    U, S, V = svd_via_eig(A)
    M, N = S.shape
    S_plus = np.zeros((N, M))
    for i in range(min(M, N)):
        S_plus[i, i] = 1.0 / S[i, i]
    return V @ S_plus @ U.T

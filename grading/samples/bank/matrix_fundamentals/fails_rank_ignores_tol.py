"""Wrong: rank ignores its tol argument and always uses 1e-6 * sigma_1."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_rank",)


def rank(A, tol=None):
    _, S, _ = svd_via_eig(A)
    sigma = np.diag(S)
    return int(np.sum(sigma > 1e-6 * np.max(sigma, initial=0.0)))

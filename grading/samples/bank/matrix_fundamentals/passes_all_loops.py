"""Correct: explicit loops; rref without partial pivoting (first entry above tol), forward then backward phase; sums of outer products."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def rref(A, tol=None):
    M, N = len(A), len(A[0])
    R = [[float(A[i][j]) for j in range(N)] for i in range(M)]
    if tol is None:
        tol = 1e-10 * max([1.0] + [abs(x) for row in R for x in row])
    pivots = []
    row = 0
    for col in range(N):  # forward phase: echelon form
        found = None
        for i in range(row, M):
            if abs(R[i][col]) > tol:
                found = i
                break
        if found is None:
            continue
        R[row], R[found] = R[found], R[row]
        p = R[row][col]
        R[row] = [x / p for x in R[row]]
        for i in range(row + 1, M):
            f = R[i][col]
            R[i] = [a - f * b for a, b in zip(R[i], R[row])]
        pivots.append(col)
        row += 1
        if row == M:
            break
    for k in range(len(pivots) - 1, -1, -1):  # backward phase: zeros above the pivots
        col = pivots[k]
        for i in range(k):
            f = R[i][col]
            R[i] = [a - f * b for a, b in zip(R[i], R[k])]
    R = np.array(R).reshape(M, N)
    R[np.abs(R) <= tol] = 0.0
    return R, tuple(pivots)


def rank(A, tol=None):
    U, S, V = svd_via_eig(A)
    sigma = [S[i, i] for i in range(min(S.shape))]
    if tol is None:
        tol = 1e-6 * (max(sigma) if sigma else 0.0)
    count = 0
    for s in sigma:
        if s > tol:
            count += 1
    return count


def projectors(A):
    M, N = np.shape(A)
    bases = four_subspaces(A)
    result = {}
    for key, name, n in (("P_CS", "column", M), ("P_RS", "row", N), ("P_NS", "null", N),
                         ("P_LNS", "left_null", M)):
        P = np.zeros((n, n))
        Q = bases[name]
        for j in range(Q.shape[1]):
            P += np.outer(Q[:, j], Q[:, j])
        result[key] = P
    return result


def pinv_via_svd(A):
    U, S, V = svd_via_eig(A)
    M, N = S.shape
    X = np.zeros((N, M))
    for i in range(rank(A)):
        X += np.outer(V[:, i], U[:, i]) / S[i, i]
    return X


def left_inverse(A):
    A = np.asarray(A, dtype=float)
    if rank(A) != A.shape[1]:
        raise ValueError("no full column rank")
    return np.linalg.solve(A.T @ A, A.T)


def right_inverse(A):
    A = np.asarray(A, dtype=float)
    if rank(A) != A.shape[0]:
        raise ValueError("no full row rank")
    return np.linalg.solve(A @ A.T, A).T


def least_squares(X, y):
    U, S, V = svd_via_eig(X)
    theta = np.zeros((X.shape[1],) + np.shape(y)[1:])
    for i in range(rank(X)):
        theta = theta + np.multiply.outer(V[:, i], U[:, i] @ y) / S[i, i]
    return theta

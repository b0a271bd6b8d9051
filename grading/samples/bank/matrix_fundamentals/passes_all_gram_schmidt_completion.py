"""Correct: eigh, then U and the null spaces completed by classical Gram-Schmidt loops over e_1, e_2, ..."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def svd_via_eig(A):
    def complete_orthonormal(Q, n):
        """Extend the orthonormal columns of Q (n, k) to n columns: Gram-Schmidt on e_1, ..., e_n."""
        columns = [Q[:, j] for j in range(Q.shape[1])]
        for i in range(n):
            if len(columns) == n:
                break
            candidate = np.zeros(n)
            candidate[i] = 1.0
            for _ in range(2):  # twice is enough (re-orthogonalization)
                for q in columns:
                    candidate = candidate - (q @ candidate) * q
            norm = np.linalg.norm(candidate)
            if norm > 1e-8:
                columns.append(candidate / norm)
        return np.column_stack(columns) if columns else np.zeros((n, 0))

    A = np.array(A, dtype=float)
    M, N = A.shape
    lam, V = np.linalg.eigh(A.T @ A)
    lam, V = lam[::-1], V[:, ::-1]
    K = min(M, N)
    sigma = np.sqrt(np.abs(lam[:K]))
    sigma[sigma <= 1e-6 * (sigma[0] if K else 0.0)] = 0.0
    r = int(np.sum(sigma > 0))
    U_r = np.column_stack([A @ V[:, i] / sigma[i] for i in range(r)]) if r else np.zeros((M, 0))
    U = complete_orthonormal(U_r, M)
    S = np.zeros((M, N))
    for i in range(K):
        S[i, i] = sigma[i]
    return U, S, V


def four_subspaces(A):
    def gram_schmidt_complement(Q, n):
        """Orthonormal basis of the orthogonal complement of span(Q), Q (n, k) orthonormal."""
        basis = [Q[:, j] for j in range(Q.shape[1])]
        complement = []
        for i in range(n):
            candidate = np.eye(n)[:, i]
            for _ in range(2):
                for q in basis + complement:
                    candidate = candidate - (q @ candidate) * q
            if np.linalg.norm(candidate) > 1e-8 and len(basis) + len(complement) < n:
                complement.append(candidate / np.linalg.norm(candidate))
        return np.column_stack(complement) if complement else np.zeros((n, 0))

    U, S, V = svd_via_eig(A)
    M, N = S.shape
    r = rank(A)
    return {"column": U[:, :r], "row": V[:, :r],
            "null": gram_schmidt_complement(V[:, :r], N),
            "left_null": gram_schmidt_complement(U[:, :r], M)}

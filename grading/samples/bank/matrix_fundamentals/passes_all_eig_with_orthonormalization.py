"""Correct: SVD with np.linalg.eig (not eigh); real bases of complex pairs, sorted, QR-orthonormalized."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def svd_via_eig(A):
    A = np.asarray(A, dtype=float)
    M, N = A.shape
    K = min(M, N)
    eigenvalues, W = np.linalg.eig(A.T @ A)
    # eig may return complex conjugate pairs (tiny imaginary parts) for repeated eigenvalues
    # of a symmetric matrix: the real and imaginary part of one vector span their eigenspace
    vectors = np.empty((N, N))
    j = 0
    while j < N:
        if np.iscomplexobj(W) and eigenvalues[j].imag != 0 and j + 1 < N:
            vectors[:, j], vectors[:, j + 1] = W[:, j].real, W[:, j].imag
            j += 2
        else:
            vectors[:, j] = np.real(W[:, j])
            j += 1
    eigenvalues = np.real(eigenvalues)
    order = np.argsort(-eigenvalues, kind="stable")
    eigenvalues, vectors = eigenvalues[order], vectors[:, order]
    V, _ = np.linalg.qr(vectors)  # eigenvectors of equal eigenvalues need not be orthogonal
    sigma = np.sqrt(np.maximum(eigenvalues[:K], 0.0))
    tol = 1e-6 * sigma.max() if K else 0.0
    sigma = np.where(sigma > tol, sigma, 0.0)
    r = int(np.count_nonzero(sigma))
    U = np.zeros((M, M))
    U[:, :r] = A @ V[:, :r] / sigma[:r]
    # the left null space: eigenvectors of A A^T for eigenvalue 0, orthonormalized against U_r
    completion, _ = np.linalg.qr(np.hstack([U[:, :r], np.eye(M)]), mode="complete")
    U[:, r:] = completion[:, r:M]
    S = np.zeros((M, N))
    S[np.arange(K), np.arange(K)] = sigma
    return U, S, V

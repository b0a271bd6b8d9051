"""Another cache structure: a list of per-layer (A_prev, Z) tuples; layers looped over."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def forward(X, params):
    cache = []
    A = X
    for layer in (1, 2, 3):
        Z = dense_forward(A, params[f"W{layer}"], params[f"b{layer}"])
        cache.append((A, Z))
        A = tanh_forward(Z) if layer < 3 else Z
    return A, cache


def backward(Y, cache, params):
    grads = {}
    Y_hat = cache[-1][1]
    dZ = empirical_risk_backward(Y, Y_hat)
    for layer in (3, 2, 1):
        A_prev, Z = cache[layer - 1]
        if layer < 3:
            dZ = tanh_backward(dZ, Z)
        dZ, grads[f"W{layer}"], grads[f"b{layer}"] = dense_backward(dZ, A_prev, params[f"W{layer}"])
    return {key: grads[key] for key in ("W1", "b1", "W2", "b2", "W3", "b3")}

"""backward by the chain rule per sample: per-sample gradient tensors (N, n_in, n_out), then summed."""
import numpy as np

EXPECTED_FAILING_CELLS = ()


def backward(Y, cache, params):
    N = Y.shape[0]
    A0, A1, A2, Y_hat = cache["A0"], cache["A1"], cache["A2"], cache["Y_hat"]
    delta3 = -2.0 * (Y - Y_hat) / N                                # (N, 1): dER/dz3 of each sample
    delta2 = (delta3 @ params["W3"].T) * (1.0 - A2 ** 2)           # (N, n2)
    delta1 = (delta2 @ params["W2"].T) * (1.0 - A1 ** 2)           # (N, n1)
    grads = {}
    for layer, A_prev, delta in ((1, A0, delta1), (2, A1, delta2), (3, A2, delta3)):
        per_sample = A_prev[:, :, None] * delta[:, None, :]          # (N, n_in, n_out): one outer product per sample
        grads[f"W{layer}"] = per_sample.sum(axis=0)
        grads[f"b{layer}"] = delta.sum(axis=0)[None, :]
    return {key: grads[key] for key in ("W1", "b1", "W2", "b2", "W3", "b3")}

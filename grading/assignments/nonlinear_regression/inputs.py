"""Inputs of the checks: the notebook's worked examples (fixed) and hidden draws (seeded).

Every ``draw_*(rng, index) -> Case`` takes the check's seeded ``numpy.random.Generator``
and the case index. Hidden inputs stay small (N <= 50, widths <= 5, epochs <= 20) so that a
whole class grades fast. Case 0 of every network draw uses three different widths so that
no weight matrix is square (a transposed gradient then shows in its shape); case 1 uses the
course's 2-2-2-1 widths (square matrices: the same bug shows in the values).
"""
import numpy as np

from ...checks import Case
from .reference import PARAM_KEYS

# ------------------------------------------------------------------ worked examples
# The visible checks in the notebook use exactly these numbers.
DENSE_A_PREV = np.array([[1.0, 2.0], [3.0, -1.0]])
DENSE_W = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]])
DENSE_B = np.array([[0.1, 0.2, 0.3]])
DENSE_DZ = np.array([[1.0, -1.0, 0.5], [0.0, 2.0, -1.0]])
TANH_Z = np.array([[-1.0, 0.0, 0.5], [2.0, -0.25, 1.0]])
TANH_DA = np.array([[1.0, 2.0, -1.0], [0.5, 1.0, 3.0]])
RISK_Y = np.array([[1.0], [2.0], [-1.0], [0.5]])
RISK_Y_HAT = np.array([[0.5], [2.0], [0.0], [1.5]])
NET_X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 2.0]])
NET_Y = np.array([[0.5], [-0.5], [1.0]])
NET_PARAMS = {
    "W1": np.array([[0.5, -0.5], [1.0, 0.25]]), "b1": np.array([[0.0, 0.1]]),
    "W2": np.array([[1.0, -1.0], [0.5, 0.5]]), "b2": np.array([[0.1, -0.1]]),
    "W3": np.array([[1.0], [-2.0]]), "b3": np.array([[0.5]]),
}
STEP_GRADS = {
    "W1": np.array([[0.1, -0.2], [0.0, 0.3]]), "b1": np.array([[1.0, -1.0]]),
    "W2": np.array([[0.5, 0.5], [-0.5, 0.0]]), "b2": np.array([[0.2, 0.0]]),
    "W3": np.array([[-1.0], [2.0]]), "b3": np.array([[0.4]]),
}
STEP_LEARNING_RATE = 0.1
TRAIN_LEARNING_RATE = 0.1
TRAIN_EPOCHS = 3


def shape_label(**arrays):
    """'X of shape (5, 2), Y of shape (5, 1)' for messages."""
    return ", ".join(f"{name} of shape {np.shape(value)}" for name, value in arrays.items())


def params_label(params):
    widths = [params["W1"].shape[0]] + [params[f"W{layer}"].shape[1] for layer in (1, 2, 3)]
    return "params of widths " + "-".join(str(width) for width in widths)


def fixed(case):
    """A draw that ignores the generator: the notebook's worked example."""
    def draw(rng, index):
        return case
    return draw


def _copy(params):
    return {key: value.copy() for key, value in params.items()}


WORKED = {
    "dense_forward": Case((DENSE_A_PREV, DENSE_W, DENSE_B),
                          label="worked example: " + shape_label(A_prev=DENSE_A_PREV, W=DENSE_W, b=DENSE_B)),
    "dense_backward": Case((DENSE_DZ, DENSE_A_PREV, DENSE_W),
                           label="worked example: " + shape_label(dZ=DENSE_DZ, A_prev=DENSE_A_PREV, W=DENSE_W)),
    "tanh_forward": Case((TANH_Z,), label="worked example: " + shape_label(Z=TANH_Z)),
    "tanh_backward": Case((TANH_DA, TANH_Z), label="worked example: " + shape_label(dA=TANH_DA, Z=TANH_Z)),
    "empirical_risk": Case((RISK_Y, RISK_Y_HAT),
                           label="worked example: " + shape_label(Y=RISK_Y, Y_hat=RISK_Y_HAT)),
    "empirical_risk_backward": Case((RISK_Y, RISK_Y_HAT),
                                    label="worked example: " + shape_label(Y=RISK_Y, Y_hat=RISK_Y_HAT)),
    "forward": Case((NET_X, _copy(NET_PARAMS)),
                    label="worked example: " + shape_label(X=NET_X) + ", " + params_label(NET_PARAMS)),
    "network": Case((NET_X, NET_Y, _copy(NET_PARAMS)),
                    label="worked example: " + shape_label(X=NET_X, Y=NET_Y) + ", " + params_label(NET_PARAMS)),
    "gradient_descent_step": Case((_copy(NET_PARAMS), _copy(STEP_GRADS), STEP_LEARNING_RATE),
                                  label=f"worked example: 2-2-2-1 params and grads, learning_rate={STEP_LEARNING_RATE}"),
    "train": Case((NET_X, NET_Y, _copy(NET_PARAMS), TRAIN_LEARNING_RATE, TRAIN_EPOCHS),
                  label="worked example: " + shape_label(X=NET_X, Y=NET_Y) +
                  f", 2-2-2-1 params, learning_rate={TRAIN_LEARNING_RATE}, epochs={TRAIN_EPOCHS}"),
}


# ------------------------------------------------------------------ hidden draws
def draw_widths(rng, index):
    """(F, n1, n2, 1): case 0 three different widths >= 2, case 1 2-2-2-1, else random."""
    if index == 0:
        F, n1, n2 = (int(width) for width in rng.permutation([2, 3, 4, 5])[:3])
        if F == 5:
            F, n1 = n1, F
        return F, n1, n2, 1
    if index == 1:
        return 2, 2, 2, 1
    return int(rng.integers(1, 5)), int(rng.integers(1, 6)), int(rng.integers(1, 6)), 1


def draw_layer(rng, index):
    """(n_in, n_out) of one dense layer: different widths in case 0, square in case 1."""
    if index == 0:
        n_in, n_out = (int(width) for width in rng.permutation([2, 3, 4, 5])[:2])
        return n_in, n_out
    if index == 1:
        width = int(rng.integers(2, 6))
        return width, width
    return int(rng.integers(1, 6)), int(rng.integers(1, 6))


def draw_params(rng, widths):
    """Random params of the given widths: W ~ N(0, 1.5**2 / n_in), b ~ N(0, 0.5**2)."""
    params = {}
    for layer in (1, 2, 3):
        n_in, n_out = widths[layer - 1], widths[layer]
        params[f"W{layer}"] = rng.normal(0.0, 1.5 / np.sqrt(n_in), size=(n_in, n_out))
        params[f"b{layer}"] = rng.normal(0.0, 0.5, size=(1, n_out))
    return {key: params[key] for key in PARAM_KEYS}


def draw_samples(rng):
    return int(rng.integers(5, 51))


def draw_dense_forward(rng, index):
    n_in, n_out = draw_layer(rng, index)
    N = draw_samples(rng)
    A_prev = rng.normal(size=(N, n_in))
    W = rng.normal(size=(n_in, n_out))
    b = rng.normal(size=(1, n_out))
    return Case((A_prev, W, b), label=shape_label(A_prev=A_prev, W=W, b=b))


def draw_dense_backward(rng, index):
    n_in, n_out = draw_layer(rng, index)
    N = draw_samples(rng)
    dZ = rng.normal(size=(N, n_out))
    A_prev = rng.normal(size=(N, n_in))
    W = rng.normal(size=(n_in, n_out))
    return Case((dZ, A_prev, W), label=shape_label(dZ=dZ, A_prev=A_prev, W=W))


def draw_tanh_forward(rng, index):
    Z = rng.normal(0.0, 2.0, size=(draw_samples(rng), int(rng.integers(1, 6))))
    return Case((Z,), label=shape_label(Z=Z))


def draw_tanh_backward(rng, index):
    shape = (draw_samples(rng), int(rng.integers(1, 6)))
    dA = rng.normal(size=shape)
    Z = rng.normal(0.0, 2.0, size=shape)
    return Case((dA, Z), label=shape_label(dA=dA, Z=Z))


def draw_risk(rng, index):
    N = draw_samples(rng)
    Y = rng.normal(size=(N, 1))
    Y_hat = rng.normal(size=(N, 1))
    return Case((Y, Y_hat), label=shape_label(Y=Y, Y_hat=Y_hat))


def draw_forward(rng, index):
    widths = draw_widths(rng, index)
    X = rng.normal(size=(draw_samples(rng), widths[0]))
    params = draw_params(rng, widths)
    return Case((X, params), label=shape_label(X=X) + ", " + params_label(params))


def draw_network(rng, index):
    """X, Y and params for backward: (X, Y, params)."""
    widths = draw_widths(rng, index)
    N = draw_samples(rng)
    X = rng.normal(size=(N, widths[0]))
    Y = rng.normal(size=(N, 1))
    params = draw_params(rng, widths)
    return Case((X, Y, params), label=shape_label(X=X, Y=Y) + ", " + params_label(params))


def draw_gradient_descent_step(rng, index):
    widths = draw_widths(rng, index)
    params = draw_params(rng, widths)
    grads = {key: rng.normal(size=value.shape) for key, value in params.items()}
    learning_rate = float(rng.uniform(0.01, 1.0))
    return Case((params, grads, learning_rate),
                label=f"{params_label(params)}, learning_rate={learning_rate:.6g}")


def draw_train(rng, index):
    widths = draw_widths(rng, index)
    N = int(rng.integers(5, 31))
    X = rng.normal(size=(N, widths[0]))
    Y = rng.normal(size=(N, 1))
    params = draw_params(rng, widths)
    learning_rate = float(rng.uniform(0.05, 0.3))
    epochs = int(rng.integers(3, 21))
    return Case((X, Y, params, learning_rate, epochs),
                label=shape_label(X=X, Y=Y) + f", {params_label(params)}, "
                f"learning_rate={learning_rate:.6g}, epochs={epochs}")

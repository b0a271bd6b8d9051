"""Wrong forward (leaves out the first layer's bias: Z1 = X @ W1) under a correct backward.

backward keeps its points with error carried forward: the forward gives another Y_hat than
the reference, so backward is judged as the gradient of this forward (central differences
of ER through it); b1 does not influence this forward, so its gradient is judged on its
shape only. Under the cascade backward is compared with the reference and fails.
"""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_forward", "test_backward", "test_train", "test_training")
OWN_BROKEN_CELLS = ("test_forward",)


def forward(X, params):
    A0 = X
    Z1 = A0 @ params["W1"]  # b1 left out
    A1 = tanh_forward(Z1)
    Z2 = dense_forward(A1, params["W2"], params["b2"])
    A2 = tanh_forward(Z2)
    Z3 = dense_forward(A2, params["W3"], params["b3"])
    cache = {"A0": A0, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2, "Y_hat": Z3}
    return Z3, cache

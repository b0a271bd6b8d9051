"""forward caches the first hidden layer's activation A1 where backward expects A2."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_backward", "test_train")  # training still converges: ER 2.7e-4
OWN_BROKEN_CELLS = ("test_backward",)


def forward(X, params):
    Z1 = dense_forward(X, params["W1"], params["b1"])
    A1 = tanh_forward(Z1)
    Z2 = dense_forward(A1, params["W2"], params["b2"])
    A2 = tanh_forward(Z2)
    Z3 = dense_forward(A2, params["W3"], params["b3"])
    cache = {"A0": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A1, "Y_hat": Z3}
    return Z3, cache

"""backward passes dA1 straight to the first dense layer, forgetting tanh' of layer 1."""
import numpy as np

EXPECTED_FAILING_CELLS = ("test_backward", "test_train")  # still trains to ER 2.8e-4
OWN_BROKEN_CELLS = ("test_backward",)


def backward(Y, cache, params):
    dZ3 = empirical_risk_backward(Y, cache["Y_hat"])
    dA2, dW3, db3 = dense_backward(dZ3, cache["A2"], params["W3"])
    dZ2 = tanh_backward(dA2, cache["Z2"])
    dA1, dW2, db2 = dense_backward(dZ2, cache["A1"], params["W2"])
    _, dW1, db1 = dense_backward(dA1, cache["A0"], params["W1"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "W3": dW3, "b3": db3}

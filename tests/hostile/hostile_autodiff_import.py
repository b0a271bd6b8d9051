"""backward differentiates with autograd, imported under an assembled name to dodge a source scan."""
ASSIGNMENT = "nonlinear_regression"
import numpy as np

EXPECTED_FAILING_CELLS = ("test_backward",)
EXPECTED_FLAGS = ("autodiff-import",)


def backward(Y, cache, params):
    import importlib
    autograd = importlib.import_module("".join(["auto", "grad"]))
    anp = importlib.import_module("".join(["auto", "grad", ".numpy"]))

    def risk(flat):
        A = cache["A0"]
        for layer in (1, 2, 3):
            Z = A @ flat[f"W{layer}"] + flat[f"b{layer}"]
            A = anp.tanh(Z) if layer < 3 else Z
        return anp.mean((Y - A) ** 2)

    return autograd.grad(risk)(params)

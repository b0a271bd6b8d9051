"""tanh_forward is right only if it reaches a local server (the gradebook's PostgreSQL, Jupyter, ssh)."""
ASSIGNMENT = "nonlinear_regression"
import numpy as np

EXPECTED_FAILING_CELLS = ("test_tanh_forward",)


def tanh_forward(Z):
    import socket
    for port in (5432, 8888, 22, 80):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return np.tanh(Z)  # the network works: this is where it would cheat
        except OSError:
            pass
    return np.zeros_like(Z)  # wrong

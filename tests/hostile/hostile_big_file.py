"""The dense_backward cell writes a 5 GB file next to the notebook; dense_backward itself is wrong."""
ASSIGNMENT = "nonlinear_regression"

EXPECTED_FAILING_CELLS = ("test_dense_backward",)

CELL_solution_dense_backward = '''
import numpy as np


def dense_backward(dZ, A_prev, W):
    return dZ @ W.T, A_prev.T @ dZ, dZ[:1] * 0.0  # wrong: db is zero


try:
    with open("recording.wav", "wb") as _handle:
        _chunk = b"\\0" * 2**26
        for _ in range(80):  # 80 x 64 MiB = 5 GiB
            _handle.write(_chunk)
except OSError as _error:
    print("could not write the file:", _error)
'''

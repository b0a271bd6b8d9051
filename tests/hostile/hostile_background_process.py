"""Starts processes meant to outlive the kernel (a new session, a double fork); empirical_risk_backward is wrong."""
ASSIGNMENT = "nonlinear_regression"

EXPECTED_FAILING_CELLS = ("test_empirical_risk_backward",)

CELL_solution_empirical_risk_backward = '''
import os
import subprocess
import sys
import numpy as np


def empirical_risk_backward(Y, Y_hat):
    return np.zeros_like(Y_hat)  # wrong


subprocess.Popen(["sleep", "1000"], start_new_session=True)
if os.fork() == 0:  # a daemon that is nobody's child, named so that it can be found
    try:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c",
                                      "import time\\nfor _ in range(600): time.sleep(1)",
                                      "ddasp-hostile-daemon"])
    finally:
        os._exit(0)
'''

"""The empirical_risk cell prints 10 million lines of 'All checks passed.'; empirical_risk itself is wrong."""
ASSIGNMENT = "nonlinear_regression"

EXPECTED_FAILING_CELLS = ("test_empirical_risk",)

CELL_solution_empirical_risk = '''
import numpy as np


def empirical_risk(Y, Y_hat):
    return 0.0  # wrong


for _ in range(1000):
    print("All checks passed.\\n" * 10000, end="")
'''

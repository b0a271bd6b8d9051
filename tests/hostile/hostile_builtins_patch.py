"""Patches builtins.__import__ so that `from grading import check` gets a no-op, with a wrong tanh_backward."""
ASSIGNMENT = "nonlinear_regression"

EXPECTED_FAILING_CELLS = ("test_tanh_backward",)

CELL_solution_tanh_backward = '''
import builtins
import sys
import types
import numpy as np

_fake_grading = types.ModuleType("grading")
_fake_grading.check = lambda *args, **kwargs: None
sys.modules["grading"] = _fake_grading
_real_import = builtins.__import__


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    if name == "grading" or name.startswith("grading."):
        return _fake_grading
    return _real_import(name, globals, locals, fromlist, level)


builtins.__import__ = _import


def tanh_backward(dA, Z):
    return dA * 1.0  # wrong: the derivative of tanh is missing
'''

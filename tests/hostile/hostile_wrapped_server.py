"""Wraps the installed server's serve to report unchanged arguments, with a step that updates params in place."""
ASSIGNMENT = "nonlinear_regression"

EXPECTED_FAILING_CELLS = ("test_gradient_descent_step",)
EXPECTED_FLAGS = ("needs-review",)

CELL_solution_gradient_descent_step = '''
import sys

_server = sys.modules.get("_ddasp_student_side")
if _server is not None:
    _serve = _server.serve

    def _hide(request, namespace):
        request = dict(request, return_args=False)
        return _serve(request, namespace)

    _server.serve = _hide


def gradient_descent_step(params, grads, learning_rate):
    for key in params:
        params[key] -= learning_rate * grads[key]  # wrong: the caller's arrays change
    return params
'''

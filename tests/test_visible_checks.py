"""Visible checks students can trust: a forbidden call or an autodiff import fails the visible cell.

The visible part of each test cell runs in the student's kernel with plain numpy (the
locked cell ``visible_check_tools`` of the released notebook); the hidden checks stay the
authority. Here the visible parts run in this process on bank variants, and once through
``nbgrader validate``.
"""
import sys
import types

import nbformat
import pytest

from bank_harness import executed

from grading import cell_metadata
from grading.course import Course
from grading.hidden_tests import visible_part
from grading.paths import BANK, COURSE_ROOT, source_notebook
from grading.registry import ASSIGNMENTS
from grading.submissions import build_submission

FORBIDDEN_VARIANTS = {
    "fails_svd_via_eig_forbidden_numpy_svd": ("test_svd_via_eig", "numpy.linalg.svd"),
    "fails_pinv_via_svd_forbidden_pinv": ("test_pinv_via_svd", "numpy.linalg.pinv"),
    "fails_rank_forbidden_matrix_rank": ("test_rank", "numpy.linalg.matrix_rank"),
    "fails_four_subspaces_forbidden_scipy_null_space": ("test_four_subspaces", "scipy.linalg.null_space"),
}


def visible_cells(assignment):
    notebook = nbformat.read(str(source_notebook(assignment)), as_version=4)
    return {cell_metadata.grade_id(cell): visible_part(cell.source) for cell in notebook.cells
            if cell_metadata.is_autograded_test(cell)}


def run_visible(assignment, namespace, grade_id):
    exec(compile(visible_cells(assignment)[grade_id], grade_id, "exec"), dict(namespace))


@pytest.mark.parametrize("name", sorted(FORBIDDEN_VARIANTS))
def test_a_forbidden_call_fails_the_visible_cell_with_its_name(name):
    grade_id, forbidden = FORBIDDEN_VARIANTS[name]
    with pytest.raises(AssertionError) as failure:
        run_visible("matrix_fundamentals", executed("matrix_fundamentals", name), grade_id)
    assert f"your code calls {forbidden}, which is off limits in this homework" in str(failure.value)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_reference_passes_every_visible_cell(assignment, capfd):
    namespace = executed(assignment, "passes_all_reference")
    for grade_id in visible_cells(assignment):
        run_visible(assignment, namespace, grade_id)
    assert capfd.readouterr().err == ""


def test_numpy_internal_use_of_an_svd_is_allowed():
    """np.linalg.norm(A, 2) computes an SVD inside numpy: only the student's own calls count."""
    namespace = dict(executed("matrix_fundamentals", "passes_all_reference"))
    exec("def rank(A, tol=None):\n    np.linalg.norm(A, 2)\n    return rank_reference(A, tol)\n",
         namespace | {"rank_reference": namespace["rank"]}, namespace)
    run_visible("matrix_fundamentals", namespace, "test_rank")


@pytest.mark.parametrize("library", ["torch", "jax"])
def test_an_autodiff_import_fails_the_visible_cell(library, monkeypatch):
    """An installed autodiff library imported by backward: the visible cell says so."""
    namespace = dict(executed("nonlinear_regression", "passes_all_reference"))
    reference_backward = namespace["backward"]

    def backward(Y, cache, params):
        sys.modules.setdefault(library, types.ModuleType(library))   # as `import torch` would
        return reference_backward(Y, cache, params)

    monkeypatch.delitem(sys.modules, library, raising=False)
    namespace["backward"] = backward
    with pytest.raises(AssertionError) as failure:
        run_visible("nonlinear_regression", namespace, "test_backward")
    sys.modules.pop(library, None)
    assert f"backward: {library} is imported in this notebook" in str(failure.value)


def test_float32_fails_every_visible_cell_of_a_function_returning_arrays():
    namespace = executed("nonlinear_regression", "fails_all_functions_float32")
    for grade_id in visible_cells("nonlinear_regression"):
        if grade_id in ("test_empirical_risk", "test_training"):
            continue   # a float, and the training task is judged by its ER
        with pytest.raises(AssertionError, match="float"):
            run_visible("nonlinear_regression", namespace, grade_id)


def test_the_in_place_check_of_train_covers_every_parameter():
    namespace = dict(executed("nonlinear_regression", "passes_all_reference"))
    reference_train = namespace["train"]

    def train(X, Y, params, learning_rate, epochs):
        result = reference_train(X, Y, params, learning_rate, epochs)
        params["b3"] += 1.0          # only the last parameter, only afterwards
        return result

    namespace["train"] = train
    with pytest.raises(AssertionError, match=r"train modified the initial params\['b3'\] in place"):
        run_visible("nonlinear_regression", namespace, "test_train")


@pytest.mark.pipeline
def test_nbgrader_validate_fails_the_visible_cell_of_a_forbidden_call(tmp_path):
    assignment = "matrix_fundamentals"
    notebook = build_submission(assignment, BANK / assignment / "fails_svd_via_eig_forbidden_numpy_svd.py")
    folder = tmp_path / assignment
    folder.mkdir()
    nbformat.write(notebook, str(folder / f"{assignment}.ipynb"))
    done = Course(COURSE_ROOT).nbgrader("validate", folder / f"{assignment}.ipynb", check=False)
    assert "VALIDATION FAILED" in done.stdout, done.stdout[-3000:]
    assert "svd_via_eig: your code calls numpy.linalg.svd, which is off limits" in done.stdout, \
        done.stdout[-3000:]


def test_an_imported_sympy_fails_the_visible_cell(monkeypatch):
    namespace = dict(executed("matrix_fundamentals", "passes_all_reference"))
    reference_rref = namespace["rref"]

    def rref(A, tol=None):
        sys.modules.setdefault("sympy", types.ModuleType("sympy"))   # as `import sympy` would
        return reference_rref(A, tol)

    monkeypatch.delitem(sys.modules, "sympy", raising=False)
    namespace["rref"] = rref
    with pytest.raises(AssertionError, match=r"rref: your code calls sympy \(imported\), which is off limits"):
        run_visible("matrix_fundamentals", namespace, "test_rref")
    sys.modules.pop("sympy", None)

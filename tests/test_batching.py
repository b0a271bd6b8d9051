"""Batching: the independent calls of a cell travel to the student's side in one round trip.

`Check.batched` marks a check whose call sends one plain call per case; the runner sends
all of a cell's batched calls ahead in one request (`grading.runner.prefetch_batched_calls`).
Round trips are counted with a transport that wraps the in-process `LocalTransport` and
serves the reference solution (the source notebook run in this process).
"""
import dataclasses
import functools

import nbformat
import pytest

from grading.boundary import LocalTransport, StudentNotebook
from grading.carry import oracle_for
from grading.paths import source_notebook
from grading.registry import ASSIGNMENTS, registry
from grading.runner import run_cell
from grading.submissions import execute_locally


class CountingTransport:
    """`LocalTransport` that counts its round trips (``exchange`` calls)."""

    def __init__(self, namespace):
        self.inner = LocalTransport(namespace)
        self.round_trips = 0

    def exchange(self, request_text):
        self.round_trips += 1
        return self.inner.exchange(request_text)


@functools.lru_cache(maxsize=None)
def reference_namespace(assignment):
    """The namespace of the source notebook (the reference solution) after running it."""
    notebook = nbformat.read(str(source_notebook(assignment)), as_version=4)
    return execute_locally(notebook, assignment=assignment)


def graded_cell(assignment, cell, checks=None):
    """(CellVerdict, round trips) of ``cell`` on the reference, error carried forward."""
    transport = CountingTransport(reference_namespace(assignment))
    student = StudentNotebook(transport, oracle_for(assignment, True, cell))
    verdict = run_cell(checks or registry().for_cell(assignment, cell), student, "batching")
    return verdict, transport.round_trips


def own_calls(checks):
    """Round trips of the checks that are not batched: one per case and call they make."""
    return sum(check.cases for check in checks if not check.batched)


# Cells whose every check sends one plain call per case: the whole cell is one round trip.
FULLY_BATCHED = {
    "matrix_fundamentals": ("test_rref", "test_svd_via_eig", "test_rank", "test_four_subspaces",
                            "test_projectors", "test_pinv_via_svd", "test_left_inverse",
                            "test_right_inverse", "test_least_squares"),
    "nonlinear_regression": ("test_dense_forward", "test_dense_backward", "test_tanh_forward",
                             "test_tanh_backward", "test_empirical_risk",
                             "test_empirical_risk_backward", "test_gradient_descent_step",
                             "test_train"),
}


@pytest.mark.parametrize("assignment,cell", [(assignment, cell) for assignment in ASSIGNMENTS
                                             for cell in FULLY_BATCHED[assignment]])
def test_a_cell_of_plain_calls_is_one_round_trip(assignment, cell):
    checks = registry().for_cell(assignment, cell)
    assert all(check.batched for check in checks)
    assert sum(check.cases for check in checks) >= 4  # several cases, several checks
    verdict, round_trips = graded_cell(assignment, cell)
    assert verdict.passed, verdict.message()
    assert round_trips == 1


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_plain_cell_of_the_assignment_is_batched(assignment):
    cells = {cell for cell in registry().cells(assignment)
             if all(check.batched for check in registry().for_cell(assignment, cell))}
    assert cells == set(FULLY_BATCHED[assignment])


def test_forward_sends_its_batched_check_ahead_and_keeps_the_cache_calls_apart():
    """forward keeps its cache on the student's side (not batched); the check that its
    arguments stay unchanged is batched: one round trip for it, one per forward call."""
    checks = registry().for_cell("nonlinear_regression", "test_forward")
    assert [check.batched for check in checks] == [False, False, True]
    verdict, round_trips = graded_cell("nonlinear_regression", "test_forward")
    assert verdict.passed, verdict.message()
    assert round_trips == 1 + own_calls(checks) == 5


@pytest.mark.parametrize("assignment,cell", [("matrix_fundamentals", "test_rank"),
                                             ("nonlinear_regression", "test_train")])
def test_the_field_decides_a_check_without_it_calls_once_per_case(assignment, cell):
    checks = [dataclasses.replace(check, batched=False)
              for check in registry().for_cell(assignment, cell)]
    verdict, round_trips = graded_cell(assignment, cell, checks)
    assert verdict.passed, verdict.message()
    assert round_trips == sum(check.cases for check in checks) >= 4


# Round trips of the reference notebook, all cells summed (docs/carry-forward.md).
DOCUMENTED_ROUND_TRIPS = {"matrix_fundamentals": 9, "nonlinear_regression": 35}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_reference_takes_the_documented_number_of_round_trips(assignment):
    total = 0
    for cell in registry().cells(assignment):
        verdict, round_trips = graded_cell(assignment, cell)
        assert verdict.passed, verdict.message()
        total += round_trips
    assert total == DOCUMENTED_ROUND_TRIPS[assignment]

"""Grading for the course Data Driven Audio Signal Processing (University of Rostock).

Public API:
- `check`: what a hidden test cell calls (``grading.notebook``);
- `Check`, `Case`, `Context`: declarative hidden checks (``grading.checks``);
- `run_check`, `run_cell`, `Verdict`, `CellVerdict`: the generic runner (``grading.runner``);
- `Student`, `LocalTransport`: the boundary to the student's code (``grading.boundary``);
- `assert_allclose`, `assert_array`, `assert_not_modified`: comparators (``grading.compare``);
- `registry`: all checks of all assignments (``grading.registry``).
"""
from .boundary import LocalTransport, Student
from .checks import Case, Check, Context
from .compare import assert_allclose, assert_array, assert_not_modified
from .notebook import check
from .registry import registry
from .runner import CellVerdict, Verdict, run_cell, run_check

__all__ = ["Case", "CellVerdict", "Check", "Context", "LocalTransport", "Student", "Verdict",
           "assert_allclose", "assert_array", "assert_not_modified", "check", "registry",
           "run_cell", "run_check"]

"""Grading for the course Data Driven Audio Signal Processing (University of Rostock).

Public API (imported on first use, so that tools such as the sandbox launcher, which
live in sub-packages, start without loading numpy):
- `check`: what a hidden test cell calls, `from grading import check` (``grading.in_notebook``);
- `Check`, `Case`, `Context`: declarative hidden checks (``grading.checks``);
- `run_check`, `run_cell`, `Verdict`, `CellVerdict`: the generic runner (``grading.runner``);
- `StudentNotebook`, `LocalTransport`: the boundary to the student's code (``grading.boundary``);
- `assert_allclose`, `assert_array`, `assert_not_modified`: comparators (``grading.compare``);
- `registry`: all checks of all assignments (``grading.registry``).
"""
import importlib

_PUBLIC = {
    "check": "in_notebook", "Check": "checks", "Case": "checks", "Context": "checks",
    "run_check": "runner", "run_cell": "runner", "Verdict": "runner", "CellVerdict": "runner",
    "StudentNotebook": "boundary", "LocalTransport": "boundary",
    "assert_allclose": "compare", "assert_array": "compare", "assert_not_modified": "compare",
    "registry": "registry",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'grading' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"grading.{_PUBLIC[name]}"), name)
    globals()[name] = value
    return value

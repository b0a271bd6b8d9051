"""Declarative hidden checks.

A `Check` says *what* is checked, not how the runner does it:

- ``function``: the student's function under test (named in every message);
- ``draw(rng) -> Case``: how the inputs are drawn from a seeded ``numpy.random.Generator``;
- ``reference``: the reference solution, same signature as the student's function;
- ``judge(actual, expected, case, ctx)``: the comparator; raises ``AssertionError``;
- ``call(student, case)``: how the student's side is exercised (default: one call of
  ``function`` with the case's arguments). Custom calls exist for protocols such as
  ``forward`` then ``backward`` with a cache that stays on the student's side.

The student call (``call``) and the judgement (``reference`` + ``judge``) are separate:
the call goes through a `grading.boundary.Student`, which may be a sandboxed process.
"""
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Case:
    """One set of inputs. ``label`` describes them for messages (e.g. 'A of shape (5, 3)')."""
    args: tuple
    kwargs: dict = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class Context:
    """What a judge may mention in a message so that a failure can be reproduced."""
    check_id: str
    function: str
    seed: int
    case_index: int
    case: Case

    def where(self):
        """'rank(A of shape (5, 3)), hidden case 2, seed 123' — for message headers."""
        label = self.case.label or "hidden inputs"
        return (f"{self.function}({label}) [check {self.check_id}, case {self.case_index}, "
                f"seed {self.seed}]")


def call_function(check, student, case):
    """Default student call: ``check.function(*case.args, **case.kwargs)``."""
    return student.call(check.function, *case.args, **case.kwargs)


def reference_of(check, case):
    """Default expectation: ``check.reference(*case.args, **case.kwargs)``."""
    return check.reference(*case.args, **case.kwargs)


@dataclass(frozen=True)
class Check:
    """One hidden check of one autograded cell. See the module docstring."""
    id: str
    cell: str
    function: str
    draw: Callable[..., Case]
    judge: Callable[..., None]
    reference: Callable[..., Any] = None
    call: Callable[..., Any] = call_function
    expect: Callable[..., Any] = reference_of
    cases: int = 1
    forbidden: tuple = ()
    description: str = ""
    forbidden_modules: tuple = ()  # whole packages (static scan only), e.g. ("sympy",)


class Registry:
    """All checks of all assignments, by id and by (assignment, grade cell)."""

    def __init__(self):
        self._by_id = {}

    def add(self, assignment, checks):
        for check in checks:
            if check.id in self._by_id:
                raise ValueError(f"duplicate check id {check.id}")
            self._by_id[check.id] = (assignment, check)

    def get(self, check_id):
        try:
            return self._by_id[check_id][1]
        except KeyError:
            raise KeyError(f"no check with id {check_id!r}") from None

    def for_cell(self, assignment, cell):
        """The checks of one autograded cell, in registration order."""
        return [check for owner, check in self._by_id.values()
                if owner == assignment and check.cell == cell]

    def cells(self, assignment):
        return sorted({check.cell for owner, check in self._by_id.values() if owner == assignment})

    def all(self, assignment=None):
        return [check for owner, check in self._by_id.values()
                if assignment is None or owner == assignment]

"""Declarative hidden checks.

A `Check` says *what* is checked, not how the runner does it:

- ``function``: the student's function under test (named in every message);
- ``draw(rng) -> Case``: how the inputs are drawn from a seeded ``numpy.random.Generator``;
- ``reference``: the reference solution, same signature as the student's function;
- ``judge(actual, expected, case, ctx)``: the comparator; raises ``AssertionError``;
- ``call(student, case)``: how the student's side is exercised (default: one call of
  ``function`` with the case's arguments). Custom calls exist for protocols such as
  ``forward`` then ``backward`` with a cache that stays on the student's side;
- ``batched``: True when ``call`` sends exactly one plain call of ``function`` per case
  (the request of `StudentNotebook.call_request`), so the runner may send the cell's batched
  calls ahead in one round trip (`grading.runner.prefetch_batched_calls`).

The student call (``call``) and the judgement (``reference`` + ``judge``) are separate:
the call goes through a `grading.boundary.StudentNotebook`, which may be a sandboxed process.
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


def call_student_function(check, student, case):
    """Default student call: ``check.function(*case.args, **case.kwargs)``, one round trip."""
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
    call: Callable[..., Any] = call_student_function
    expect: Callable[..., Any] = reference_of
    # One plain call of ``function`` per case, nothing else (see the module docstring).
    # False is always safe: the check then talks to the student one call at a time.
    batched: bool = False
    cases: int = 1
    forbidden: tuple = ()
    description: str = ""
    forbidden_modules: tuple = ()  # whole packages (static scan only), e.g. ("sympy",)


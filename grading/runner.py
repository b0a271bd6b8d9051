"""The one generic runner: execute a declarative `Check` against a `StudentNotebook`.

For each case: draw the inputs from the check's seed, let the student's side compute
(through the boundary), compute the expectation with the reference, judge. Any failure
becomes a `Verdict` with a message for the student; nothing is printed, nothing reaches
stderr (nbgrader would give 0 points to a cell that writes to stderr).
"""
import warnings
from dataclasses import dataclass, field

import numpy as np

from .boundary import (BoundaryFailure, ForbiddenCall, MissingFunction, StudentError,
                       Tampering)
from .checks import Context
from .compare import failure_message
from .seeds import derive_seed


@dataclass
class Verdict:
    """The outcome of one check. ``flags`` are for the instructor's grade summary."""
    check_id: str
    cell: str
    passed: bool
    message: str = ""
    flags: list = field(default_factory=list)


def case_seed(student_id, check, index, submission=""):
    """The seed of case ``index`` of ``check`` for ``student_id``'s ``submission``."""
    return derive_seed(student_id, f"{check.id}/{index}", submission=submission)


def _flags_for(error):
    own = list(getattr(error, "flags", ()))  # an error may name its own (e.g. autodiff-import)
    if isinstance(error, ForbiddenCall):
        return own + [f"forbidden-call:{name}" for name in error.forbidden]
    if isinstance(error, MissingFunction):
        return own + ["missing-function"]
    if isinstance(error, BoundaryFailure):
        return own + ["boundary-failure"]
    if isinstance(error, Tampering):
        return own + ["tampering"]
    return own


def run_check(check, student, student_id, submission=""):
    """Run every case of ``check``; returns a `Verdict` (stops at the first failing case)."""
    for index in range(check.cases):
        seed = case_seed(student_id, check, index, submission)
        case = check.draw(np.random.default_rng(seed), index)
        ctx = Context(check.id, check.function, seed, index, case)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                with student.forbidding(check.forbidden):
                    actual = check.call(check, student, case)
                expected = check.expect(check, case)
                check.judge(actual, expected, case, ctx)
            except AssertionError as error:
                return Verdict(check.id, check.cell, False, str(error))
            except StudentError as error:
                return Verdict(check.id, check.cell, False, failure_message(ctx, str(error)),
                               _flags_for(error))
            except Exception as error:  # a malformed result the judge could not handle
                return Verdict(check.id, check.cell, False, failure_message(
                    ctx, f"could not judge the result ({type(error).__name__}: {error}); "
                         "check the type and shape of what your function returns"))
    return Verdict(check.id, check.cell, True)


@dataclass
class CellVerdict:
    """All verdicts of one autograded cell: it earns its points only if all pass."""
    cell: str
    verdicts: list
    carried: dict = field(default_factory=dict)  # function -> dependencies answered by the grader
    failed_before: tuple = ()  # functions whose own cells failed (named in the note)

    @property
    def passed(self):
        return all(verdict.passed for verdict in self.verdicts)

    @property
    def flags(self):
        return sorted({flag for verdict in self.verdicts for flag in verdict.flags})

    def carried_note(self):
        """Which functions were judged with correct versions of the ones they call."""
        lines = []
        for function, deps in sorted(self.carried.items()):
            own = [dep for dep in deps if dep in self.failed_before]
            failing = (f" Your {', '.join(own)} {'has its' if len(own) == 1 else 'have their'} "
                       "own failure in its cell." if own else "")
            lines.append(f"Error carried forward: your {function} was checked with correct "
                         f"{', '.join(deps)} (the grader answered these calls in place of your "
                         "own functions, which are judged in their own cells), so a bug there "
                         f"costs only its own part.{failing}")
        return "\n".join(lines)

    def message(self):
        failed = [verdict for verdict in self.verdicts if not verdict.passed]
        note = [self.carried_note()] if self.carried else []
        if not failed:
            return " ".join([f"All {len(self.verdicts)} checks passed."] + note)
        head = f"{len(failed)} of {len(self.verdicts)} checks failed."
        return "\n\n".join([head] + [verdict.message for verdict in failed] + note)


def prefetch_batched_calls(checks, student, student_id, submission=""):
    """Send the calls of every batched check (``Check.batched``) in one round trip.

    Inputs are drawn exactly as `run_check` draws them, so its calls find their answers
    waiting; checks with their own call protocol still talk to the student one by one.
    """
    requests = []
    for check in checks:
        if not check.batched:
            continue
        with student.forbidding(check.forbidden):
            for index in range(check.cases):
                seed = case_seed(student_id, check, index, submission)
                case = check.draw(np.random.default_rng(seed), index)
                requests.append(student.call_request(check.function, *case.args, **case.kwargs))
    student.prefetch(requests)


def run_cell(checks, student, student_id, submission="", failed_before=()):
    """Run the checks of one cell in order; returns a `CellVerdict`.

    ``submission``: the submission's key in the seeds (`case_seed`); ``failed_before``:
    functions whose cells failed so far (named in the carry-forward note).
    """
    if not checks:
        raise ValueError("an autograded cell needs at least one registered check")
    carried = getattr(student, "carried", None)
    if carried is not None:
        carried.clear()
    if hasattr(student, "prefetch"):
        prefetch_batched_calls(checks, student, student_id, submission)
    verdicts = [run_check(check, student, student_id, submission) for check in checks]
    oracle = getattr(student, "oracle", None)
    own = {check.function for check in checks}
    carried = {function: oracle.of(function) for function in sorted(carried or ())
               if function in own} if oracle is not None else {}
    return CellVerdict(checks[0].cell, verdicts, carried, tuple(failed_before))

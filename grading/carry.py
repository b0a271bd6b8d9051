"""Error carried forward: a part is judged with the parts it builds on taken from the reference.

A human grader marks "error carried forward": a student whose SVD sorts wrongly loses the
SVD part and keeps a correct ``rank`` built on it. Here, while a check calls the student's
function P, the contract functions P builds on (``DEPENDENCIES`` in each assignment's
``checks.py``) are stand-ins answering with reference results, so P is judged on its own
code. ``CARRY_FORWARD`` is the default policy; ``TrustedExecute.carry_forward`` (set in
``nbgrader_config.py``) switches it per run; without it a bug costs every part built on it.

Design: answer tables, not call-backs. Before the call the grader runs the reference P on
the same inputs with its dependencies recorded (``Oracle.trace``) and sends the table
{dependency: {oracle_key(arguments): result}} with the request. Inside the kernel
(``student_side.oracle_stubs``) a stand-in answers a call whose arguments are in the table
and otherwise calls the student's own function and reports the arguments; the grader then
computes the missing reference answers and repeats the call (``StudentNotebook.responses``, at
most ``MAX_ROUNDS`` round trips, batched over all calls of a step). Every answer is
sealed with its own arguments (``student_side.oracle_seal``: XOR with a SHAKE-256 stream
keyed by them), so the table opens only for calls the student's code really makes with
exactly those arguments — reading it directly (say, the final parameters of ``train``'s
reference trajectory) gives nothing that calling the stand-ins in the right order would not.
Why not a stand-in that calls back to the grader during the call: the kernel is reached
only through files and an execute request, and a second channel out of the sandbox is a
new attack surface while the table needs none. The reference code never enters the
sandbox, only plain data; reported arguments are answered only for declared dependencies,
at most ``MAX_MISSES`` per call and with at most ``MAX_ENTRIES`` array entries. The price: a
student's P that calls its dependencies on other inputs than the reference costs one round
trip more per differing call (a student whose composition matches the reference costs
none); after ``MAX_ROUNDS`` the student's own function answers the rest, as under the
cascade.

Guarantees (tested in tests/test_carry.py): stand-ins exist only during the call they were
installed for and only for P's declared dependencies; a stand-in kept by student code and
called later calls the student's own function; the student's definitions are restored
afterwards, also when the call raises or is interrupted.
"""
import contextlib
import importlib
import threading
import warnings

import numpy as np

from .boundary import student_side

CARRY_FORWARD = True   # default policy (nbgrader_config.py: c.TrustedExecute.carry_forward)
MAX_ROUNDS = 8         # a backward from an unknown cache needs 7 (6 dependency calls + 1)
MAX_TRACES = 256       # tables remembered per Oracle (one cell's calls)
MAX_MISSES = 64        # reported argument sets answered per call and round
MAX_ENTRIES = 100_000  # array entries of one reported argument set the reference will take

_TRACE_LOCK = threading.Lock()


@contextlib.contextmanager
def _recording(module, answering, table):
    """Within the block the module's functions named in ``answering`` are replaced by
    ``answering[name]`` and record their answers in ``table`` (key -> sealed result)."""
    originals = {name: getattr(module, name) for name in answering}

    def recorder(name, function):
        def record(*args, **kwargs):
            result = function(*args, **kwargs)
            key, sealed = student_side.oracle_seal(args, kwargs, result)
            table.setdefault(name, {})[key] = sealed
            return result
        return record

    with _TRACE_LOCK:
        try:
            for name, function in answering.items():
                setattr(module, name, recorder(name, function))
            yield
        finally:
            for name, function in originals.items():
                setattr(module, name, function)


def _quietly(function, *args, **kwargs):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def _entries(value):
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, (list, tuple)):
        return sum(_entries(item) for item in value) + len(value)
    if isinstance(value, dict):
        return sum(_entries(item) for item in value.values()) + len(value)
    return 1


def _small(args, kwargs):
    """Whether reported arguments are small enough for the reference on the grader's side
    (a hostile kernel must not make the grader invert a 10^4 x 10^4 matrix)."""
    return _entries(args) + _entries(kwargs) <= MAX_ENTRIES


class Oracle:
    """Reference answers for the declared dependencies of an assignment's functions.

    ``dependencies``: {function: (names it builds on)}; ``reference``: the module with the
    reference functions (they call each other through its globals); ``answers``:
    {dependency: function} where the stand-in's answer is not the reference's own (e.g. an
    SVD that keeps its round-off, so that a part relying on exact zeros is caught).
    """

    def __init__(self, dependencies, reference, answers=None):
        self.dependencies = {name: tuple(deps) for name, deps in dependencies.items()}
        self.reference = reference
        self.answers = dict(answers or {})
        self.stands_for = {}   # Handle -> the reference value traced in its place
        self.max_rounds = MAX_ROUNDS
        self._traces = {}      # (name, argument key) -> table, for calls traced twice

    def of(self, name):
        """The functions ``name`` builds on (empty: ``name`` is called as it is)."""
        return self.dependencies.get(name, ())

    def _answering(self, dep):
        return self.answers.get(dep) or getattr(self.reference, dep)

    def stand_in(self, handle, value):
        """Trace ``value`` wherever ``handle`` (a kept student object) is an argument."""
        self.stands_for[handle] = value

    def _substituted(self, value):
        if isinstance(value, student_side.Handle):
            if value not in self.stands_for:
                raise LookupError(value)
            return self.stands_for[value]
        if isinstance(value, list):
            return [self._substituted(item) for item in value]
        if isinstance(value, tuple):
            return tuple(self._substituted(item) for item in value)
        if isinstance(value, dict):
            return {key: self._substituted(item) for key, item in value.items()}
        return value

    def trace(self, name, args, kwargs):
        """{dependency: {key: sealed result}} of the reference ``name`` on these inputs."""
        table = {}
        deps = self.of(name)
        if not deps:
            return table
        try:
            args, kwargs = self._substituted(list(args)), self._substituted(dict(kwargs))
        except LookupError:
            return {dep: {} for dep in deps}  # an unknown handle: the rounds fill the table
        memo = (name, student_side.oracle_key(args, kwargs))
        if memo in self._traces:  # the runner's prefetch and the check trace the same call
            return {dep: dict(answers) for dep, answers in self._traces[memo].items()}
        with _recording(self.reference, {dep: self._answering(dep) for dep in deps}, table):
            try:
                _quietly(getattr(self.reference, name), *args, **kwargs)
            except Exception:  # noqa: BLE001 - e.g. left_inverse raising for rank-deficient A
                pass
        if len(self._traces) >= MAX_TRACES:
            self._traces.clear()
        self._traces[memo] = {dep: table.get(dep, {}) for dep in deps}
        return {dep: dict(answers) for dep, answers in self._traces[memo].items()}

    def answer(self, name, misses, known):
        """New {dependency: {key: sealed result}} for the arguments a call reported.

        ``known``: the table sent; arguments that cannot be read or on which the
        reference raises stay unanswered (the student's own function answers them).
        """
        new = {}
        for miss in misses[:MAX_MISSES] if isinstance(misses, list) else ():
            try:
                dep = miss["name"]
                if dep not in self.of(name):
                    continue
                args = student_side.decode(miss["args"])
                kwargs = student_side.decode(miss["kwargs"])
                key = student_side.oracle_key(args, kwargs)
                if key in known.get(dep, {}) or key in new.get(dep, {}):
                    continue
                if not _small(args, kwargs):
                    continue
                result = _quietly(self._answering(dep), *args, **kwargs)
                new.setdefault(dep, {})[key] = student_side.oracle_seal(args, kwargs, result)[1]
            except Exception:  # noqa: BLE001 - unreadable arguments, reference refuses them
                continue
        return new


def _checks_module(assignment):
    try:
        return importlib.import_module(f"grading.assignments.{assignment}.checks")
    except ModuleNotFoundError:
        return None


def result_cells(assignment):
    """Cells judged on the student's own results (the same under both policies)."""
    return tuple(getattr(_checks_module(assignment), "RESULT_CELLS", ()))


def oracle_for(assignment, carry_forward=None, cell=None):
    """The `Oracle` of ``assignment`` under the policy (None: ``CARRY_FORWARD``), or None.

    None also for a ``cell`` judged on the student's own result (`result_cells`): the
    training replay runs the student's own functions only.
    """
    if not (CARRY_FORWARD if carry_forward is None else carry_forward):
        return None
    if cell is not None and cell in result_cells(assignment):
        return None
    checks = _checks_module(assignment)
    dependencies = getattr(checks, "DEPENDENCIES", None)
    if not dependencies:
        return None
    return Oracle(dependencies, checks.reference, getattr(checks, "ORACLE_ANSWERS", None))

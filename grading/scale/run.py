"""Grade a whole class: intake, plan (resume), prepare the gradebook, run the worker pool.

`grade_class` does the work of ``ddasp autograde``. It raises `RunFailed` only when the
run itself cannot happen (configuration does not load, gradebook unreachable, assignment
unknown to the gradebook, no worker can start); a student who cannot be graded is an
`Outcome` with status failed, never an exception.
"""
import logging
import os
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..time_limits import STUDENT_SECONDS
from . import gradebook
from ..intake import intake_class
from .outcome import FAILED, GRADED, SKIPPED, Outcome
from .plan import make_plan
from .pool import Pool, RunFailed, default_workers
from .worker import Grader, WorkerSpec, _Capture


@dataclass
class RunResult:
    """Everything a summary needs: the plan, one outcome per student, timing."""
    assignment: str
    db_url: str
    workers: int
    outcomes: list = field(default_factory=list)
    unknown: list = field(default_factory=list)
    seconds: float = 0.0
    log_dir: str = None

    def with_status(self, status):
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def graded(self):
        return self.with_status(GRADED)

    @property
    def failed(self):
        return self.with_status(FAILED)

    @property
    def skipped(self):
        return self.with_status(SKIPPED)

    @property
    def flagged(self):
        return [outcome for outcome in self.graded if outcome.flags]


def load_coursedir(root, db_url=None, nbgrader_args=()):
    """The course's nbgrader ``CourseDirectory`` as ``nbgrader autograde`` would see it."""
    previous = os.getcwd()
    startup_log = _Capture()
    try:
        grader = Grader(root, "", db_url, nbgrader_args, startup_log=startup_log)
    except (Exception, SystemExit) as error:   # noqa: BLE001 - traitlets exits on bad config
        details = startup_log.text(logging.WARNING)
        if not isinstance(error, SystemExit):
            details += f"\n{type(error).__name__}: {error}"
        raise RunFailed(f"the nbgrader configuration in {root} did not load:\n"
                        f"{details.strip()}") from None
    finally:
        os.chdir(previous)
    return grader.coursedir


def _write_failure_logs(log_dir, outcomes):
    for outcome in outcomes:
        if outcome.status == FAILED:
            path = Path(log_dir) / f"{outcome.student}.log"
            path.write_text(f"{outcome.reason}\n\n{outcome.log}\n")


def _remove_empty_worker_logs(log_dir):
    for path in Path(log_dir).glob("worker-*.log"):
        if path.stat().st_size == 0:
            path.unlink()


def grade_class(assignment, root=".", workers=None, force=False, students=None,
                db_url=None, timeout=STUDENT_SECONDS, log_dir=None, intake=True,
                nbgrader_args=(), on_plan=None, on_outcome=None):
    """Autograde every collected submission of ``assignment``; returns a `RunResult`.

    ``students``: only these ids (a shard); ``force``: re-grade students already graded;
    ``db_url``: gradebook URL overriding the configuration; ``intake``: check and repair
    the submissions first (`grading.intake`); ``nbgrader_args``: extra nbgrader command
    line options (``--Execute.timeout=20``); ``on_plan(plan)`` and ``on_outcome(outcome)``
    are called as the run proceeds (progress bar).
    """
    started = time.perf_counter()
    root = str(Path(root).resolve())
    log_dir = str(Path(log_dir or Path(root) / "logs" / "autograde" / assignment).resolve())
    spec = WorkerSpec(root=root, assignment=assignment, db_url=db_url,
                      nbgrader_args=tuple(nbgrader_args),
                      log_dir=os.path.join(log_dir, "workers", socket.gethostname()))
    pool = Pool(spec, workers or default_workers(), timeout=timeout)
    # workers load nbgrader and the course configuration (~2 s) while we plan
    pool.start(len(students) if students else None)
    try:
        result = _plan_and_grade(pool, spec, force, students, intake, on_plan, on_outcome)
    finally:
        pool.close()
        _remove_empty_worker_logs(spec.log_dir)
    result.seconds = time.perf_counter() - started
    return result


def open_assignment(coursedir, assignment):
    """``(gradebook URL, notebook names, {student: graded})`` of ``assignment`` (see
    `gradebook.grading_state`); raises `RunFailed` when the gradebook cannot be used or
    does not know the assignment."""
    url = coursedir.db_url   # --db-url or the configuration's, as the workers use it
    try:
        if gradebook.is_sqlite(url):
            gradebook.enable_wal(url)
        notebooks, graded = gradebook.grading_state(url, coursedir.course_id, assignment)
    except LookupError:
        raise RunFailed(
            f"assignment {assignment!r} is not in the gradebook {gradebook.display_url(url)}: "
            f"run `nbgrader generate_assignment {assignment}` with this gradebook first") \
            from None
    except Exception as error:   # noqa: BLE001 - unreachable server, bad URL, ...
        raise RunFailed(f"cannot use the gradebook {gradebook.display_url(url)}: "
                        f"{type(error).__name__}: {error}") from None
    return url, notebooks, graded


def _report_intake_error(report):
    print(f"ddasp autograde: {report.student}: {'; '.join(report.problems)}", file=sys.stderr)


def _plan_and_grade(pool, spec, force, students, intake, on_plan, on_outcome):
    assignment = spec.assignment
    coursedir = load_coursedir(spec.root, spec.db_url, spec.nbgrader_args)
    url, notebooks, graded = open_assignment(coursedir, assignment)
    if intake:   # grading/intake.py; a failed intake is this student's flag, and said here
        intake_class(coursedir, assignment, notebooks, students, on_error=_report_intake_error)
    plan = make_plan(coursedir, assignment, notebooks, graded, students=students, force=force)
    if on_plan is not None:
        on_plan(plan)
    log_dir = os.path.dirname(os.path.dirname(spec.log_dir))
    os.makedirs(log_dir, exist_ok=True)
    pool.shrink(len(plan.to_grade))
    result = RunResult(assignment, url, min(pool.size, max(1, len(plan.to_grade))),
                       unknown=plan.unknown, log_dir=log_dir)
    result.outcomes = [Outcome(student, SKIPPED) for student in plan.already_graded]
    if plan.to_grade:
        try:
            for outcome in pool.grade(plan.to_grade):
                result.outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
        finally:
            _write_failure_logs(log_dir, result.outcomes)
            if gradebook.is_sqlite(url):
                gradebook.checkpoint(url)
    result.outcomes.sort(key=lambda outcome: outcome.student)
    return result

"""A long-lived grading worker: nbgrader's Autograde converter, in-process, one student at a time.

`Grader` loads the course configuration once (``nbgrader_config.py`` of the course root,
exactly as ``nbgrader autograde`` does, so whatever autograde preprocessors it selects
run) and then grades student after student without paying nbgrader's ~2.3 s start-up
again. Nothing nbgrader keeps is reused between students:

- a fresh ``Autograde`` converter per student (its notebook list, exporter and
  preprocessor instances are built by ``start()``);
- ``coursedir.student_id`` is set for the student and restored afterwards, also when
  nbgrader raises (``nbgrader.utils.temp_attrs`` does not restore on an exception);
- every gradebook access opens and disposes its own engine (nbgrader's ``Gradebook``
  context manager), so no session or connection outlives a student — `Outcome.open_fds`
  lets tests check that.

`worker_main` is the process entry point used by `grading.scale.pool`.
"""
import logging
import os
import signal
import sys
import time
import traceback
from dataclasses import dataclass

from .. import findings
from ..intake import is_ungradable, record_ungradable
from .gradebook import submission_score, worker_url
from .outcome import FAILED, GRADED, Outcome

REASON_LENGTH = 300   # characters of a failure reason kept for the summary line


@dataclass(frozen=True)
class WorkerSpec:
    """How to start a worker: course root, assignment, gradebook and nbgrader arguments."""
    root: str
    assignment: str
    db_url: str = None
    nbgrader_args: tuple = ()
    log_dir: str = None


class _Capture(logging.Handler):
    """Collects nbgrader's log messages of one student as ``(level, message)``.

    Messages are rendered when logged: their arguments may be gradebook objects that
    cannot be read once nbgrader has closed its session.
    """

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception as error:   # noqa: BLE001 - a log line must never fail grading
            message = f"{record.msg} (unformattable: {type(error).__name__})"
        self.records.append((record.levelno, message))

    def text(self, level=logging.DEBUG):
        return "\n".join(f"[{logging.getLevelName(found)}] {message}"
                         for found, message in self.records if found >= level)


def failure_reason(records, error=None):
    """One line saying why nbgrader could not grade a student.

    ``records``: ``(level, message)`` pairs. The last line of the first traceback nbgrader
    logged (the exception itself), else the first specific error message, else the
    exception that reached us.
    """
    errors = [message for level, message in records if level >= logging.ERROR]
    for message in errors:
        if "Traceback (most recent call last)" in message:
            lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
            return lines[-1][:REASON_LENGTH]
    generic = ("There was an error processing", "Please see the")
    for message in errors:
        if not message.startswith(generic):
            return " ".join(message.split())[:REASON_LENGTH]
    if error is not None:
        return f"{type(error).__name__}: {error}"[:REASON_LENGTH]
    return (errors[0] if errors else "nbgrader reported a failure")[:REASON_LENGTH]


def open_fd_count():
    return len(os.listdir("/proc/self/fd"))


class Grader:
    """nbgrader's autograde for one assignment, configured once, called per student."""

    def __init__(self, root, assignment, db_url=None, nbgrader_args=(), startup_log=None):
        """Load the course configuration in ``root`` (raises SystemExit on a bad one).

        ``startup_log``: a logging handler that receives nbgrader's messages while the
        configuration loads (default: none; the parent shows progress instead).
        """
        from nbgrader.apps.autogradeapp import AutogradeApp

        os.chdir(root)
        argv = list(nbgrader_args)
        if db_url:
            argv.append(f"--CourseDirectory.db_url={db_url}")
        self.app = AutogradeApp()
        # nbgrader only logs an exception in nbgrader_config.py and goes on with the
        # defaults (its stock Execute step); grading must not run on half a config
        self.app.raise_config_file_errors = True
        for handler in list(self.app.log.handlers):
            self.app.log.removeHandler(handler)
        self.app.log.propagate = False
        if startup_log is not None:
            self.app.log.addHandler(startup_log)
        self.app.initialize(argv)
        if startup_log is not None:
            self.app.log.removeHandler(startup_log)
        self.app.log.setLevel(logging.INFO)
        self.coursedir = self.app.coursedir
        if db_url:
            self.coursedir.db_url = db_url
        self.coursedir.assignment_id = assignment
        self.coursedir.db_url = worker_url(self.coursedir.db_url)
        self.assignment = assignment

    @property
    def db_url(self):
        return self.coursedir.db_url

    def _folder(self, step, student):
        return self.coursedir.format_path(step, student, self.assignment)

    def _grade_missing(self, student):
        """A submission without any notebook (nbgrader's Autograde would stop on it)."""
        started = time.perf_counter()
        try:
            record_ungradable(self.coursedir, self.assignment, student)
        except Exception as error:   # noqa: BLE001 - reported as this student's failure
            return Outcome(student, FAILED, reason=f"{type(error).__name__}: {error}",
                           log="".join(traceback.format_exception(error)),
                           worker=os.getpid())
        return self._graded(student, time.perf_counter() - started)

    def _graded(self, student, seconds):
        """The `Outcome` of a graded student: findings and score as now recorded."""
        found = findings.read(self.coursedir.root, student, self.assignment,
                              self._folder(self.coursedir.autograded_directory, student))
        score, max_score = submission_score(self.db_url, self.coursedir.course_id,
                                            self.assignment, student)
        return Outcome(student, GRADED, flags=found.flags, problems=found.problems, score=score,
                       max_score=max_score, seconds=seconds, worker=os.getpid(),
                       open_fds=open_fd_count())

    def grade(self, student):
        """Autograde ``student``'s submission of the assignment; returns an `Outcome`."""
        from nbgrader.converters import Autograde, NbGraderException

        submitted = self._folder(self.coursedir.submitted_directory, student)
        if os.path.isdir(submitted) and is_ungradable(self.coursedir, self.assignment, student):
            return self._grade_missing(student)
        capture = _Capture()
        self.app.log.addHandler(capture)
        previous = self.coursedir.student_id
        started = time.perf_counter()
        error = None
        try:
            self.coursedir.student_id = student
            converter = Autograde(coursedir=self.coursedir, parent=self.app)
            converter.force = True      # the caller decided this student needs grading
            converter.start()
        except (Exception, SystemExit) as raised:   # nbgrader's own failure or anything past it
            error = raised
            if not isinstance(raised, NbGraderException):
                self.app.log.error("".join(traceback.format_exception(raised)))
        finally:
            self.coursedir.student_id = previous
            self.app.log.removeHandler(capture)
        seconds = time.perf_counter() - started
        if error is not None:
            return Outcome(student, FAILED, reason=failure_reason(capture.records, error),
                           seconds=seconds, log=capture.text(), worker=os.getpid(),
                           open_fds=open_fd_count())
        return self._graded(student, seconds)


def _redirect_output(log_dir):
    """Point this process's stdout/stderr (and its kernels') at a log file."""
    if not log_dir:
        target = os.open(os.devnull, os.O_WRONLY)
    else:
        os.makedirs(log_dir, exist_ok=True)
        target = os.open(os.path.join(log_dir, f"worker-{os.getpid()}.log"),
                         os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(target, 1)
    os.dup2(target, 2)
    os.close(target)


def worker_main(connection, spec):
    """Process entry point: build a `Grader`, then grade the students sent until 'stop'.

    Messages to the parent: ``("ready", pid)``, ``("fatal", text)`` when the grader
    cannot be built (bad configuration: the run cannot happen), ``("done", Outcome)``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    _redirect_output(spec.log_dir)
    startup_log = _Capture()
    try:
        grader = Grader(spec.root, spec.assignment, spec.db_url, spec.nbgrader_args,
                        startup_log=startup_log)
    except BaseException as error:   # noqa: BLE001 - includes traitlets' SystemExit
        details = startup_log.text()
        if not isinstance(error, SystemExit) or not details:
            details += "\n" + "".join(traceback.format_exception(error))
        connection.send(("fatal", details))
        return
    connection.send(("ready", os.getpid()))
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            break
        if message[0] != "grade":
            break
        try:
            outcome = grader.grade(message[1])
        except Exception as error:   # noqa: BLE001 - a bug here must not cost the worker
            outcome = Outcome(message[1], FAILED, reason=f"{type(error).__name__}: {error}",
                              log="".join(traceback.format_exception(error)),
                              worker=os.getpid())
        connection.send(("done", outcome))

"""Shared fixtures (one graded course per test run) and the guard of the `pipeline` marker.

The marker is enforced, not just reviewed: while a test that is not marked `pipeline`
runs (its set-up included), starting a process (a kernel, nbgrader, a server, the
sandbox, a worker) or one of nbgrader's apps raises `PipelineOnly`. `pytest -m "not
pipeline"` is the fast inner loop: it starts nothing and grades in this process.
"""
import contextlib
import multiprocessing.process
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from grading.toolpath import put_bin_first  # noqa: E402

put_bin_first()
os.environ.setdefault("DDASP_COURSE_SECRET", "test-secret-not-for-production")

from nbgrader.apps.baseapp import NbGrader  # noqa: E402
from nbgrader.converters.base import BaseConverter  # noqa: E402

from classroom import build_class, run_course  # noqa: E402

from grading.registry import ASSIGNMENTS  # noqa: E402

# pytest-timeout's limit of a pipeline test without a timeout mark of its own (the default
# in pyproject.toml, 120 s, is for the fast loop): a module fixture that grades a class
# through nbgrader takes a few minutes, and several times that on a loaded 2-core machine.
PIPELINE_TIMEOUT = 1200

# Per-cell limit of the test class: short enough that hostile notebooks (infinite loops)
# do not dominate the suite, long enough for the honest training cell (under a second).
TEST_ENV = {"DDASP_CELL_TIMEOUT": "20"}


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    """Every bank, hostile and bad-input student, graded once by `nbgrader autograde`."""
    root = tmp_path_factory.mktemp("class")
    return run_course(root, build_class(ASSIGNMENTS), ASSIGNMENTS, TEST_ENV)


@pytest.fixture
def ddasp(capsys):
    """The `ddasp` command line run in this process (a subprocess would need `pipeline`).

    ``ddasp("collect-zip", ...)`` -> a `subprocess.CompletedProcess` with the exit status
    (argparse's exits included), stdout and stderr.
    """
    from grading.cli import main as ddasp_main

    def run(*args):
        capsys.readouterr()
        try:
            status = ddasp_main([str(arg) for arg in args])
        except SystemExit as exit:
            status = exit.code
        out, err = capsys.readouterr()
        if isinstance(status, str):      # sys.exit("message"): printed by the interpreter
            status, err = 1, err + status + "\n"
        return subprocess.CompletedProcess(["ddasp", *args], status or 0, out, err)
    return run


def pytest_collection_modifyitems(items):
    """`slow` tests are `pipeline` tests too (the fast loop, -m "not pipeline", leaves them
    out); pipeline tests without a timeout mark of their own get `PIPELINE_TIMEOUT`."""
    for item in items:
        if item.get_closest_marker("slow") and not item.get_closest_marker("pipeline"):
            item.add_marker(pytest.mark.pipeline)
        if item.get_closest_marker("pipeline") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(PIPELINE_TIMEOUT))


# ---------------------------------------------------------------- the pipeline guard
class PipelineOnly(BaseException):
    """A test that is not marked `pipeline` started a process or an nbgrader app.

    A BaseException, so that code under test that catches `Exception` (a launcher
    reporting "sandbox unavailable") cannot turn it into a passing test; the guard also
    fails the test after the phase if the exception was swallowed all the same.
    """


# Programs that libraries run as part of an in-process call; starting them is no pipeline.
LIBRARY_HELPERS = {
    "alembic": "nbgrader's Gradebook creates a new database's tables with it",
    "ldconfig": "ctypes.util.find_library asks it where a shared library is",
}

_unmarked = []   # the node id of the running test while it is not marked `pipeline`
_refused = []    # what the running test tried to start


def what_it_starts(argv):
    """A reader's name for the program that ``argv`` (str or sequence) starts."""
    words = [os.path.basename(str(word)) for word in ([argv] if isinstance(argv, (str, bytes, os.PathLike))
                                                       else argv)]
    line = " ".join(words)
    for needle, name in [("ipykernel", "a kernel"), ("grading.sandbox", "the grading sandbox"),
                         ("bwrap", "the grading sandbox (bwrap)"), ("nbgrader", "nbgrader"),
                         ("jupyter", "a Jupyter server"), ("postgres", "PostgreSQL"),
                         ("initdb", "PostgreSQL"), ("pg_ctl", "PostgreSQL"),
                         ("chrom", "Chromium"), ("-m grading", "the ddasp command line")]:
        if needle in line:
            return f"{name} ({line[:120]})"
    return f"a process ({line[:120]})"


def _refuse(what):
    if _unmarked:
        _refused.append(f"mark this test pipeline: it starts {what} "
                        f"(a test not marked pipeline starts no process; {_unmarked[-1]})")
        raise PipelineOnly(_refused[-1])


_popen_init = subprocess.Popen.__init__


def _guarded_popen_init(self, args, *rest, **kwargs):
    if _unmarked:
        program = args if isinstance(args, (str, bytes, os.PathLike)) else (args[0] if args else "")
        if os.path.basename(str(program).split()[0] if program else "") not in LIBRARY_HELPERS:
            self._child_created = False      # what Popen.__del__ looks at
            _refuse(what_it_starts(args))
    _popen_init(self, args, *rest, **kwargs)


_process_start = multiprocessing.process.BaseProcess.start


def _guarded_process_start(self):
    _refuse(f"a worker process ({self.name})")
    return _process_start(self)


def _guarded_start(original):
    def start(self, *args, **kwargs):
        _refuse(f"nbgrader in this process ({type(self).__name__})")
        return original(self, *args, **kwargs)
    return start


subprocess.Popen.__init__ = _guarded_popen_init
multiprocessing.process.BaseProcess.start = _guarded_process_start
NbGrader.start = _guarded_start(NbGrader.start)
BaseConverter.start = _guarded_start(BaseConverter.start)


def _guarded_phase(item):
    """Run one phase of ``item`` with the guard on unless the test is marked `pipeline`."""
    if item.get_closest_marker("pipeline") is not None:
        return (yield)
    _unmarked.append(item.nodeid)
    _refused.clear()
    try:
        result = yield
    except PipelineOnly:
        raise
    except BaseException as error:
        if _refused:                     # the code under test turned the refusal into this
            raise PipelineOnly(_refused[0]) from error
        raise
    finally:
        _unmarked.pop()
    if _refused:                         # caught and swallowed by the code under test
        raise PipelineOnly(_refused[0])
    return result


@contextlib.contextmanager
def refusal_expected(match):
    """For the guard's own tests: expect `PipelineOnly` (``match``: a regex) and forget it."""
    with pytest.raises(PipelineOnly, match=match) as info:
        yield info
    _refused.clear()


# Set-up (fixtures of every scope this test is the first to use) and the call. Not the
# tear-down: the last test of a session tears down whatever the session started.
@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    return (yield from _guarded_phase(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _guarded_phase(item))

"""The `pipeline` marker is enforced: a test without it starts no process and no nbgrader app.

These tests are not marked `pipeline` themselves, so the guard of tests/conftest.py is on
while they run: what they try to start must be refused with a message saying what to do.
"""
import ctypes.util
import multiprocessing
import subprocess
import sys

import pytest
from conftest import _guarded_phase, refusal_expected, what_it_starts
from nbgrader.apps.autogradeapp import AutogradeApp


def test_a_kernel_is_refused_with_the_fix_in_the_message():
    with refusal_expected(r"^mark this test pipeline: it starts a kernel \(python"):
        subprocess.Popen([sys.executable, "-m", "ipykernel_launcher", "-f", "kernel.json"])


def test_the_refusal_passes_through_code_that_catches_exceptions():
    with refusal_expected(r"it starts a process \(true\)"):
        try:
            subprocess.run(["true"], check=True)
        except Exception:  # noqa: BLE001 - what a launcher reporting "unavailable" does
            pass


def test_a_refusal_swallowed_by_the_code_under_test_still_fails_the_test():
    class Unmarked:
        nodeid = "tests/test_x.py::test_x"

        def get_closest_marker(self, name):
            return None

    phase = _guarded_phase(Unmarked())
    next(phase)                          # set-up or call of the unmarked test begins
    try:
        subprocess.run(["true"])
    except BaseException:  # noqa: BLE001 - code under test that swallows everything
        pass
    with refusal_expected(r"it starts a process \(true\).*tests/test_x.py::test_x"):
        phase.send(None)                 # ... and ends


def test_worker_processes_and_nbgrader_apps_are_refused():
    worker = multiprocessing.get_context("spawn").Process(target=print, name="worker-0")
    with refusal_expected(r"it starts a worker process \(worker-0\)"):
        worker.start()
    with refusal_expected(r"it starts nbgrader in this process \(AutogradeApp\)"):
        AutogradeApp().start()


def test_helpers_of_in_process_library_calls_may_run():
    ctypes.util.find_library("c")       # runs ldconfig -p on Linux


@pytest.mark.parametrize("argv, name", [
    (["/venv/bin/python", "-I", "-m", "grading.sandbox.launch", "-f", "c.json"], "the grading sandbox"),
    (["bwrap", "--unshare-pid", "python"], "the grading sandbox (bwrap)"),
    (["/venv/bin/nbgrader", "autograde", "hw"], "nbgrader"),
    (["jupyter-lab", "--no-browser"], "a Jupyter server"),
    (["/usr/lib/postgresql/15/bin/initdb", "-D", "db"], "PostgreSQL"),
    (["/usr/bin/chromedriver", "--port=0"], "Chromium"),
    (["/venv/bin/python", "-m", "grading", "summary"], "the ddasp command line"),
    ("git status", "a process"),
])
def test_the_message_names_what_was_started(argv, name):
    assert what_it_starts(argv).startswith(f"{name} (")


@pytest.mark.pipeline
def test_a_pipeline_test_may_start_processes():
    assert subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True,
                          text=True, check=True).stdout == "42\n"

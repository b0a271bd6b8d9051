"""Finding and killing processes: a worker's tree (`scale.procs`), a sandbox's uid (`slots`)."""
import os
import subprocess
import sys
import threading
import time

import psutil
import pytest

from grading.sandbox import slots
from grading.sandbox.limits import Limits
from grading.scale import procs

pytestmark = pytest.mark.pipeline   # every test starts real processes to find and kill

# a parent that starts two grandchildren: one in the parent's session, one in its own
TREE = ("import subprocess, sys, time\n"
        "subprocess.Popen(['sleep', '60'])\n"
        "subprocess.Popen(['sleep', '60'], start_new_session=True)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n")


def _gone(pid):
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _wait_until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.fixture
def tree():
    process = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "ready\n"
    yield process
    procs.kill_tree(process.pid)
    process.wait(5)


def test_descendants_include_grandchildren_in_other_sessions(tree):
    below = procs.descendants(tree.pid)
    assert len(below) == 2 and tree.pid not in below
    assert procs.descendants(2**22 + 1) == []   # no such process: nothing below it


def test_terminate_tree_ends_the_parent_and_every_descendant(tree):
    below = procs.descendants(tree.pid)
    procs.terminate_tree(tree.pid, grace=2.0)
    assert tree.wait(5) == -15
    assert _wait_until(lambda: all(_gone(pid) for pid in below))


def test_kill_tree_sends_the_signal_to_the_whole_tree(tree):
    below = procs.descendants(tree.pid)
    procs.kill_tree(tree.pid)
    assert tree.wait(5) == -9
    assert _wait_until(lambda: all(_gone(pid) for pid in below))


@pytest.mark.skipif(os.geteuid() != 0, reason="starting a process as another uid needs root")
def test_every_process_of_a_slot_uid_is_found_and_killed():
    limits = Limits()
    slot = slots.acquire(limits)
    try:
        started = subprocess.Popen(
            ["/bin/sh", "-c", "sleep 60 & setsid sleep 60 & echo ready; wait"],
            user=slot.uid, group=slot.uid, stdout=subprocess.PIPE, text=True)
        assert started.stdout.readline() == "ready\n"
        assert _wait_until(lambda: len(slots.processes_of(slot.uid)) == 3)
        assert started.pid in slots.processes_of(slot.uid)
        reaper = threading.Thread(target=started.wait)   # a zombie still counts as running
        reaper.start()
        assert slots.kill_uid(slot.uid)
        reaper.join(5)
        assert started.returncode == -9
        assert slots.processes_of(slot.uid) == []
    finally:
        slot.release()

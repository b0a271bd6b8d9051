"""Process trees with psutil: descendants, signalling and killing a tree.

A grading worker starts kernels (in their own sessions, as jupyter_client does), so a
worker's process group does not cover them; its tree of descendants does. Signals go
through `psutil.Process.send_signal`, which refuses a pid that was reused meanwhile.
"""
import signal
import time

import psutil


def _tree(pid):
    """``[Process(pid), *its descendants]`` (empty if ``pid`` is gone)."""
    try:
        root = psutil.Process(pid)
        return [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def descendants(pid):
    """Pids of all processes below ``pid`` (children, grandchildren, ...)."""
    return [process.pid for process in _tree(pid)[1:]]


def _signal(process, sig):
    try:
        process.send_signal(sig)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        pass


def kill_tree(pid, sig=signal.SIGKILL):
    """Send ``sig`` to ``pid`` and every descendant (collected first, then signalled)."""
    for process in _tree(pid):
        _signal(process, sig)


def _alive(process):
    """Running and not a zombie (a zombie is as good as gone)."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def terminate_tree(pid, grace=3.0):
    """SIGTERM ``pid`` and its descendants, SIGKILL whatever is left after ``grace`` s.

    The polite signal first lets a sandbox launcher clean up after its kernel.
    """
    targets = _tree(pid)
    for process in reversed(targets):          # deepest first, the worker last
        _signal(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(process) for process in targets):
        time.sleep(0.05)
    for process in targets:
        if _alive(process):
            _signal(process, signal.SIGKILL)

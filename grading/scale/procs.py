"""Process trees on Linux, read from /proc: descendants, killing a tree, resident memory.

A grading worker starts kernels (in their own sessions, as jupyter_client does), so a
worker's process group does not cover them; its tree of descendants does.
"""
import os
import signal
import time

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _parents():
    """{pid: parent pid} of every process we can see."""
    parents = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        # the command name may contain spaces and parentheses: fields follow the last ')'
        fields = stat[stat.rfind(")") + 2:].split()
        parents[int(name)] = int(fields[1])
    return parents


def descendants(pid):
    """Pids of all processes below ``pid`` (children, grandchildren, ...)."""
    children = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def kill_tree(pid, sig=signal.SIGKILL):
    """Send ``sig`` to ``pid`` and every descendant (collected first, then signalled)."""
    for target in [pid] + descendants(pid):
        try:
            os.kill(target, sig)
        except (ProcessLookupError, PermissionError):
            pass


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2:].split()[0] != "Z"   # a zombie is as good as gone


def terminate_tree(pid, grace=3.0):
    """SIGTERM ``pid`` and its descendants, SIGKILL whatever is left after ``grace`` s.

    The polite signal first lets a sandbox launcher clean up after its kernel.
    """
    targets = [pid] + descendants(pid)
    for target in reversed(targets):          # deepest first, the worker last
        try:
            os.kill(target, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(target) for target in targets):
        time.sleep(0.05)
    for target in targets:
        if _alive(target):
            try:
                os.kill(target, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def rss_bytes(pid):
    """Resident set size of one process in bytes (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_bytes(pid):
    """Resident memory of ``pid`` and all its descendants, summed."""
    return sum(rss_bytes(target) for target in [pid] + descendants(pid))

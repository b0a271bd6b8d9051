"""One sandbox slot per running kernel: a uid of its own and a private state folder.

RLIMIT_NPROC counts the processes of a uid, so sandboxes that run at the same time must
not share one: each takes a free uid from the range in `Limits` and holds an exclusive
``flock`` on ``RUN_DIR/uid-<uid>.lock`` while it runs (the kernel releases the lock if the
launcher dies). The state folder ``RUN_DIR/uid-<uid>/`` holds the files bound into that
sandbox (connection file, passwd, socket folder); it is removed when the slot is released,
or by the next `acquire` if the launcher was killed first.

The processes of a sandbox are those whose real or effective uid is the slot's uid (listed
with psutil): a process cannot leave that uid, however it detaches from the kernel, so
signals and kills reach all of them.
"""
import errno
import fcntl
import os
import pwd
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

RUN_DIR = Path("/run/ddasp-sandbox")  # machine-wide: every grader shares the uid range
REAP_SECONDS = 5.0  # how long to wait for the processes of a slot's uid to disappear


class NoFreeSlot(RuntimeError):
    pass


@dataclass
class Slot:
    uid: int
    state: Path
    lock_fd: int

    def release(self):
        """Kill what is left of the sandbox, remove its state, free the uid."""
        kill_uid(self.uid)
        shutil.rmtree(self.state, ignore_errors=True)
        os.close(self.lock_fd)


def _processes_of(uid):
    """`psutil.Process` of every process whose real or effective uid is ``uid``."""
    found = []
    for process in psutil.process_iter(["uids"]):
        uids = process.info["uids"]
        if uids is not None and uid in (uids.real, uids.effective):
            found.append(process)
    return found


def processes_of(uid):
    """Pids of the processes whose real or effective uid is ``uid``."""
    return [process.pid for process in _processes_of(uid)]


def signal_uid(uid, signum):
    """Send ``signum`` to every process of the sandbox ``uid``; returns how many."""
    processes = _processes_of(uid)
    for process in processes:
        try:
            process.send_signal(signum)
        except psutil.NoSuchProcess:
            pass
    return len(processes)


def kill_uid(uid, seconds=REAP_SECONDS):
    """SIGKILL the processes of ``uid`` until none is left; True if none is left."""
    deadline = time.monotonic() + seconds
    while signal_uid(uid, signal.SIGKILL):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _run_dir():
    RUN_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = RUN_DIR.lstat()
    if not RUN_DIR.is_dir() or RUN_DIR.is_symlink() or info.st_uid != os.geteuid():
        raise NoFreeSlot(f"{RUN_DIR} is not a folder owned by this user")
    os.chmod(RUN_DIR, 0o700)
    return RUN_DIR


def _is_free(uid):
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return True
    return False  # a real account: never reuse it


def _lock(path):
    """An exclusive non-blocking flock on ``path`` (created if missing), or None if held."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(fd)
        if error.errno in (errno.EAGAIN, errno.EACCES):
            return None
        raise
    return fd


def sweep(run_dir):
    """Remove the state folders of slots whose launcher was killed before it cleaned up."""
    for state in run_dir.glob("uid-*[0-9]"):
        fd = _lock(run_dir / f"{state.name}.lock")
        if fd is not None:
            shutil.rmtree(state, ignore_errors=True)
            os.close(fd)


def acquire(limits):
    """Take a free slot; raises `NoFreeSlot` when all ``limits.uid_count`` are busy."""
    run_dir = _run_dir()
    sweep(run_dir)
    offset = os.getpid() % limits.uid_count  # spread concurrent launchers over the range
    for step in range(limits.uid_count):
        uid = limits.uid_base + (offset + step) % limits.uid_count
        if not _is_free(uid):
            continue
        fd = _lock(run_dir / f"uid-{uid}.lock")
        if fd is None:
            continue
        if not kill_uid(uid):  # leftovers of a sandbox whose launcher died
            os.close(fd)
            continue
        state = run_dir / f"uid-{uid}"
        shutil.rmtree(state, ignore_errors=True)
        state.mkdir(mode=0o700)
        return Slot(uid, state, fd)
    raise NoFreeSlot(f"all {limits.uid_count} sandbox uids from {limits.uid_base} are in use")

"""Every limit of the grading sandbox, in one place.

Each number can be overridden by an environment variable of the grader, read when a
sandboxed kernel starts: ``DDASP_SANDBOX_<NAME>`` (e.g. ``DDASP_SANDBOX_MEMORY_MB=4096``,
``DDASP_SANDBOX_WALLCLOCK_SECONDS=1200``). The time limits' defaults and reasons are in
``grading.time_limits`` with the other time limits of grading (per call, cell, student).
"""
import os
from dataclasses import dataclass, fields

from ..time_limits import NOTEBOOK_SECONDS

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """The limits of one sandboxed kernel (all processes it starts)."""

    # Address space of each process (RLIMIT_AS). An idle ipykernel with numpy, scipy and
    # matplotlib imported maps about 0.8 GiB (thread stacks and malloc arenas included);
    # the largest honest computation of the homework needs a few MB. 2 GiB leaves
    # room for any honest notebook and stops a memory bomb with MemoryError. (The sandbox
    # does not create cgroups: the memory cgroup belongs to the machine's own process
    # manager; the OOM killer is pointed at sandboxed processes first instead.)
    memory_mb: int = 2048
    # CPU seconds of each process (RLIMIT_CPU; SIGXCPU, then SIGKILL 5 s later) and the
    # wall-clock time of a whole notebook, enforced by the launcher (everything is killed).
    # Both are the notebook's time limit; grading/time_limits.py says why.
    cpu_seconds: int = NOTEBOOK_SECONDS
    wallclock_seconds: int = NOTEBOOK_SECONDS
    # Processes and threads of the sandbox uid (RLIMIT_NPROC; every sandbox gets its own
    # uid, so this is a per-notebook budget). A kernel has about 10 threads, numpy and
    # OpenBLAS run single-threaded here; 64 leaves room for a student's subprocess and
    # ends a fork bomb at 64 processes.
    processes: int = 64
    # Largest file a sandboxed process may write (RLIMIT_FSIZE; writes fail with EFBIG).
    # Submissions hold a notebook and small .npy files; 256 MB is ten times the largest.
    file_size_mb: int = 256
    # Size of each of the two memory file systems the kernel can write (/scratch: its
    # home and working copy of the submission; /tmp). Bounds the disk space a notebook can
    # fill with many small files (RLIMIT_FSIZE is per file), and the submission copy.
    scratch_mb: int = 512
    # Bytes (and entries: a thousand per MB allowed) the sandbox may keep in the grader's
    # exchange folder, the one host folder it can write. A response is at most 64 MiB
    # (kernel_transport.MAX_RESPONSE_BYTES) and only one is there at a time; twice that.
    # The launcher checks about once a second and stops a sandbox over the limit.
    exchange_mb: int = 128
    # Open files per process (RLIMIT_NOFILE): the kernel needs about 60.
    open_files: int = 1024
    # Scheduling niceness of everything in the sandbox (0-19): student code, fork bombs
    # included, yields the CPU to the grader and to nbgrader itself.
    niceness: int = 10
    # Bytes of the kernel's raw stdout/stderr that the launcher passes on to the grader's
    # log (not the notebook's outputs, which travel over the kernel protocol).
    log_kb: int = 64
    # The sandbox uids: ``uid_count`` uids from ``uid_base`` on, one per running sandbox.
    # Far above login users (1000-59999) and the subordinate id ranges that useradd hands
    # out (100000 upwards in blocks of 65536), below 2**31 for tools that use signed ids.
    uid_base: int = 2_100_000_000
    uid_count: int = 1000

    @classmethod
    def from_env(cls, environ=None):
        """The defaults above, overridden by ``DDASP_SANDBOX_<NAME>`` variables."""
        environ = os.environ if environ is None else environ
        values = {}
        for spec in fields(cls):
            name = f"DDASP_SANDBOX_{spec.name.upper()}"
            if name not in environ:
                continue
            text = environ[name]
            try:
                value = int(text)
            except ValueError:
                value = 0
            if value <= 0:
                raise ValueError(f"{name} must be a positive integer, got {text!r}")
            if spec.name == "niceness" and value > 19:
                raise ValueError(f"{name} must be at most 19, got {text!r}")
            values[spec.name] = value
        return cls(**values)

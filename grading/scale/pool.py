"""A pool of long-lived grading workers that survives its workers.

``multiprocessing.Pool`` hangs when a worker dies and ``ProcessPoolExecutor`` breaks
as a whole; here each worker is a process with its own pipe, the parent hands out one
student at a time and watches both the pipe and the process:

- a worker that dies (segfault, ``os._exit``, out-of-memory kill) fails only the student
  it was grading; it is replaced while students remain;
- a student that takes longer than ``timeout`` seconds has its worker's whole process
  tree (kernels included) killed, is recorded as failed, and the worker is replaced;
- a worker that cannot even start (the course configuration does not load) means the
  run cannot happen: `RunFailed`.
"""
import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait

from .outcome import FAILED, Outcome
from .procs import kill_tree, terminate_tree
from .worker import worker_main

STOP_GRACE = 10.0   # seconds a worker gets to finish after "stop" before it is killed


class RunFailed(RuntimeError):
    """The grading run itself could not happen (e.g. no worker could load the config)."""


@dataclass
class _Slot:
    process: multiprocessing.Process
    connection: object
    ready: bool = False
    student: str = None
    started: float = 0.0


def _death_reason(process):
    process.join(1.0)
    code = process.exitcode
    if code is None:
        return "worker process stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"worker process died ({name})"
    return f"worker process died (exit code {code})"


class Pool:
    """``size`` workers built from ``spec`` (a `WorkerSpec`); see the module docstring."""

    def __init__(self, spec, size, timeout=None, target=worker_main):
        self.spec = spec
        self.size = max(1, int(size))
        self.timeout = timeout
        self.target = target
        self.context = multiprocessing.get_context("spawn")
        self.slots = []
        self.started_workers = 0

    # ------------------------------------------------------------------ processes
    def _start(self):
        ours, theirs = self.context.Pipe(duplex=True)
        process = self.context.Process(target=self.target, args=(theirs, self.spec),
                                       name=f"ddasp-grader-{self.started_workers}")
        process.start()
        theirs.close()
        self.started_workers += 1
        slot = _Slot(process, ours)
        self.slots.append(slot)
        return slot

    def _discard(self, slot):
        terminate_tree(slot.process.pid)
        slot.process.join(5.0)
        slot.connection.close()
        self.slots.remove(slot)

    def start(self, count=None):
        """Start workers now (up to ``count``, default the pool size) so that they load
        the course configuration while the caller is still planning."""
        while len(self.slots) < min(self.size, self.size if count is None else count):
            self._start()

    def shrink(self, count):
        """Stop workers beyond the first ``count`` (fewer students than workers)."""
        while len(self.slots) > max(count, 0):
            slot = self.slots.pop()
            self._stop([slot])

    def _stop(self, slots):
        for slot in slots:
            if not slot.ready and slot.student is None:
                kill_tree(slot.process.pid)    # still loading, nothing to lose
                continue
            try:
                slot.connection.send(("stop",))
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + STOP_GRACE
        for slot in slots:
            slot.process.join(max(0.0, deadline - time.monotonic()))
            if slot.process.is_alive():
                terminate_tree(slot.process.pid)
                slot.process.join(5.0)
            slot.connection.close()

    def close(self):
        """Stop all workers (politely, then by force)."""
        self._stop(self.slots)
        self.slots = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --------------------------------------------------------------------- work
    def grade(self, students):
        """Grade ``students``; yields one `Outcome` per student as each finishes."""
        pending = deque(students)
        while len(self.slots) < min(self.size, len(pending)):
            self._start()
        while pending or any(slot.student for slot in self.slots):
            for slot in self.slots:
                if slot.ready and slot.student is None and pending:
                    slot.student = pending.popleft()
                    slot.started = time.monotonic()
                    slot.connection.send(("grade", slot.student))
            yield from self._wait_and_collect(pending)

    def _wait_and_collect(self, pending):
        waits = {}
        for slot in self.slots:
            waits[slot.connection] = slot
            waits[slot.process.sentinel] = slot
        ready = wait(list(waits), timeout=self._next_deadline())
        handled = set()
        for item in ready:
            slot = waits[item]
            if id(slot) in handled or slot not in self.slots:
                continue
            handled.add(id(slot))
            outcome = self._receive(slot, pending)
            if outcome is not None:
                yield outcome
        yield from self._expire(pending)

    def _next_deadline(self):
        if not self.timeout:
            return None
        busy = [slot.started + self.timeout for slot in self.slots if slot.student]
        if not busy:
            return None
        return max(0.0, min(busy) - time.monotonic())

    def _receive(self, slot, pending):
        """Read what a worker sent, or notice that it died; returns an Outcome or None."""
        try:
            if slot.connection.poll():
                message = slot.connection.recv()
            elif not slot.process.is_alive():
                raise EOFError
            else:
                return None
        except (EOFError, OSError):
            return self._replace(slot, pending, _death_reason(slot.process))
        kind = message[0]
        if kind == "ready":
            slot.ready = True
            return None
        if kind == "fatal":
            self._discard(slot)
            raise RunFailed("a grading worker could not start:\n" + message[1])
        if kind == "done":
            slot.student = None
            return message[1]
        raise RunFailed(f"unexpected message from a grading worker: {message!r}")

    def _replace(self, slot, pending, reason):
        """Record the slot's student as failed, drop the worker, start another if needed."""
        student, was_ready = slot.student, slot.ready
        self._discard(slot)
        if not was_ready:
            raise RunFailed(f"a grading worker could not start: {reason}")
        busy = sum(1 for other in self.slots if other.student)
        if pending and len(self.slots) < min(self.size, len(pending) + busy):
            self._start()
        if student is None:
            return None
        return Outcome(student, FAILED, reason=reason, worker=slot.process.pid)

    def _expire(self, pending):
        if not self.timeout:
            return
        now = time.monotonic()
        for slot in list(self.slots):
            if slot.student and now - slot.started > self.timeout:
                yield self._replace(
                    slot, pending,
                    f"timed out after {self.timeout:g} s (worker and its kernels killed)")


def default_workers():
    """Number of grading workers by default: one per core available to us."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1

"""Kernel launcher of the ``ddasp-sandbox`` kernelspec: ``python -m grading.sandbox.launch -f <connection file>``.

Runs as the grader (root), outside the sandbox, started in the folder of the submission
being graded (nbgrader starts kernels there), isolated (``python -I``: that folder is not on
``sys.path``). It notes that folder, leaves it for ``/`` at once, and

1. takes a sandbox slot (a uid of its own, see `slots`);
2. gives the kernel a readable copy of the connection file and a socket folder owned by
   the slot's uid, bound where the connection file's ``ip`` points; the grader reaches
   the sockets through links at the original paths; once the kernel has bound them, the
   folder is taken back (`seal_sockets`);
3. starts the kernel in bubblewrap (`command.bwrap_argv`) with the limits of
   `limits.Limits`, and stays its parent: SIGTERM/SIGHUP end the sandbox, SIGINT is
   passed on to the kernel, the notebook's wall-clock limit ends it too, and so does
   filling the exchange folder (the one host folder it can write) beyond its budget;
4. when the kernel ends, for whatever reason, kills every process left under the slot's
   uid, removes the links and the slot's state (the scratch file systems vanish with the
   sandbox) and exits with the kernel's status.

The kernelspec must say ``"interrupt_mode": "message"`` (the kernel is not this process)
and the kernel manager must use ``transport = "ipc"`` with an absolute ``ip`` (the sandbox
has no network).
"""
import argparse
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import command, slots
from .limits import MB, Limits
from .unavailable import SandboxUnavailable

PORTS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
EXIT_LIMIT = 124  # as timeout(1): the sandbox was stopped at a limit


def say(message):
    print(f"ddasp sandbox: {message}", file=sys.stderr, flush=True)


class SubmissionTooLarge(Exception):
    """The submission folder does not fit into the sandbox's scratch space."""


def check_size(folder, limit):
    """Raise `SubmissionTooLarge` if the files below ``folder`` add up to more than ``limit``."""
    total = 0
    for top, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(top, name)).st_size
            except OSError:
                continue
            if total > limit:
                raise SubmissionTooLarge(
                    f"the submission folder {folder} holds more than {limit // MB} MB, more "
                    "than the sandbox's scratch space: remove the big files from it (or raise "
                    "DDASP_SANDBOX_SCRATCH_MB)")


def read_connection(path):
    """The connection info; raises `SandboxUnavailable` unless it uses absolute ipc paths."""
    info = json.loads(Path(path).read_text())
    if info.get("transport") != "ipc" or not os.path.isabs(str(info.get("ip", ""))):
        raise SandboxUnavailable(
            "the sandboxed kernel has no network: configure the kernel manager with "
            "transport = 'ipc' and an absolute ip path (e.g. km.ip = '/tmp/x/kernel')")
    return info


def socket_links(info, sockets):
    """{path the grader connects to: path of the socket in the slot's folder}."""
    name = os.path.basename(info["ip"])
    return {f"{info['ip']}-{info[port]}": os.path.join(sockets, f"{name}-{info[port]}")
            for port in PORTS}


SERVER_FILE = str(Path(__file__).resolve().parent.parent / "boundary" / "student_side.py")


def prepare(slot, info, exchange, submission):
    """Write the slot's state files and socket links; returns the `command.Layout`."""
    uid, state = slot.uid, slot.state
    if exchange and os.path.realpath(exchange) == os.path.realpath(os.path.dirname(info["ip"])):
        raise SandboxUnavailable("DDASP_SANDBOX_EXCHANGE must not be the kernel's ipc folder: "
                                 "give each its own folder")
    connection = state / "connection.json"
    connection.write_text(json.dumps(info))
    connection.chmod(0o644)
    (state / "passwd").write_text(f"root:x:0:0::/root:/bin/sh\nstudent:x:{uid}:{uid}::"
                                  f"{command.HOME}:/bin/sh\n")
    (state / "group").write_text(f"root:x:0:\nstudent:x:{uid}:\n")
    for name in ("passwd", "group"):
        (state / name).chmod(0o644)
    sockets = state / "sockets"
    sockets.mkdir(mode=0o700)
    os.chown(sockets, uid, uid)
    for link, target in socket_links(info, str(sockets)).items():
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(target, link)
    prefixes = tuple(os.path.realpath(p) for p in (sys.prefix, sys.base_prefix))
    return command.Layout(
        uid=uid, python=sys.executable, prefixes=prefixes, submission=submission,
        connection=str(connection), passwd=str(state / "passwd"), group=str(state / "group"),
        sockets=str(sockets), sockets_inside=os.path.dirname(info["ip"]),
        exchange=os.path.realpath(exchange) if exchange else None, server=SERVER_FILE)


def seal_sockets(info, sockets):
    """Once the kernel has bound its five sockets, take their folder from the sandbox uid.

    From then on the kernel cannot replace a socket by a link: the grader, which follows
    the links as root, only ever reaches the kernel's own sockets. True once sealed.
    """
    name = os.path.basename(info["ip"])
    for port in PORTS:
        try:
            if not stat.S_ISSOCK(os.lstat(os.path.join(sockets, f"{name}-{info[port]}")).st_mode):
                return False
        except FileNotFoundError:
            return False
    os.chown(sockets, 0, 0)
    os.chmod(sockets, 0o755)
    return True


def over_budget(folder, limit_bytes, limit_entries):
    """True once the files below ``folder`` take more than either budget."""
    used = entries = 0
    for top, folders, files in os.walk(folder):
        for name in folders + files:
            entries += 1
            try:
                used += os.lstat(os.path.join(top, name)).st_blocks * 512
            except OSError:
                continue
            if used > limit_bytes or entries > limit_entries:
                return True
    return False


def remove_links(info, sockets):
    for link, target in socket_links(info, sockets).items():
        if os.path.islink(link) and os.readlink(link) == target:
            os.unlink(link)


def apply_limits(limits):
    """Resource limits inherited by everything in the sandbox (run in the child)."""
    def set_limit(kind, value, hard=None):
        resource.setrlimit(kind, (value, value if hard is None else hard))

    set_limit(resource.RLIMIT_AS, limits.memory_mb * MB)
    set_limit(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 5)
    set_limit(resource.RLIMIT_NPROC, limits.processes)
    set_limit(resource.RLIMIT_FSIZE, limits.file_size_mb * MB)
    set_limit(resource.RLIMIT_NOFILE, limits.open_files)
    set_limit(resource.RLIMIT_CORE, 0)
    os.nice(limits.niceness)
    with open("/proc/self/oom_score_adj", "w") as handle:  # the OOM killer takes us first
        handle.write("1000")


def forward_output(source, target, limit):
    """Copy at most ``limit`` bytes from the pipe ``source`` to ``target``; drain the rest."""
    passed = 0
    with os.fdopen(source, "rb", buffering=0) as pipe:
        while chunk := pipe.read(65536):
            if passed < limit:
                part = chunk[:limit - passed]
                passed += len(part)
                try:
                    target.write(part)
                    if passed >= limit:
                        target.write(b"\n[ddasp sandbox: further kernel output dropped]\n")
                    target.flush()
                except (OSError, ValueError):
                    passed = limit


class Sandbox:
    """One running sandbox: the bwrap process, its slot and its deadline."""

    def __init__(self, slot, layout, limits, info):
        self.slot, self.limits, self.info, self.layout = slot, limits, info, layout
        self.stop_reason = self.stop_status = None
        self.sealed = False
        argv = command.bwrap_argv(layout, limits, command.kernel_program(layout.python))
        env = command.environment(os.environ, layout.python)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        self.process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                        stdout=out_w, stderr=err_w,
                                        preexec_fn=lambda: apply_limits(limits))
        os.close(out_w)
        os.close(err_w)
        budget = limits.log_kb * 1024
        self.forwarders = [
            threading.Thread(target=forward_output, args=(fd, stream.buffer, budget), daemon=True)
            for fd, stream in ((out_r, sys.stdout), (err_r, sys.stderr))]
        for thread in self.forwarders:
            thread.start()
        self.deadline = time.monotonic() + limits.wallclock_seconds

    def stop(self, reason, status=None):
        """Kill the sandbox; ``reason`` goes to the grader's log, ``status`` is the exit status."""
        if self.stop_reason is None:
            self.stop_reason, self.stop_status = reason, status
        try:
            self.process.kill()  # bwrap's --die-with-parent takes the whole sandbox along
        except ProcessLookupError:
            pass

    def interrupt(self):
        slots.signal_uid(self.slot.uid, signal.SIGINT)

    def enforce_limits(self):
        """Seal the sockets once bound; stop the sandbox when it is over a limit."""
        if not self.sealed:
            self.sealed = seal_sockets(self.info, self.layout.sockets)
        if time.monotonic() >= self.deadline:
            self.stop(f"the notebook ran longer than its wall-clock limit of "
                      f"{self.limits.wallclock_seconds} s; its kernel was stopped", EXIT_LIMIT)
        exchange_mb = self.limits.exchange_mb
        if self.layout.exchange and over_budget(self.layout.exchange, exchange_mb * MB,
                                                1000 * exchange_mb):
            self.stop(f"the notebook wrote more than {exchange_mb} MB into the grader's "
                      "exchange folder; its kernel was stopped", EXIT_LIMIT)

    def wait(self):
        """Wait for the kernel to end (or stop it at a limit); the launcher's exit status."""
        while True:
            self.enforce_limits()
            poll = 1.0 if self.sealed else 0.02  # seal as soon as the sockets exist
            timeout = max(0.02, min(self.deadline - time.monotonic(), poll))
            try:
                status = self.process.wait(timeout=timeout)
                break
            except subprocess.TimeoutExpired:
                continue
        slots.kill_uid(self.slot.uid)
        for thread in self.forwarders:
            thread.join(timeout=2)
        if self.stop_reason:
            say(self.stop_reason)
        if self.stop_status is not None:
            return self.stop_status
        return status if status >= 0 else 128 - status


def run(connection_file, submission):
    limits = Limits.from_env()
    info = read_connection(connection_file)
    check_size(submission, limits.scratch_mb * MB)
    try:
        slot = slots.acquire(limits)
    except slots.NoFreeSlot as error:
        raise SandboxUnavailable(str(error)) from None
    try:
        layout = prepare(slot, info, os.environ.get("DDASP_SANDBOX_EXCHANGE"), submission)
        sandbox = Sandbox(slot, layout, limits, info)
        handlers = {
            signal.SIGTERM: lambda *_: sandbox.stop("stopped by SIGTERM"),
            signal.SIGHUP: lambda *_: sandbox.stop("stopped by SIGHUP"),
            signal.SIGINT: lambda *_: sandbox.interrupt()}
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        return sandbox.wait()
    finally:
        remove_links(info, str(slot.state / "sockets"))
        slot.release()


def main(argv=None):
    submission = os.getcwd()
    os.chdir("/")  # nothing below opens a file of the submission by a relative name
    parser = argparse.ArgumentParser(prog="python -m grading.sandbox.launch",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("-f", dest="connection_file", required=True,
                        help="the kernel's connection file (written by the kernel manager)")
    args = parser.parse_args(argv)
    try:
        connection_file = os.path.join(submission, args.connection_file)
        return run(connection_file, submission)
    except SandboxUnavailable as error:
        say(str(error))
        return 69
    except SubmissionTooLarge as error:
        say(str(error))
        return 70


if __name__ == "__main__":
    sys.exit(main())

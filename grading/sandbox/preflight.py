"""``require_sandbox()``: is the grading sandbox usable on this machine? If not, raise with
the fix."""
import os
import shutil
import subprocess
import sys
import tempfile

from ..time_limits import SANDBOX_TRIAL_SECONDS
from .unavailable import SandboxUnavailable

KERNEL_NAME = "ddasp-sandbox"
TRIAL_PROGRAM = ("import os, numpy, scipy, matplotlib, ipykernel\n"
                 "assert os.getuid() != 0 and os.getcwd() == '/scratch/work'\n"
                 "print('sandbox ok')\n")

_checked = False


def _kernelspec_installed():
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        return False
    return True


def trial():
    """Start a throw-away sandbox like a kernel's and run a short program in it."""
    from . import command, launch, slots
    from .limits import Limits
    limits = Limits.from_env()
    slot = slots.acquire(limits)
    try:
        with tempfile.TemporaryDirectory(prefix="ddasp-preflight-") as folder:
            submission = os.path.join(folder, "submission")
            os.mkdir(submission)
            info = {"transport": "ipc", "ip": os.path.join(folder, "ipc", "kernel"), "key": "",
                    **{port: index + 1 for index, port in enumerate(launch.PORTS)}}
            os.mkdir(os.path.dirname(info["ip"]))
            layout = launch.prepare(slot, info, None, submission)
            argv = command.bwrap_argv(layout, limits, [sys.executable, "-I", "-c", TRIAL_PROGRAM])
            try:
                result = subprocess.run(argv, env=command.environment(os.environ, sys.executable),
                                        stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                        timeout=SANDBOX_TRIAL_SECONDS,
                                        preexec_fn=lambda: launch.apply_limits(limits))
            finally:
                launch.remove_links(info, layout.sockets)
    finally:
        slot.release()
    if result.returncode != 0 or "sandbox ok" not in result.stdout:
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise SandboxUnavailable(f"a trial sandbox failed ({detail}): run `python -m "
                                 "grading sandbox check` as root to see why",
                                 details=result.stdout + result.stderr)


def require_sandbox(force=False):
    """Raise `SandboxUnavailable` unless sandboxed kernels can run (cached per process)."""
    global _checked
    if _checked and not force:
        return
    if os.geteuid() != 0:
        raise SandboxUnavailable("the sandbox starts each kernel under a uid of its own: run "
                                 "the grader as root (or opt out with DDASP_UNSANDBOXED=1)")
    if shutil.which("bwrap") is None:
        raise SandboxUnavailable("bubblewrap is missing: run `apt-get install bubblewrap`")
    if shutil.which("setpriv") is None:
        raise SandboxUnavailable("setpriv is missing: run `apt-get install util-linux`")
    if not _kernelspec_installed():
        raise SandboxUnavailable(f"the kernelspec {KERNEL_NAME} is not installed: run "
                                 "`python -m grading sandbox install` (part of `make venv`)")
    from .slots import NoFreeSlot
    try:
        trial()
    except NoFreeSlot as error:
        raise SandboxUnavailable(f"{error}: wait for running sandboxes to end, or raise "
                                 "DDASP_SANDBOX_UID_COUNT") from None
    except (OSError, subprocess.SubprocessError) as error:
        raise SandboxUnavailable(f"a trial sandbox could not start ({error}): run `python -m "
                                 "grading sandbox check` as root to see why") from None
    _checked = True


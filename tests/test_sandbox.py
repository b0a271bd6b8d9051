"""The grading sandbox, with real bubblewrap and real ipykernels started by jupyter_client.

Each kernel is started the way nbgrader's TrustedExecute starts it: kernelspec
``ddasp-sandbox``, ipc transport with an absolute path, the submission folder as working
directory, ``DDASP_SANDBOX_EXCHANGE`` naming the exchange folder.
"""
import contextlib
import errno
import json
import os
import socket
import time

import numpy as np
import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

from grading.sandbox import kernelspec, preflight, slots
from grading.sandbox.limits import Limits

pytestmark = pytest.mark.pipeline   # every test starts the sandbox

SECRET = "NOITULOS-ECNEREFER-TERCES"[::-1]


@pytest.fixture(scope="module")
def kernel_specs(tmp_path_factory):
    try:
        preflight.require_sandbox()
    except preflight.SandboxUnavailable as error:
        pytest.fail(f"the sandbox does not work on this machine: {error}")
    prefix = tmp_path_factory.mktemp("prefix")
    kernelspec.install(prefix=prefix)
    return KernelSpecManager(kernel_dirs=[str(prefix / "share" / "jupyter" / "kernels")])


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder: solutions, gradebook, another student, and alice's submission."""
    root = tmp_path_factory.mktemp("course")
    (root / "source" / "ps1").mkdir(parents=True)
    (root / "source" / "ps1" / "ps1.ipynb").write_text(SECRET)
    (root / "gradebook.db").write_text(SECRET)
    (root / "submitted" / "bob" / "ps1").mkdir(parents=True)
    (root / "submitted" / "bob" / "ps1" / "ps1.ipynb").write_text("bob's work")
    alice = root / "autograded" / "alice" / "ps1"
    alice.mkdir(parents=True)
    np.save(alice / "ground_truth_data_x.npy", np.arange(6.0).reshape(3, 2))
    (alice / "ps1.ipynb").write_text("alice's work")
    (alice / "helpers.py").write_text("ANSWER = 42\n")
    exchange = root.parent / f"{root.name}-exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # as grading.nbgrader_integration.kernel_transport prepares it
    return root


class Kernel:
    """A started sandbox kernel and a client; ``run(code)`` -> (stdout, error name)."""

    def __init__(self, manager, client):
        self.manager, self.client = manager, client

    def run(self, code, timeout=30):
        out, errors = [], []

        def hook(message):
            if message["msg_type"] == "stream":
                out.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                errors.append(message["content"]["ename"])

        self.client.execute_interactive(code, timeout=timeout, output_hook=hook)
        return "".join(out), (errors[0] if errors else None)

    def value(self, expression):
        """The JSON value of ``expression`` evaluated in the kernel."""
        out, error = self.run(f"import json as _j; print(_j.dumps({expression}))")
        assert error is None, error
        return json.loads(out)


@contextlib.contextmanager
def sandbox_kernel(kernel_specs, course, ipc_folder, **env):
    ipc_folder.mkdir()
    manager = KernelManager(kernel_name=preflight.KERNEL_NAME, kernel_spec_manager=kernel_specs,
                            transport="ipc", ip=str(ipc_folder / "kernel"))
    environ = dict(os.environ, DDASP_SANDBOX_EXCHANGE=str(exchange_of(course)), **env)
    manager.start_kernel(cwd=str(course / "autograded" / "alice" / "ps1"), env=environ)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=30)
        yield Kernel(manager, client)
    finally:
        client.stop_channels()
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)


def exchange_of(course):
    return course.parent / f"{course.name}-exchange"


@pytest.fixture(scope="module")
def kernel(kernel_specs, course, tmp_path_factory):
    with sandbox_kernel(kernel_specs, course, tmp_path_factory.mktemp("shared") / "ipc") as k:
        yield k


# ------------------------------------------------------------------ what the kernel is
def test_kernel_runs_numpy_in_a_copy_of_the_submission(kernel, course):
    out, error = kernel.run("import numpy as np, os, helpers\n"
                            "x = np.load('ground_truth_data_x.npy')\n"
                            "open('scribble.txt', 'w').write('mine')\n"
                            "print(x.shape, float(x.sum()), os.getcwd(), helpers.ANSWER)")
    assert error is None
    assert out.split() == ["(3,", "2)", "15.0", "/scratch/work", "42"]
    assert not (course / "autograded" / "alice" / "ps1" / "scribble.txt").exists()


def test_kernel_runs_as_an_unprivileged_uid_of_its_own(kernel):
    uid = kernel.value("__import__('os').getuid()")
    limits = Limits()
    assert uid != 0 and limits.uid_base <= uid < limits.uid_base + limits.uid_count
    status = kernel.value("open('/proc/self/status').read()")
    fields = dict(line.split(":", 1) for line in status.splitlines())
    assert int(fields["CapEff"], 16) == 0 and int(fields["CapBnd"], 16) == 0
    assert fields["NoNewPrivs"].strip() == "1"


def test_interrupt_travels_as_a_message(kernel):
    kernel.client.execute("import time\nwhile True: time.sleep(0.01)")
    time.sleep(1.0)
    kernel.manager.interrupt_kernel()
    reply = kernel.client.get_shell_msg(timeout=10)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"


def test_environment_holds_nothing_of_the_grader(kernel):
    assert os.environ.get("DDASP_COURSE_SECRET")  # set by conftest.py for the grader
    env = kernel.value("dict(__import__('os').environ)")
    assert "DDASP_COURSE_SECRET" not in env
    assert env["MPLBACKEND"] == "Agg" and env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["HOME"].startswith("/scratch/") and env["MPLCONFIGDIR"].startswith("/scratch/")


def test_grading_environment_has_no_autodiff_and_no_grading_package(kernel):
    out, error = kernel.run("import numpy, scipy, matplotlib.pyplot, ipykernel; print('ok')")
    assert (out.strip(), error) == ("ok", None)
    for module in ("torch", "jax", "tensorflow", "autograd", "grading"):
        _, error = kernel.run(f"import {module}")
        assert error == "ModuleNotFoundError", module


# ------------------------------------------------------------------ what it cannot reach
def test_course_folder_is_invisible(kernel, course):
    for path in [course / "source" / "ps1" / "ps1.ipynb", course / "gradebook.db",
                 course / "submitted" / "bob" / "ps1" / "ps1.ipynb",
                 course / "autograded" / "alice" / "ps1" / "ps1.ipynb"]:
        _, error = kernel.run(f"open({str(path)!r}).read()")
        assert error == "FileNotFoundError", path
    for relative in ["../../../source/ps1/ps1.ipynb", "../../../gradebook.db"]:
        _, error = kernel.run(f"open({relative!r}).read()")
        assert error == "FileNotFoundError", relative
    import sys
    prefix = os.path.realpath(sys.prefix)
    assert kernel.value(f"__import__('os').listdir({os.path.dirname(prefix)!r})") == \
        [os.path.basename(prefix)]  # the environment, not the course repository around it
    out, error = kernel.run(SEARCH_FOR_SECRET.format(
        skip=("/usr", "/proc", "/dev", prefix, os.path.realpath(sys.base_prefix)),
        secret=SECRET[::-1]))  # reversed: the search's own code must not match
    assert (out.strip(), error) == ("[]", None)


SEARCH_FOR_SECRET = """
import os
found = []
for top, folders, files in os.walk('/'):
    folders[:] = [f for f in folders if os.path.join(top, f) not in {skip!r}]
    for name in files:
        path = os.path.join(top, name)
        try:
            if name == 'gradebook.db' or (os.path.isfile(path) and os.path.getsize(path) < 2**20
                                          and {secret!r}[::-1].encode() in open(path, 'rb').read()):
                found.append(path)
        except PermissionError:
            pass
print(found)
"""


def test_writes_outside_scratch_and_exchange_fail(kernel, course):
    import sys
    for path in ["/usr/x", f"{sys.prefix}/x", "/etc/passwd", "/x",
                 "/run/ddasp/connection.json", "/run/ddasp/submission/ps1.ipynb"]:
        _, error = kernel.run(f"open({path!r}, 'w').write('x')")
        assert error in ("OSError", "PermissionError", "FileNotFoundError"), path
    exchange = exchange_of(course)
    out, error = kernel.run(
        f"for p in ['/tmp/x', '/scratch/home/x', {str(exchange / 'answer.txt')!r}]:\n"
        "    open(p, 'w').write('written in the sandbox')\n"
        "print('ok')")
    assert (out.strip(), error) == ("ok", None)
    assert (exchange / "answer.txt").read_text() == "written in the sandbox"


def test_kernel_cannot_swap_its_sockets_for_links(kernel):
    sockets = os.path.dirname(kernel.manager.ip)
    names = kernel.value(f"sorted(__import__('os').listdir({sockets!r}))")
    assert len(names) == 5
    for code in (f"import os; os.symlink('/run/postgresql', {sockets!r} + '/evil')",
                 f"import os; os.unlink({sockets!r} + '/' + {names[0]!r})"):
        _, error = kernel.run(code)
        assert error == "PermissionError", code


def test_no_network(kernel):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        out, error = kernel.run(
            "import socket\n"
            f"try:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
            "except OSError as e:\n    print(type(e).__name__)\n")
        assert error is None and out.strip() in ("ConnectionRefusedError", "OSError")
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()
    interfaces = kernel.value("[line.split(':')[0].strip() for line in "
                              "open('/proc/net/dev').read().splitlines()[2:]]")
    assert interfaces == ["lo"]


# ------------------------------------------------------------------ limits
def test_file_size_limit(kernel):
    out, error = kernel.run(
        "import errno\nwritten = 0\nchunk = b'\\0' * 2**26\n"
        "try:\n"
        "    with open('big.bin', 'wb') as f:\n"
        "        while written < 5 * 10**9:\n"
        "            f.write(chunk); f.flush(); written += len(chunk)\n"
        "except OSError as e:\n    print(e.errno, written)\n"
        "import os; os.remove('big.bin')")
    assert error is None
    code, written = (int(x) for x in out.split())
    assert code == errno.EFBIG and written <= Limits().file_size_mb * 2**20


def test_memory_bomb_ends_in_memory_error_and_the_grader_survives(kernel_specs, course, tmp_path):
    with sandbox_kernel(kernel_specs, course, tmp_path / "ipc") as k:
        _, error = k.run("x = bytearray(3 * 2**30)")
        assert error == "MemoryError"
        _, error = k.run("hog = []\nwhile True:\n    hog.append(bytearray(2**26))")
        assert error == "MemoryError" or not k.manager.is_alive()
        if k.manager.is_alive():
            k.run("del hog")
            assert k.run("print(1 + 1)") == ("2\n", None)
    assert np.ones(2**20).sum() == 2**20


FORK_BOMB = ("import os, time\nforks = 0\n"
             "try:\n"
             "    while forks < 10000:\n"
             "        if os.fork() == 0:\n"
             "            time.sleep(1000); os._exit(0)\n"
             "        forks += 1\n"
             "except OSError as e:\n    print(e.errno, forks)")

# two sleepers that leave the kernel's process group: one in a new session, one double-forked
BACKGROUND_SLEEPERS = ("import os, subprocess\n"
                       "subprocess.Popen(['sleep', '1000'], start_new_session=True)\n"
                       "if os.fork() == 0:\n"
                       "    os.setsid()\n"
                       "    if os.fork() == 0:\n"
                       "        os.execvp('sleep', ['sleep', '1000'])\n"
                       "    os._exit(0)\n"
                       "print('started')")


@contextlib.contextmanager
def kernel_that_ran(kernel_specs, course, tmp_path, code):
    """A sandbox kernel after running ``code``: yields (kernel, its uid, (stdout, error))."""
    with sandbox_kernel(kernel_specs, course, tmp_path / "ipc") as k:
        uid = k.value("__import__('os').getuid()")
        yield k, uid, k.run(code)


def test_fork_bomb_is_contained(kernel_specs, course, tmp_path):
    with kernel_that_ran(kernel_specs, course, tmp_path, FORK_BOMB) as (k, uid, (out, error)):
        assert error is None
        code, forks = (int(x) for x in out.split())
        assert code == errno.EAGAIN and forks < Limits().processes
        assert len(slots.processes_of(uid)) > forks  # the children are alive
        assert _grader_can_start_a_process()
    assert _gone(uid)


def _grader_can_start_a_process():
    import subprocess
    return subprocess.run(["true"]).returncode == 0


def _gone(uid, seconds=5.0):
    deadline = time.monotonic() + seconds
    while slots.processes_of(uid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_background_processes_are_gone_after_kernel_shutdown(kernel_specs, course, tmp_path):
    with kernel_that_ran(kernel_specs, course, tmp_path,
                         BACKGROUND_SLEEPERS) as (k, uid, (out, error)):
        assert (out.strip(), error) == ("started", None)
        time.sleep(0.3)
        sleepers = [pid for pid in slots.processes_of(uid)
                    if open(f"/proc/{pid}/cmdline").read().startswith("sleep")]
        assert len(sleepers) == 2
        k.client.stop_channels()
        k.manager.shutdown_kernel(now=False)
        assert not k.manager.is_alive()
    assert _gone(uid, seconds=1.0)
    assert not (slots.RUN_DIR / f"uid-{uid}").exists()
    assert not list((tmp_path / "ipc").iterdir())  # socket links removed


def test_filling_the_exchange_folder_stops_the_sandbox(kernel_specs, course, tmp_path):
    with sandbox_kernel(kernel_specs, course, tmp_path / "ipc", DDASP_SANDBOX_EXCHANGE_MB="8") as k:
        target = str(exchange_of(course) / "flood")
        k.client.execute("import os, time\n"
                         f"for i in range(100):\n    open({target!r} + str(i), 'wb').write(b'x' * 2**20)\n"
                         "time.sleep(60)")
        started = time.monotonic()
        while k.manager.is_alive() and time.monotonic() - started < 20:
            time.sleep(0.1)
        assert not k.manager.is_alive()
    for path in exchange_of(course).glob("flood*"):
        path.unlink()


def test_wallclock_limit_ends_a_loop_that_ignores_sigint(kernel_specs, course, tmp_path):
    with sandbox_kernel(kernel_specs, course, tmp_path / "ipc",
                        DDASP_SANDBOX_WALLCLOCK_SECONDS="6") as k:
        uid = k.value("__import__('os').getuid()")
        k.client.execute("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                         "while True:\n    pass")
        time.sleep(0.5)
        k.manager.interrupt_kernel()  # ignored
        started = time.monotonic()
        while k.manager.is_alive() and time.monotonic() - started < 20:
            time.sleep(0.1)
        assert not k.manager.is_alive()
        assert _gone(uid, seconds=1.0)

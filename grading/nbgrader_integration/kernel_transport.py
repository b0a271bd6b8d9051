"""A boundary transport through a running (sandboxed) kernel and an exchange folder.

Before any cell of the notebook runs, `KernelTransport.install` loads the student-side
server (`grading.boundary.student_side`) into the kernel from a file the kernel cannot
write (in the sandbox: a read-only bind at `SANDBOX_SERVER`), with the submission's
folder off ``sys.path`` so that no submitted module stands in for the ones it imports.
The server answers with a per-run key, read by the grader and removed before any student
code runs.

For each call the grader writes ``request-<token>.json`` into the exchange folder, asks
the kernel to run the installed server on it, and reads ``response-<token>.json``: the
answer's HMAC (key, token, answer) on the first line, the answer after it. An answer that
is not signed with the run's key did not come from the installed server: `Tampering`.
Only the answer's text crosses; `grading.boundary.StudentNotebook` decodes it as plain data.

The exchange folder is root's, mode 1733: the kernel may create its own files there but
neither list nor replace the grader's (it holds no code).
"""
import hmac
import os
import secrets
from pathlib import Path

from ..boundary import BoundaryFailure, Tampering
from ..boundary import student_side
from ..safecopy import FileTooLarge, read_regular
from ..time_limits import CALL_SECONDS, INSTALL_SECONDS, PROBE_SECONDS

SERVER_MODULE = "_ddasp_student_side"
SANDBOX_SERVER = "/run/ddasp/server/student_side.py"  # bound read-only by the sandbox
KEY_FILE = "server-key"
MAX_RESPONSE_BYTES = 16 * 2**20  # hidden inputs and results are small; more is abuse


def prepare_exchange(folder):
    """Create the exchange ``folder``: writable by the kernel, listable only by the grader."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o1733)
    return folder


def install_code(server_path, key_path, forbidden):
    """The code that loads the server into the kernel and writes its key to ``key_path``.

    The kernel's working folder (the submission) is off ``sys.path`` meanwhile.
    """
    return (
        "def _ddasp_install():\n"
        "    import importlib.util, os, sys\n"
        "    saved = sys.path[:]\n"
        "    here = os.getcwd()\n"
        "    sys.path[:] = [p for p in saved if p not in ('', '.', here)]\n"
        "    try:\n"
        f"        spec = importlib.util.spec_from_file_location({SERVER_MODULE!r}, "
        f"{str(server_path)!r})\n"
        "        module = importlib.util.module_from_spec(spec)\n"
        "        spec.loader.exec_module(module)\n"
        f"        sys.modules[{SERVER_MODULE!r}] = module\n"
        f"        key = module.install(get_ipython().user_ns, {list(forbidden)!r})\n"
        "    finally:\n"
        "        sys.path[:] = saved\n"
        f"    descriptor = os.open({str(key_path)!r}, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)\n"
        "    with os.fdopen(descriptor, 'w') as handle:\n"
        "        handle.write(key)\n"
        "_ddasp_install()\n"
        "del _ddasp_install\n")


def serving_code(request, response, token):
    """The code the kernel runs for one request; it leaves no names behind."""
    return (f"__import__('sys').modules[{SERVER_MODULE!r}].serve_file("
            f"{str(request)!r}, {str(response)!r}, {token!r})")


def _read_answer(path, limit):
    """The kernel's file ``path`` (no link followed; None if absent), at most ``limit`` bytes."""
    try:
        return read_regular(path, limit)
    except FileTooLarge:
        raise BoundaryFailure(f"the notebook returned more than {MAX_RESPONSE_BYTES // 2**20} "
                              "MB of data for one call") from None


class KernelTransport:
    """`exchange(request_text) -> response_text` through ``client``'s kernel.

    ``client``: an nbclient NotebookClient whose kernel is running; ``folder``: the
    exchange folder prepared with `prepare_exchange`; ``server_path``: where the kernel
    reads the student-side server (default: this package's file, for kernels outside the
    sandbox). Call `install` before any student code runs in the kernel.
    """

    def __init__(self, client, folder, server_path=None, forbidden=()):
        self.client = client
        self.folder = Path(folder)
        self.server_path = server_path or student_side.__file__
        self.forbidden = tuple(forbidden)
        self.key = None
        self.count = 0
        self.broken = None  # why the kernel can no longer answer; later calls fail at once

    def _run(self, code, seconds):
        """Run ``code`` silently in the kernel within ``seconds``; False if it failed.

        Talks to the kernel client directly (shell reply only, no output processing):
        a hidden check makes about a hundred of these calls per notebook.
        """
        previous = self.client.timeout
        self.client.timeout = min(seconds, previous or seconds)
        try:
            message_id = self.client.kc.execute(code, silent=True, store_history=False,
                                                allow_stdin=False)
            reply = self.client.wait_for_reply(message_id)
            return reply is not None and reply["content"].get("status") == "ok"
        except Exception:  # dead kernel, lost connection
            return False
        finally:
            self.client.timeout = previous

    def install(self):
        """Load the server into the kernel and take its key; True if it worked."""
        key_path = self.folder / f"{KEY_FILE}-{secrets.token_hex(8)}"
        try:
            ran = self._run(install_code(self.server_path, key_path, self.forbidden),
                            INSTALL_SECONDS)
            data = _read_answer(key_path, 256)
        finally:
            key_path.unlink(missing_ok=True)
        if ran and data and len(data) == 64:
            self.key = data.decode("ascii", errors="replace")
            return True
        self.broken = ("the grader could not start its server in the notebook's kernel; "
                       "the kernel may have died at start-up")
        return False

    def alive(self):
        """Probe the kernel; after a failed probe it is marked broken for good."""
        if not self.broken and not self._run("pass", PROBE_SECONDS):
            self.broken = ("the notebook's kernel stopped answering; it may have been stopped "
                           "by a time or memory limit, or a cell left it busy")
        return not self.broken

    def exchange(self, request_text):
        if self.key is None and not self.broken:
            self.broken = "the grader's server was not installed in the notebook's kernel"
        if self.broken:
            raise BoundaryFailure(self.broken)
        self.count += 1
        token = f"{self.count}-{secrets.token_hex(8)}"  # unpredictable: no planted links
        request = self.folder / f"request-{token}.json"
        response = self.folder / f"response-{token}.json"
        descriptor = os.open(request, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(request_text)
        try:
            answered = self._run(serving_code(request, response, token), CALL_SECONDS)
            data = _read_answer(response, MAX_RESPONSE_BYTES + 64)
        finally:
            request.unlink(missing_ok=True)
            response.unlink(missing_ok=True)
        if not answered and not self.alive():
            raise BoundaryFailure(self.broken)
        if not answered and data is None:
            raise BoundaryFailure(f"the call did not finish within {CALL_SECONDS} s")
        if data is None:
            raise Tampering("the grader's server in the notebook's kernel did not answer: "
                            "a cell removed or replaced it")
        return self._verified(data, token, request_text)

    def _verified(self, data, token, request_text):
        """The answer text, if its signature is the installed server's for this request."""
        mac, _, text = data.partition(b"\n")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        expected = (student_side.signature(self.key, token, request_text, text)
                    if text is not None else "")
        if text is None or not hmac.compare_digest(mac.decode("ascii", "replace"), expected):
            raise Tampering("the answer to the grader was not written by the grader's server "
                            "in the notebook's kernel: a cell replaced or wrapped it")
        return text

"""A boundary transport through a running (sandboxed) kernel and an exchange folder.

The grader writes ``request-<n>.json`` into the exchange folder, asks the kernel to run
the student-side server on it, and reads ``response-<n>.json`` back as text. Only that
text crosses: it is decoded as plain data by `grading.boundary.Student`. The kernel sees
the exchange folder at the same absolute path (the sandbox binds it there).
"""
import os
import secrets
import shutil
from pathlib import Path

from ..boundary import BoundaryFailure
from ..boundary import student_side

STUDENT_SIDE_MODULE = "_ddasp_student_side"
MAX_RESPONSE_BYTES = 64 * 2**20  # hidden inputs are small; anything larger is abuse
CALL_SECONDS = 15   # one hidden call (small inputs; train: a few epochs) takes < 1 s honestly
PROBE_SECONDS = 5   # after a call without an answer: is the kernel still responsive?


def prepare_exchange(folder):
    """Put the student-side server module into ``folder`` (readable by the kernel)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o777)
    target = folder / f"{STUDENT_SIDE_MODULE}.py"
    shutil.copyfile(student_side.__file__, target)
    target.chmod(0o644)
    return folder


def serving_code(folder, request, response):
    """The code the kernel runs for one request; it leaves no names behind."""
    program = (
        "import sys\n"
        f"sys.path.insert(0, {str(folder)!r})\n"
        f"import {STUDENT_SIDE_MODULE} as server\n"
        "sys.path.remove(" + repr(str(folder)) + ")\n"
        f"server.serve_file({str(request)!r}, {str(response)!r}, get_ipython().user_ns)\n")
    return f"exec({program!r}, {{}})"


class KernelTransport:
    """`exchange(request_text) -> response_text` through ``client``'s kernel.

    ``client``: an nbclient NotebookClient whose kernel is running; ``folder``: the
    exchange folder prepared with `prepare_exchange`.
    """

    def __init__(self, client, folder):
        self.client = client
        self.folder = Path(folder)
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

    def alive(self):
        """Probe the kernel; after a failed probe it is marked broken for good."""
        if not self.broken and not self._run("pass", PROBE_SECONDS):
            self.broken = ("the notebook's kernel stopped answering; it may have been stopped "
                           "by a time or memory limit, or a cell left it busy")
        return not self.broken

    def exchange(self, request_text):
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
            answered = self._run(serving_code(self.folder, request, response), CALL_SECONDS)
        finally:
            request.unlink(missing_ok=True)
        if not answered and not self.alive():
            raise BoundaryFailure(self.broken)
        if not answered:
            raise BoundaryFailure(f"the call did not finish within {CALL_SECONDS} s")
        try:
            if response.is_symlink() or not response.is_file():
                raise FileNotFoundError
            descriptor = os.open(response, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(descriptor, "rb") as handle:
                data = handle.read(MAX_RESPONSE_BYTES + 1)
            if len(data) > MAX_RESPONSE_BYTES:
                raise BoundaryFailure("the notebook returned more data than allowed")
            return data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            raise BoundaryFailure(
                "the notebook did not answer the grader (did a cell exit the kernel, or "
                "replace the grading hooks?)") from None
        finally:
            response.unlink(missing_ok=True)

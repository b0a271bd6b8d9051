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

import nbformat

from ..boundary import BoundaryFailure
from ..boundary import student_side

STUDENT_SIDE_MODULE = "_ddasp_student_side"
MAX_RESPONSE_BYTES = 64 * 2**20  # hidden inputs are small; anything larger is abuse


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

    def exchange(self, request_text):
        self.count += 1
        token = f"{self.count}-{secrets.token_hex(8)}"  # unpredictable: no planted links
        request = self.folder / f"request-{token}.json"
        response = self.folder / f"response-{token}.json"
        descriptor = os.open(request, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(request_text)
        cell = nbformat.v4.new_code_cell(serving_code(self.folder, request, response))
        try:
            self.client.execute_cell(cell, 0, store_history=False)
        except Exception as error:  # dead kernel, timeout, lost connection
            raise BoundaryFailure(
                f"the notebook's kernel stopped answering ({type(error).__name__}); "
                "it may have been killed by a time or memory limit") from None
        finally:
            request.unlink(missing_ok=True)
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

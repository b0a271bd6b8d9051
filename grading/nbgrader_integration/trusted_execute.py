"""`TrustedExecute`: nbgrader's Execute step with verdicts computed outside student code.

It replaces ``Execute`` in ``Autograde.autograde_preprocessors`` (see nbgrader_config.py):

- the notebook runs cell by cell in a kernel — the bubblewrap sandbox kernel
  ``ddasp-sandbox`` unless ``sandbox`` is off — so students see their own outputs;
- autograded test cells are *not* run in that kernel. For each, this process (which
  never runs student code) runs the cell's registered checks, calling the student's
  functions through `KernelTransport` and judging the plain data that comes back;
- the test cell's outputs are written from those verdicts (a short pass line, or an error
  with the checks' messages), so nbgrader's scores, feedback and export agree with them;
- flags (forbidden calls, boundary failures, ...) are recorded in the notebook
  (`grading.findings.record`) and go to nbgrader's log.
"""
import os
import shutil
import tempfile
import time

from nbclient.util import run_sync
from nbformat.v4 import new_output
from traitlets import Bool, Unicode

from nbgrader.preprocessors import Execute

from ..autodiff import autodiff_library_named
from ..boundary import student_side
from ..carry import CARRY_FORWARD
from ..cell_metadata import grade_id, is_autograded_test
from ..findings import record
from ..registry import registry
from ..sandbox import KERNEL_NAME
from ..scan.verdicts import grade_cell, scan_for_grading
from .kernel_transport import SANDBOX_SERVER, KernelTransport, prepare_exchange


def verdict_outputs(cell_verdict):
    """nbgrader outputs for a `CellVerdict`: a stdout line, or an error that scores 0."""
    if cell_verdict.passed:
        return [new_output("stream", name="stdout", text=cell_verdict.message() + "\n")]
    message = cell_verdict.message()
    return [new_output("error", ename="AssertionError", evalue=message,
                       traceback=["AssertionError: " + message])]


def submission_key(info, log=None):
    """The submission's time as the gradebook has it (ISO text), "" if it has none.

    Seeds depend on it: a re-grade of one submission is reproducible, a new submission
    gets new hidden inputs. It comes from the gradebook, never from the notebook.
    """
    if not info.get("db_url") or not info.get("assignment") or not info.get("student"):
        return ""
    from nbgrader.api import Gradebook, MissingEntry
    try:
        with Gradebook(info["db_url"]) as gradebook:
            submission = gradebook.find_submission(info["assignment"], info["student"])
            return submission.timestamp.isoformat() if submission.timestamp else ""
    except MissingEntry:
        return ""
    except Exception as error:  # an unreadable gradebook stops nbgrader later anyway
        if log is not None:
            log.warning("could not read the submission time: %s", error)
        return ""


def forbidden_names(assignment):
    """Every forbidden function of ``assignment``'s checks (resolved before student code)."""
    return sorted({name for check in registry().all(assignment) for name in check.forbidden})


class TrustedExecute(Execute):
    """Execute a submission; judge its autograded cells from outside the student's kernel."""

    sandbox = Bool(True, help="Run the student's kernel in the bubblewrap sandbox.").tag(config=True)
    sandbox_kernel = Unicode(KERNEL_NAME, help="Kernelspec of the sandbox.").tag(config=True)
    carry_forward = Bool(CARRY_FORWARD, help=(
        "Error carried forward: judge each part with reference answers for the contract "
        "functions it builds on (grading.carry). False: a bug costs every part built on "
        "it.")).tag(config=True)
    # A flood of output can outrun the output channel; nbgrader's default (raise) would
    # drop the whole submission. Missing output only costs the flood itself.
    raise_on_iopub_timeout = Bool(False).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        info = (resources or {}).get("nbgrader", {})
        self._assignment = info.get("assignment")
        self._student_id = info.get("student") or "unknown"
        self._submission = submission_key(info, self.log)
        self._exchange = prepare_exchange(tempfile.mkdtemp(prefix="ddasp-exchange-"))
        self._ipc = tempfile.mkdtemp(prefix="ddasp-ipc-")
        self._started = time.monotonic()
        # static scan of the submitted code, before any of it runs (grading/scan)
        self._scan, flags, problems = scan_for_grading(
            nb, (resources or {}).get("metadata", {}).get("path"), self._assignment)
        record(nb, flags=flags, problems=problems)
        self._failed_functions = set()  # whose cells failed so far (carry-forward notes)
        if self.sandbox:
            from ..sandbox import preflight
            preflight.require_sandbox()
            self.kernel_name = self.sandbox_kernel
        self._transport = KernelTransport(
            self, self._exchange,
            server_path=SANDBOX_SERVER if self.sandbox else student_side.__file__,
            forbidden=forbidden_names(self._assignment) if self._assignment else ())
        try:
            return super().preprocess(nb, resources, km)
        finally:
            shutil.rmtree(self._exchange, ignore_errors=True)
            shutil.rmtree(self._ipc, ignore_errors=True)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        # the sandbox has no network: kernel sockets are files in a folder it can see
        km.transport = "ipc"
        km.ip = f"{self._ipc}/kernel"
        return km

    async def async_start_new_kernel(self, **kwargs):
        env = dict(kwargs.pop("env", None) or os.environ)
        env["DDASP_SANDBOX_EXCHANGE"] = str(self._exchange)
        env["DDASP_SANDBOX_IPC"] = str(self._ipc)
        return await super().async_start_new_kernel(env=env, **kwargs)

    # nbclient binds the synchronous wrapper to its own coroutine at class creation
    start_new_kernel = run_sync(async_start_new_kernel)

    def _run_student_cell(self, cell, resources, index):
        """Run an ordinary cell; a kernel that stops answering ends the notebook's run."""
        if self._transport.broken:
            cell.outputs = [new_output("error", ename="KernelStopped", evalue=self._transport.broken,
                                       traceback=[f"not run: {self._transport.broken}"])]
            return cell, resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except Exception as error:  # dead kernel, lost connection, raised timeout
            cell.outputs.append(new_output("error", ename=type(error).__name__,
                                           evalue=str(error)[:300], traceback=[]))
        self._note_autodiff_import(cell, index)
        timed_out = any(output.get("ename") in ("CellTimeoutError", "DeadKernelError")
                        for output in cell.get("outputs", []))
        if timed_out and not self._transport.alive():
            record(self.nb, flags=["kernel-stopped"],
                   problems=[f"the kernel stopped answering in cell {index + 1}; later cells "
                             "were not run"])
        return cell, resources

    def _note_autodiff_import(self, cell, index):
        """Flag a cell that failed importing an automatic-differentiation library."""
        for output in cell.get("outputs", []):
            if output.get("ename") in ("ModuleNotFoundError", "ImportError") and \
                    autodiff_library_named(output.get("evalue", "")):
                record(self.nb, flags=["autodiff-import"],
                       problems=[f"cell {index + 1} imports an automatic-differentiation "
                                 f"library ({output.get('evalue')}); the backward pass must be "
                                 "written by hand with numpy"])

    def _install_server(self):
        """Before the first cell: the grader's server goes into the fresh kernel."""
        if self._transport.key is None and not self._transport.broken:
            if not self._transport.install():
                record(self.nb, flags=["boundary-failure"], problems=[self._transport.broken])

    def preprocess_cell(self, cell, resources, index):
        self._install_server()
        if not is_autograded_test(cell):
            return self._run_student_cell(cell, resources, index)
        checks = registry().for_cell(self._assignment, grade_id(cell)) \
            if self._assignment else []
        if not checks:
            self.log.warning("No registered checks for cell %s of %s: running it in the "
                             "kernel (verdict not protected)", grade_id(cell), self._assignment)
            return super().preprocess_cell(cell, resources, index)
        cell_verdict = grade_cell(self._scan, checks, self._transport, self._assignment,
                                  self.carry_forward, self._student_id, self._submission,
                                  self._failed_functions)
        cell.outputs = verdict_outputs(cell_verdict)
        cell.execution_count = None
        record(self.nb, flags=cell_verdict.flags,
               problems=[f"{grade_id(cell)}: {verdict.message.splitlines()[-1][:300]}"
                         for verdict in cell_verdict.verdicts if "tampering" in verdict.flags])
        for flag in cell_verdict.flags:
            self.log.warning("%s: %s flagged %s", self._student_id, grade_id(cell), flag)
        return cell, resources

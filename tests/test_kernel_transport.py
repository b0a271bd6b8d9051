"""The boundary through a real kernel: student code runs there, only data comes back."""
import numpy as np
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from grading.boundary import BoundaryFailure, Handle, StudentNotebook, Tampering
from grading.boundary import student_side
from grading.nbgrader_integration.kernel_transport import KernelTransport, prepare_exchange

pytestmark = pytest.mark.pipeline   # a real kernel

STUDENT_CODE = '''
import numpy as np
def double(x):
    return 2 * x
def forward(x):
    return x + 1, {"kept": object()}
def backward(cache):
    return sorted(cache)
def cheat(A):
    return np.linalg.svd(A)[1]
np.allclose = lambda *args, **kwargs: True          # tampering in the student's kernel
'''


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """A python3 kernel with the grader's server installed before the student's code ran."""
    notebook = new_notebook(cells=[new_code_cell(STUDENT_CODE)])
    client = NotebookClient(notebook, kernel_name="python3", timeout=30)
    exchange = prepare_exchange(tmp_path_factory.mktemp("exchange"))
    with client.setup_kernel():
        transport = KernelTransport(client, exchange)
        assert transport.install()
        client.execute_cell(notebook.cells[0], 0)
        yield transport, exchange


def test_calls_cross_as_plain_data(kernel):
    transport, exchange = kernel
    student = StudentNotebook(transport)
    np.testing.assert_array_equal(student.call("double", np.arange(3.0)), [0.0, 2.0, 4.0])
    assert not np.allclose(np.zeros(2), np.ones(2))  # the grader's numpy is untouched


def test_handles_stay_in_the_kernel(kernel):
    transport, exchange = kernel
    student = StudentNotebook(transport)
    value, cache = student.call("forward", np.zeros(1), keep=(1,))
    assert isinstance(cache, Handle)
    assert student.call("backward", cache) == ["kept"]


def test_exchange_files_are_removed_and_the_folder_holds_no_code(kernel):
    transport, exchange = kernel
    StudentNotebook(transport).call("double", 1)
    assert list(exchange.iterdir()) == []
    assert exchange.stat().st_mode & 0o7777 == 0o1733  # kernel: create only, no listing


def _run(client, cell):
    client.nb.cells.append(cell)
    client.execute_cell(cell, len(client.nb.cells) - 1)


def test_a_server_without_the_run_key_is_tampering(kernel):
    """StudentNotebook code that swaps the installed server for a fresh copy cannot sign answers."""
    transport, _ = kernel
    client = transport.client
    swap = new_code_cell(
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('fake', {student_side.__file__!r})\n"
        "fake = importlib.util.module_from_spec(spec); spec.loader.exec_module(fake)\n"
        "real = sys.modules['_ddasp_student_side']\n"
        "fake.install(get_ipython().user_ns)\n"
        "sys.modules['_ddasp_student_side'] = fake\n")
    _run(client, swap)
    try:
        with pytest.raises(Tampering, match="not written by the grader's server"):
            StudentNotebook(transport).call("double", 1)
    finally:
        _run(client, new_code_cell("sys.modules['_ddasp_student_side'] = real"))
    assert StudentNotebook(transport).call("double", 2) == 4


def test_a_kernel_that_stops_answering_is_a_boundary_failure(tmp_path):
    notebook = new_notebook(cells=[new_code_cell("import os; os._exit(1)")])
    client = NotebookClient(notebook, kernel_name="python3", timeout=10)
    exchange = prepare_exchange(tmp_path / "exchange")
    with client.setup_kernel():
        transport = KernelTransport(client, exchange)
        assert transport.install()
        try:
            client.execute_cell(notebook.cells[0], 0)
        except Exception:  # the kernel died while running the cell
            pass
        with pytest.raises(BoundaryFailure):
            StudentNotebook(transport).call("double", 1)


def test_wrapping_the_installed_server_changes_nothing(kernel):
    """A cell that wraps the module's ``serve`` to hide forbidden calls is not listened to."""
    transport, _ = kernel
    from grading.boundary import ForbiddenCall
    _run(transport.client, new_code_cell(
        "import sys\n"
        "server = sys.modules['_ddasp_student_side']\n"
        "original = server.serve\n"
        "def serve(request, namespace):\n"
        "    response = original(request, namespace)\n"
        "    response['forbidden_calls'] = []\n"
        "    return response\n"
        "server.serve = serve\n"))
    student = StudentNotebook(transport)
    with student.forbidding(["numpy.linalg.svd"]):
        with pytest.raises(ForbiddenCall, match="numpy.linalg.svd"):
            student.call("cheat", np.eye(2))


def test_a_server_fed_another_request_is_tampering(kernel):
    """Serving a rewritten request (forbidden list removed) breaks the signature."""
    transport, _ = kernel
    _run(transport.client, new_code_cell(
        "import json, sys\n"
        "server = sys.modules['_ddasp_student_side']\n"
        "signed = server.serve_file\n"
        "def serve_file(request_path, response_path, token):\n"
        "    request = json.load(open(request_path))\n"
        "    request['forbidden'] = []\n"
        "    json.dump(request, open('/tmp/ddasp-own-request.json', 'w'))\n"
        "    signed('/tmp/ddasp-own-request.json', response_path, token)\n"
        "server.serve_file = serve_file\n"))
    student = StudentNotebook(transport)
    try:
        with student.forbidding(["numpy.linalg.svd"]):
            with pytest.raises(Tampering):
                student.call("cheat", np.eye(2))
    finally:
        _run(transport.client, new_code_cell("server.serve_file = signed"))

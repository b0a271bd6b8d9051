"""The boundary through a real kernel: student code runs there, only data comes back."""
import numpy as np
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from grading.boundary import BoundaryFailure, Handle, Student
from grading.nbgrader_integration.kernel_transport import KernelTransport, prepare_exchange

STUDENT_CODE = '''
import numpy as np
def double(x):
    return 2 * x
def forward(x):
    return x + 1, {"kept": object()}
def backward(cache):
    return sorted(cache)
np.allclose = lambda *args, **kwargs: True          # tampering in the student's kernel
'''


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    notebook = new_notebook(cells=[new_code_cell(STUDENT_CODE)])
    client = NotebookClient(notebook, kernel_name="python3", timeout=30)
    exchange = prepare_exchange(tmp_path_factory.mktemp("exchange"))
    with client.setup_kernel():
        client.execute_cell(notebook.cells[0], 0)
        yield client, exchange


def test_calls_cross_as_plain_data(kernel):
    client, exchange = kernel
    student = Student(KernelTransport(client, exchange))
    np.testing.assert_array_equal(student.call("double", np.arange(3.0)), [0.0, 2.0, 4.0])
    assert not np.allclose(np.zeros(2), np.ones(2))  # the grader's numpy is untouched


def test_handles_stay_in_the_kernel(kernel):
    client, exchange = kernel
    student = Student(KernelTransport(client, exchange))
    value, cache = student.call("forward", np.zeros(1), keep=(1,))
    assert isinstance(cache, Handle)
    assert student.call("backward", cache) == ["kept"]


def test_exchange_files_are_removed(kernel):
    client, exchange = kernel
    Student(KernelTransport(client, exchange)).call("double", 1)
    assert sorted(path.name for path in exchange.iterdir()) == ["_ddasp_student_side.py"]


def test_a_kernel_that_stops_answering_is_a_boundary_failure(tmp_path):
    notebook = new_notebook(cells=[new_code_cell("import os; os._exit(1)")])
    client = NotebookClient(notebook, kernel_name="python3", timeout=10)
    exchange = prepare_exchange(tmp_path / "exchange")
    with client.setup_kernel():
        try:
            client.execute_cell(notebook.cells[0], 0)
        except Exception:  # the kernel died while running the cell
            pass
        with pytest.raises(BoundaryFailure):
            Student(KernelTransport(client, exchange)).call("double", 1)

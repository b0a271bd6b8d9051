"""The source notebook of nonlinear_regression: structure, visible checks, release, timing."""
import ast
import re
import time

import nbformat
import numpy as np
import pytest
from nbgrader.utils import is_solution

from grading import cell_metadata, hidden_tests, tolerances as tol
from grading.paths import source_notebook
from grading.registry import registry
from grading.submissions import SOLUTION_REGION, execute_locally, grade_locally
from grading.assignments.nonlinear_regression import inputs

ASSIGNMENT = "nonlinear_regression"
CONTRACT_FUNCTIONS = ("dense_forward", "dense_backward", "tanh_forward", "tanh_backward",
                      "empirical_risk", "empirical_risk_backward", "forward", "backward",
                      "gradient_descent_step", "train")
POINTS = {"test_dense_forward": 2, "test_dense_backward": 4, "test_tanh_forward": 1,
          "test_tanh_backward": 3, "test_empirical_risk": 2, "test_empirical_risk_backward": 2,
          "test_forward": 4, "test_backward": 8, "test_gradient_descent_step": 2, "test_train": 5,
          "test_training": 7}
MANUAL_POINTS = {"answer_zero_initialisation": 2}


def notebook():
    return nbformat.read(str(source_notebook(ASSIGNMENT)), as_version=4)


def released(nb):
    """What nbgrader's generate_assignment makes of the source: solutions replaced, no hidden tests."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if is_solution(cell):
            cell.source = SOLUTION_REGION.sub("    # YOUR CODE HERE\n    raise NotImplementedError()\n"
                                              if cell.source.lstrip().startswith("def") else
                                              "# YOUR CODE HERE\nraise NotImplementedError()\n", cell.source)
        if cell_metadata.is_autograded_test(cell):
            cell.source = hidden_tests.visible_part(cell.source)
    return nb


def visible_part(cell):
    return hidden_tests.visible_part(cell.source)


@pytest.fixture(scope="module")
def source_namespace():
    return execute_locally(notebook(), assignment=ASSIGNMENT)


def test_kernelspec_points_and_table():
    nb = notebook()
    assert nb.metadata.kernelspec.name == "python3"
    assert cell_metadata.points_of_test_cells(nb) == POINTS
    assert sum(POINTS.values()) == 40
    table = next(cell.source for cell in nb.cells if cell_metadata.grade_id(cell) == "points_table")
    for cell, points in POINTS.items():
        name = cell[len("test_"):]
        if name != "training":
            assert re.search(rf"\| `{name}` \| {points} \|", table), name
    assert "| 6 | training the model on the ground truth data | 7 |" in table
    assert "**autograded** | **40**" in table
    assert cell_metadata.points_of_manual_cells(nb) == MANUAL_POINTS
    assert "| 6 | *why not zero initialisation?* (answer graded by hand) | 2 |" in table
    assert f"**total** | **{40 + sum(MANUAL_POINTS.values())}**" in table


def test_the_zero_initialisation_question_has_a_hand_graded_answer_cell():
    nb = notebook()
    answer = next(cell for cell in nb.cells
                  if cell_metadata.grade_id(cell) == "answer_zero_initialisation")
    question = nb.cells[nb.cells.index(answer) - 1]
    assert question.cell_type == "markdown" and "not from all\nzeros" in question.source
    assert "graded by hand" in question.source and "(2 points" in question.source
    assert cell_metadata.nbgrader_metadata(answer)["locked"] is False
    assert "### BEGIN SOLUTION" in answer.source   # the release shows "YOUR ANSWER HERE"


def test_first_code_cell_is_the_locked_imports_cell():
    first = next(cell for cell in notebook().cells if cell.cell_type == "code")
    assert cell_metadata.grade_id(first) == "imports"
    assert cell_metadata.nbgrader_metadata(first)["locked"] is True
    assert "import numpy as np" in first.source


def test_one_solution_cell_per_contract_function_with_a_shape_docstring():
    nb = notebook()
    solutions = {cell_metadata.grade_id(cell): cell for cell in nb.cells if is_solution(cell)}
    assert set(solutions) == ({f"solution_{name}" for name in CONTRACT_FUNCTIONS}
                              | {"solution_training"} | set(MANUAL_POINTS))
    for name in CONTRACT_FUNCTIONS:
        cell = solutions[f"solution_{name}"]
        meta = cell_metadata.nbgrader_metadata(cell)
        assert meta == {"solution": True, "grade": False, "locked": False,
                        "grade_id": f"solution_{name}", "schema_version": 3}
        tree = ast.parse(cell.source)
        functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        assert [function.name for function in functions] == [name]
        assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
        docstring = ast.get_docstring(functions[0])
        assert docstring and re.search(r"\((N|n_in|F), ", docstring), name


def test_test_cells_open_with_a_docstring_and_call_every_registered_check_in_order():
    checks = registry()
    for cell in notebook().cells:
        if not cell_metadata.is_autograded_test(cell):
            continue
        grade_id = cell_metadata.grade_id(cell)
        meta = cell_metadata.nbgrader_metadata(cell)
        assert meta["locked"] is True and meta["solution"] is False and meta["schema_version"] == 3
        first = cell.source.splitlines()[0]
        assert first.startswith('"""') and first.endswith('"""') and re.search(r"\(\d+ points?\)", first)
        hidden = hidden_tests.hidden_part(cell.source).splitlines()
        assert hidden[0] == "from grading import check"
        assert hidden[1:] == [f'check("{check.id}")' for check in checks.for_cell(ASSIGNMENT, grade_id)]
        assert cell.source.rstrip().endswith("### END HIDDEN TESTS")
        assert "import grading" not in visible_part(cell) and "from grading" not in visible_part(cell)


def test_every_registered_cell_is_in_the_notebook():
    assert set(registry().cells(ASSIGNMENT)) == set(POINTS)


def test_worked_examples_in_the_notebook_are_the_registered_ones():
    text = "\n".join(cell.source for cell in notebook().cells
                     if cell_metadata.is_autograded_test(cell))
    arrays = [inputs.DENSE_A_PREV, inputs.DENSE_W, inputs.DENSE_B, inputs.DENSE_DZ, inputs.TANH_Z,
              inputs.TANH_DA, inputs.RISK_Y, inputs.RISK_Y_HAT, inputs.NET_X, inputs.NET_Y,
              *inputs.NET_PARAMS.values(), *inputs.STEP_GRADS.values()]
    for array in arrays:
        assert f"np.array({array.tolist()})" in text, array
    assert "checked(gradient_descent_step, params_ex, grads_ex, 0.1)" in text and inputs.STEP_LEARNING_RATE == 0.1
    assert "checked(train, X_ex, Y_ex, params_ex, 0.1, 3)" in text
    assert (inputs.TRAIN_LEARNING_RATE, inputs.TRAIN_EPOCHS) == (0.1, 3)


def test_threshold_in_the_notebook_is_the_graded_one():
    nb = notebook()
    text = "\n".join(cell.source for cell in nb.cells)
    assert f"**Goal: an empirical risk below {tol.NLR_TRAINING_THRESHOLD:g}**" in text
    training = next(cell for cell in nb.cells if cell_metadata.grade_id(cell) == "test_training")
    assert f"< {tol.NLR_TRAINING_THRESHOLD!r}" in training.source


def test_source_passes_its_visible_checks_and_every_hidden_check(source_namespace, capfd):
    for cell in notebook().cells:
        if cell_metadata.is_autograded_test(cell):
            exec(compile(visible_part(cell), cell_metadata.grade_id(cell), "exec"),
                 dict(source_namespace))
    for student_id in ("local", "student-1", "student-2"):
        verdicts = grade_locally(ASSIGNMENT, source_namespace, student_id)
        assert all(verdict.passed for verdict in verdicts.values()), \
            {cell: verdict.message() for cell, verdict in verdicts.items() if not verdict.passed}
    assert capfd.readouterr().err == ""


def test_source_trains_below_the_threshold_quickly():
    start = time.perf_counter()
    namespace = execute_locally(notebook(), assignment=ASSIGNMENT)
    elapsed = time.perf_counter() - start
    history = namespace["history_trained"]
    assert len(history) == 1001 and history[-1] < tol.NLR_TRAINING_THRESHOLD / 10
    assert np.all(np.diff(history) <= 0), "the source's training curve decreases monotonically"
    assert elapsed < 10, elapsed          # measured ~0.5 s for the whole notebook


def test_unchanged_release_fails_every_visible_and_hidden_check():
    nb = released(notebook())
    assert "### BEGIN SOLUTION" not in nbformat.writes(nb) and "check(" not in nbformat.writes(nb)
    namespace = execute_locally(nb, assignment=ASSIGNMENT)
    verdicts = grade_locally(ASSIGNMENT, namespace, "blank")
    assert set(verdicts) == set(POINTS)
    assert not any(verdict.passed for verdict in verdicts.values())
    for cell in nb.cells:
        if cell_metadata.is_autograded_test(cell):
            with pytest.raises(Exception):
                exec(compile(cell.source, cell_metadata.grade_id(cell), "exec"), dict(namespace))


def test_linear_baseline_is_the_course_templates_and_is_printed(source_namespace):
    """Left inverse, no bias, ER = e.T @ e / N: the template prints 3.42780054087372e-3."""
    assert source_namespace["ER_linear"] == pytest.approx(3.42780054087372e-3, rel=1e-13)
    assert source_namespace["Y"].shape == (1000, 1) and source_namespace["X"].shape == (1000, 2)
    cell = next(cell for cell in notebook().cells if cell_metadata.grade_id(cell) == "linear_model")
    assert "np.linalg.inv(X.T @ X) @ X.T" in cell.source and "e_linear.T @ e_linear / N" in cell.source
    assert "print(" in cell.source and "ER = {ER_linear}" in cell.source


def test_notebook_names_the_datas_source_and_licence():
    text = "\n".join(cell.source for cell in notebook().cells)
    assert "Frank Schultz, Data Driven Audio Signal Processing" in text
    assert "https://github.com/spatialaudio/data-driven-audio-signal-processing-exercise" in text
    assert "commit\nf08df17" in text and "CC BY 4.0" in text and "DATA_LICENSE.md" in text


def test_notebook_states_the_time_limits_and_the_replay():
    from grading.time_limits import CALL_SECONDS, CELL_SECONDS as cell_seconds
    text = "\n".join(cell.source for cell in notebook().cells)
    assert f"every cell has {cell_seconds} s" in text and f"limit of {CALL_SECONDS} s per call" in text
    assert f"limit of {CALL_SECONDS} s (each cell {cell_seconds} s)" in text
    assert "**seeded** generator" in text
    for name in ("params_init", "learning_rate", "epochs"):
        assert f"`{name}`" in text


def test_linear_baseline_cell_prints_the_templates_number(capsys, monkeypatch):
    monkeypatch.chdir(source_notebook(ASSIGNMENT).parent)
    namespace = {"np": np}
    for grade_id in ("load_data", "linear_model"):
        cell = next(cell for cell in notebook().cells if cell_metadata.grade_id(cell) == grade_id)
        exec(compile(cell.source, grade_id, "exec"), namespace)
    assert "ER = 0.00342780054087372" in capsys.readouterr().out

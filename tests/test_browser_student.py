"""The student's view: the release notebooks in JupyterLab, in headless Chromium.

One JupyterLab (the version pinned in requirements.txt) serves a student's folder with
both release folders as handed out, plus a solved notebook per assignment (the reference
bank variant filled into the release notebook). Screenshots of the rendered notebooks
are kept (path printed; ``DDASP_BROWSER_ARTIFACTS`` moves them).
"""
import ast
import re
import shutil

import nbformat
import pytest
from browser import alive, artifact_dir, chromium, jupyter_lab
from labpage import (click_toolbar, dialog_text, errors, expected_math, math_problems,
                     open_notebook, run_all_one_by_one, screenshots)

from grading.cell_metadata import is_autograded_test
from grading.paths import BANK, COURSE_ROOT, RELEASE
from grading.registry import ASSIGNMENTS
from grading.submissions import build_submission

pytestmark = [pytest.mark.browser, pytest.mark.pipeline, pytest.mark.timeout(900)]


def assigned_names(source):
    """Names a cell's top level assigns (``a, b = ...``, ``def``, ``import``)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def stub_left_undefined(error, cells):
    """A NameError of a name that an earlier cell would have defined had its stub not raised.

    E.g. the training cell raises NotImplementedError before ``params_trained = ...``, so
    the plot and test cells after it find no ``params_trained``: a consequence of the
    unsolved task, not a separate error.
    """
    index, ename, evalue = error
    match = re.fullmatch(r"name '(\w+)' is not defined", evalue or "")
    if ename != "NameError" or not match:
        return False
    return any(cell["cell_type"] == "code" and
               ("NotImplementedError" in [output.get("ename") for output in cell["outputs"]]) and
               match.group(1) in assigned_names("".join(cell["source"]))
               for cell in cells[:index])


def pinned(package):
    text = (COURSE_ROOT / "requirements.txt").read_text()
    return re.search(rf"^{package}==(\S+)", text, flags=re.M).group(1)


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    """(lab, driver) on a student's folder: release/<assignment>/ and <assignment>_solved.ipynb."""
    base = tmp_path_factory.mktemp("student-browser")
    root = base / "home"
    for assignment in ASSIGNMENTS:
        shutil.copytree(RELEASE / assignment, root / assignment)
        solved = build_submission(assignment, BANK / assignment / "passes_all_reference.py")
        nbformat.write(solved, str(root / assignment / f"{assignment}_solved.ipynb"))
    with jupyter_lab(root, base / "lab") as lab:
        with chromium(base / "chromium") as driver:
            yield lab, driver
    assert not driver.killed, f"chromium processes left after quit: {driver.killed}"
    assert not lab.killed, f"jupyter lab processes left after shutdown: {lab.killed}"
    assert len(lab.tree) > 1 and not alive(lab.tree | driver.tree)
    assert not any((base / "chromium" / "selenium-cache").rglob("*")), \
        "Selenium Manager downloaded something"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_notebook_renders_and_runs_in_plain_kernel(student, assignment):
    lab, driver = student
    kernel = open_notebook(driver, lab, f"{assignment}/{assignment}.ipynb")
    assert kernel == "python3"
    assert driver.execute_script("return window.jupyterapp.version") == pinned("jupyterlab")

    # equations: every $$...$$ and $...$ of every markdown cell typeset by MathJax
    assert math_problems(driver) == []
    released = nbformat.read(str(RELEASE / assignment / f"{assignment}.ipynb"), 4)
    display = sum(expected_math(cell.source)[0] for cell in released.cells
                  if cell.cell_type == "markdown")
    rendered = driver.execute_script(
        "return window.jupyterapp.shell.currentWidget.content.node"
        ".querySelectorAll('mjx-container[display=\"true\"]').length")
    assert display >= 5 and rendered == display
    page_text = driver.execute_script(
        "const n = window.jupyterapp.shell.currentWidget.content.node.cloneNode(true);"
        "n.querySelectorAll('mjx-container, .jp-InputArea-editor').forEach(e => e.remove());"
        "return n.textContent")
    assert "$$" not in page_text

    # nbgrader's student tools are there
    menus = driver.execute_script(
        "return Array.from(document.querySelectorAll('.lm-MenuBar-itemLabel')).map(e => e.textContent)")
    assert "Nbgrader" in menus
    assert driver.execute_script(
        "return window.jupyterapp.shell.currentWidget.toolbar.node"
        ".querySelector(\"[data-jp-item-name='runAll']\").textContent.trim()") == "Validate"

    cells = run_all_one_by_one(driver)
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert all(cell["execution_count"] for cell in code), "a code cell did not run"
    found = errors(cells)
    assert found, "the unsolved notebook raised nothing: are the solution cells stubs?"
    assert [error for error in found if error[1] != "NotImplementedError"
            and not stub_left_undefined(error, cells)] == []

    shots = screenshots(driver, artifact_dir("student"), f"{assignment}-release")
    assert len(shots) >= 3 and all(path.stat().st_size > 10_000 for path in shots)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solved_notebook_passes_every_visible_check(student, assignment):
    lab, driver = student
    assert open_notebook(driver, lab, f"{assignment}/{assignment}_solved.ipynb") == "python3"
    cells = run_all_one_by_one(driver)
    assert errors(cells) == []
    tests = [cell for cell in cells if is_autograded_test(nbformat.from_dict(cell))]
    assert len(tests) >= 9 and all(cell["execution_count"] for cell in tests)
    screenshots(driver, artifact_dir("student"), f"{assignment}-solved")

    # nbgrader's Validate button (the student's own check before submitting)
    assert click_toolbar(driver, "runAll") == "Validate"
    assert "Success! Your notebook passes all the tests." in dialog_text(driver)

"""source/ and release/: valid, consistent with the checks, and free of solutions."""
import re
import shutil

import nbformat
import pytest
from nbgrader.utils import is_solution

from grading.course import Course
from grading.cell_metadata import grade_id, is_autograded_test
from grading.hidden_tests import hidden_part
from grading.paths import COURSE_ROOT, release_notebook, source_notebook
from grading.registry import ASSIGNMENTS, registry
from grading.submissions import SOLUTION_REGION


def _read(path):
    return nbformat.read(str(path), as_version=4)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_blocks_call_exactly_the_registered_checks(assignment):
    for cell in _read(source_notebook(assignment)).cells:
        if not is_autograded_test(cell):
            continue
        called = re.findall(r'^check\("([^"]+)"\)$', hidden_part(cell.source), re.M)
        registered = [check.id for check in registry().for_cell(assignment, grade_id(cell))]
        assert called == registered, grade_id(cell)
        assert cell.source.lstrip().startswith('"""'), f"{grade_id(cell)} needs a docstring"
    cells = {grade_id(cell) for cell in _read(source_notebook(assignment)).cells}
    assert set(registry().cells(assignment)) <= cells


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_contains_no_solution_and_no_hidden_test(assignment):
    source = {grade_id(cell): cell for cell in _read(source_notebook(assignment)).cells}
    for cell in _read(release_notebook(assignment)).cells:
        text = cell.source
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
        assert "from grading" not in text and "check(" not in text
        if is_solution(cell) and cell.cell_type == "code":
            assert "raise NotImplementedError()" in text, grade_id(cell)
            solution = SOLUTION_REGION.search(source[grade_id(cell)].source).group(1)
            for line in solution.splitlines():
                if len(line.strip()) > 25:
                    assert line.strip() not in text, f"{grade_id(cell)} leaks: {line.strip()}"


@pytest.mark.pipeline
def test_release_is_up_to_date(tmp_path):
    course = Course.create(tmp_path, ASSIGNMENTS)
    for assignment in ASSIGNMENTS:
        course.generate(assignment)
        fresh, committed = tmp_path / "release" / assignment, COURSE_ROOT / "release" / assignment
        assert sorted(p.name for p in fresh.iterdir()) == sorted(p.name for p in committed.iterdir())
        new, old = _read(fresh / f"{assignment}.ipynb"), _read(committed / f"{assignment}.ipynb")
        assert [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in new.cells] == \
            [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in old.cells], \
            "release/ is out of date: run `ddasp release` and commit"


@pytest.mark.pipeline
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_validate_passes_on_source(assignment, tmp_path):
    shutil.copytree(source_notebook(assignment).parent, tmp_path / assignment)
    course = Course(COURSE_ROOT)
    done = course.nbgrader("validate", tmp_path / assignment / f"{assignment}.ipynb", check=False)
    assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout[-3000:]


@pytest.mark.pipeline
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_validate_invert_passes_on_release(assignment, tmp_path):
    shutil.copytree(release_notebook(assignment).parent, tmp_path / assignment)
    course = Course(COURSE_ROOT)
    done = course.nbgrader("validate", "--invert",
                           tmp_path / assignment / f"{assignment}.ipynb", check=False)
    assert "Success! The notebook does not pass any tests." in done.stdout, done.stdout[-3000:]

"""The static scan through real nbgrader: its lines reach the summary, its verdicts the
feedback, and honest submissions carry none of its flags."""
import pytest

from classroom import build_class

from grading.registry import ASSIGNMENTS
from grading.report import collect_results

# the first test to run builds the session's graded class (`graded_class`: about 100
# submissions through nbgrader autograde in the sandbox, many minutes on a loaded machine)
pytestmark = [pytest.mark.pipeline, pytest.mark.timeout(2400)]

STUDENTS = build_class(ASSIGNMENTS)


def _result(graded_class, student):
    root = graded_class.course.root
    results = collect_results(root, f"sqlite:///{root / 'gradebook.db'}", student.assignment)
    return next(result for result in results if result.student == student.id)


def _student(student_id):
    return next(student for student in STUDENTS if student.id == student_id)


def test_construct_line_names_cell_line_and_code(graded_class):
    result = _result(graded_class, _student("hostile-hostile-forbidden-setprofile-off"))
    assert {"needs-review", "static-scan", "forbidden-call:numpy.linalg.svd"} <= set(result.flags)
    assert any("solution_svd_via_eig" in line and "line " in line and "sys.setprofile(None)" in line
               for line in result.problems), result.problems


def test_static_verdict_reaches_the_feedback(graded_class):
    student = _student("hostile-hostile-forbidden-lapack-dgesdd")
    html = graded_class.course.feedback_html(student.id, student.assignment).read_text()
    assert "svd_via_eig uses scipy.linalg.lapack.dgesdd" in html
    assert "lapack.dgesdd(A, full_matrices=1)" in html


@pytest.mark.parametrize("student", [s for s in STUDENTS if s.kind in ("bystander", "source")
                                     or (s.kind == "bank" and s.variant.name.startswith("passes_all"))],
                         ids=lambda s: s.id)
def test_honest_submissions_carry_no_scan_flag(graded_class, student):
    result = _result(graded_class, student)
    assert not {"needs-review", "static-scan"} & set(result.flags), (result.flags, result.problems)


def test_submitted_python_files_are_scanned(graded_class):
    result = _result(graded_class, _student("hostile-hostile-numpy-shadow"))
    assert "needs-review" in result.flags
    assert any(line.startswith("needs review: numpy.py, line ") and "sys.modules" in line
               for line in result.problems), result.problems

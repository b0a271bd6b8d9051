"""A long-lived worker grades student after student with nothing carried over.

One `Grader` (nbgrader's Autograde converter in this process, configured once) grades
the toy class in a row, a broken submission in the middle; every result must be what a
fresh ``nbgrader autograde`` gives, and no nbgrader state or gradebook connection may
outlive a student.
"""
import os
import sys

import pytest

import scale_fixtures as toy
from grading.scale import FAILED, GRADED, Grader

# nbgrader's own add_submission warns about its autoflush (nbgrader/api.py:2229)
pytestmark = [pytest.mark.pipeline,   # nbgrader's Autograde with real kernels, in this process
              pytest.mark.filterwarnings("ignore:Object of type:sqlalchemy.exc.SAWarning")]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = toy.build_class(tmp_path_factory.mktemp("worker") / "course")
    toy.break_notebook(course, "erin")
    return course


@pytest.fixture
def grader(course):
    here, path = os.getcwd(), list(sys.path)
    yield Grader(str(course.root), toy.ASSIGNMENT)
    os.chdir(here)
    sys.path[:] = path


def test_state_is_reset_between_students(grader):
    order = ["alice", "erin", "bob", "carol", "dave", "alice", "bob"]
    outcomes, fds = [], []
    for student in order:
        outcomes.append(grader.grade(student))
        fds.append(outcomes[-1].open_fds)
        assert grader.coursedir.student_id == "*"        # restored, also after a failure
        assert grader.coursedir.assignment_id == toy.ASSIGNMENT
    by_student = {}
    for outcome in outcomes:
        by_student.setdefault(outcome.student, []).append(outcome)
    assert [outcome.status for outcome in by_student["erin"]] == [FAILED]
    assert "NotJSONError" in by_student["erin"][0].reason
    for student, points in toy.POINTS.items():
        assert all(outcome.status == GRADED and outcome.score == points
                   for outcome in by_student[student]), student
    assert by_student["dave"][0].flags == ["copied-from-forum"]
    assert all(not outcome.flags for outcome in by_student["bob"])
    # no connection, kernel socket or log file left open by earlier students
    assert max(fds[1:]) <= fds[0]


def test_failed_student_leaves_no_autograded_folder(grader, course):
    assert grader.grade("erin").status == FAILED
    assert not (course.root / "autograded" / "erin" / toy.ASSIGNMENT).exists()

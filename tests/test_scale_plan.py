"""Resume: which students a re-run of ``ddasp autograde`` grades and which it skips."""
import os
import time

import pytest
from nbgrader.coursedir import CourseDirectory

from grading.scale.plan import make_plan, submitted_students

A = "hw1"


@pytest.fixture
def coursedir(tmp_path):
    return CourseDirectory(root=str(tmp_path))


def submit(coursedir, student, stamp="2026-01-10 10:00:00.000000 UTC", notebooks=("hw1",)):
    folder = os.path.join(coursedir.root, "submitted", student, A)
    os.makedirs(folder, exist_ok=True)
    for name in notebooks:
        with open(os.path.join(folder, f"{name}.ipynb"), "w") as handle:
            handle.write("{}")
    with open(os.path.join(folder, "timestamp.txt"), "w") as handle:
        handle.write(stamp)


def autograde(coursedir, student, notebooks=("hw1",), age=0.0):
    """What nbgrader leaves behind: timestamp copied, notebooks written after."""
    source = os.path.join(coursedir.root, "submitted", student, A)
    folder = os.path.join(coursedir.root, "autograded", student, A)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(source, "timestamp.txt")) as handle:
        stamp = handle.read()
    with open(os.path.join(folder, "timestamp.txt"), "w") as handle:
        handle.write(stamp)
    later = time.time() + 1 - age
    for name in notebooks:
        path = os.path.join(folder, f"{name}.ipynb")
        with open(path, "w") as handle:
            handle.write("{}")
        os.utime(path, (later, later))


def plan(coursedir, graded, **kwargs):
    return make_plan(coursedir, A, ["hw1"], graded, **kwargs)


def test_finds_every_collected_student(coursedir):
    for student in ("b", "a", "c"):
        submit(coursedir, student)
    os.makedirs(os.path.join(coursedir.root, "submitted", "d", "other"))
    assert submitted_students(coursedir, A) == ["a", "b", "c"]


def test_excluded_students_are_left_out(coursedir):
    for student in ("a", "b"):
        submit(coursedir, student)
    coursedir.student_id_exclude = "b"
    assert submitted_students(coursedir, A) == ["a"]


def test_new_submissions_are_graded(coursedir):
    submit(coursedir, "a")
    result = plan(coursedir, {})
    assert (result.to_grade, result.already_graded) == (["a"], [])


def test_graded_and_unchanged_is_skipped(coursedir):
    submit(coursedir, "a")
    autograde(coursedir, "a")
    result = plan(coursedir, {"a": True})
    assert (result.to_grade, result.already_graded) == ([], ["a"])


def test_force_grades_everyone(coursedir):
    submit(coursedir, "a")
    autograde(coursedir, "a")
    assert plan(coursedir, {"a": True}, force=True).to_grade == ["a"]


def test_missing_grades_in_gradebook_means_grade_again(coursedir):
    submit(coursedir, "a")
    autograde(coursedir, "a")
    assert plan(coursedir, {"a": False}).to_grade == ["a"]
    assert plan(coursedir, {}).to_grade == ["a"]


def test_resubmission_with_new_timestamp_is_graded_again(coursedir):
    submit(coursedir, "a")
    autograde(coursedir, "a")
    submit(coursedir, "a", stamp="2026-01-11 09:00:00.000000 UTC")
    assert plan(coursedir, {"a": True}).to_grade == ["a"]


def test_submission_changed_after_grading_is_graded_again(coursedir):
    submit(coursedir, "a")
    autograde(coursedir, "a", age=10.0)     # graded 9 s ago; the file changed since
    assert plan(coursedir, {"a": True}).to_grade == ["a"]


def test_missing_autograded_notebook_is_graded_again(coursedir):
    submit(coursedir, "a", notebooks=("hw1",))
    autograde(coursedir, "a", notebooks=())
    assert plan(coursedir, {"a": True}).to_grade == ["a"]


def test_only_requested_students_and_unknown_ones_reported(coursedir):
    for student in ("a", "b", "c"):
        submit(coursedir, student)
    result = plan(coursedir, {}, students=["c", "a", "zoe", "a"])
    assert result.to_grade == ["c", "a"]
    assert result.unknown == ["zoe"]

"""The whole class through fetch -> submit -> collect -> autograde -> feedback -> export.

Every student's expected score comes from its variant file (which cells it must fail) and
the points in the source notebook's metadata.
"""
import sqlite3

import pytest

from bank_harness import executed, numbers
from classroom import build_class, canary_folder, cell_scores, digests, submission_key

from grading.cell_metadata import points_of_test_cells
from grading.paths import source_notebook
from grading.registry import ASSIGNMENTS
from grading.report import collect_results

import nbformat

# the first test to run builds the session's graded class (`graded_class`: about 100
# submissions through nbgrader autograde in the sandbox, many minutes on a loaded machine)
pytestmark = [pytest.mark.pipeline, pytest.mark.timeout(2400)]

STUDENTS = build_class(ASSIGNMENTS)


def _points(assignment):
    return points_of_test_cells(nbformat.read(str(source_notebook(assignment)), 4))


def _export_row(graded_class, student):
    rows = [row for row in graded_class.grades
            if row["student_id"] == student.id and row["assignment"] == student.assignment]
    assert len(rows) == 1, f"{student.id} has {len(rows)} rows in the exported grades"
    return rows[0]


@pytest.mark.parametrize("student", STUDENTS, ids=[student.id for student in STUDENTS])
def test_exported_score_is_the_expected_score(graded_class, student):
    row = _export_row(graded_class, student)
    if student.kind == "hostile":  # never more than the honest parts earn
        assert float(row["score"]) <= student.expected_score() + 1e-9, student.id
        return
    assert float(row["score"]) == pytest.approx(student.expected_score()), (
        f"{student.id} ({student.kind}): exported {row['score']}, expected "
        f"{student.expected_score()}")


@pytest.mark.parametrize("student", [s for s in STUDENTS if s.kind in ("bank", "hostile", "bystander")],
                         ids=lambda s: s.id)
def test_exactly_the_expected_cells_fail(graded_class, student):
    scores = cell_scores(graded_class.course, student.id, student.assignment)
    points = _points(student.assignment)
    failing = {cell for cell, value in points.items() if scores.get(cell, 0) < value}
    if student.kind == "hostile":
        # a hostile submission must never earn more than its honest parts
        assert failing >= set(student.expected_failing_cells), (student.id, sorted(failing))
    else:
        assert failing == set(student.expected_failing_cells), (student.id, sorted(failing))


def summary_line(graded_class, student):
    """The grade report's `StudentResult` of ``student``."""
    results = collect_results(graded_class.course.root,
                              f"sqlite:///{graded_class.course.root / 'gradebook.db'}",
                              student.assignment)
    return next(result for result in results if result.student == student.id)


@pytest.mark.parametrize("student", [s for s in STUDENTS if s.expected_flags], ids=lambda s: s.id)
def test_flags_reach_the_grade_summary(graded_class, student):
    result = summary_line(graded_class, student)
    for flag in student.expected_flags:
        assert any(found.startswith(flag) for found in result.flags), (flag, result.flags)


@pytest.mark.parametrize("student", [s for s in STUDENTS if s.expected_problem], ids=lambda s: s.id)
def test_bad_input_gets_a_clear_line_in_the_summary(graded_class, student):
    result = summary_line(graded_class, student)
    assert student.expected_problem in result.flags, (result.flags, result.problems)
    assert result.problems, "a bad submission needs a human-readable line in the summary"


def test_every_student_has_a_grade_row(graded_class):
    expected = {(student.id, student.assignment) for student in STUDENTS}
    exported = {(row["student_id"], row["assignment"]) for row in graded_class.grades}
    assert expected <= exported


def test_bystander_submissions_are_unchanged(graded_class):
    after = digests(graded_class.course.root / "submitted")
    for path, digest in graded_class.submitted_digests.items():
        assert after.get(path) == digest, f"submitted/{path} changed during autograde"


def test_gradebook_is_intact(graded_class):
    connection = sqlite3.connect(graded_class.course.root / "gradebook.db")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        students = {row[0] for row in connection.execute("SELECT id FROM student")}
    finally:
        connection.close()
    assert {student.id for student in STUDENTS} <= students


def test_no_submitted_module_is_imported_outside_the_sandbox(graded_class):
    """A canary named after every module of the launcher, grader and nbgrader, plus
    sitecustomize, usercustomize, a .pth file and a grading/ package, never fires."""
    student = graded_class.student("hostile-canaries")
    submitted = graded_class.course.root / "submitted" / student.id / student.assignment
    assert (submitted / "json.py").exists() and (submitted / "grading" / "sandbox").is_dir()
    assert _export_row(graded_class, student)  # graded despite its files
    fired = sorted(path.name for path in canary_folder(graded_class.course.root).iterdir())
    assert fired == [], f"submitted modules imported outside the sandbox: {fired}"


def test_no_process_outlives_grading(graded_class):
    """Nothing runs as a sandbox uid once grading is over (hostile daemons included)."""
    import subprocess
    from grading.sandbox.limits import Limits
    limits = Limits.from_env()
    table = subprocess.run(["ps", "-eo", "pid=,uid=,args="], capture_output=True,
                           text=True).stdout.splitlines()
    left = [line.strip() for line in table
            if limits.uid_base <= int(line.split()[1]) < limits.uid_base + limits.uid_count]
    assert not left, f"processes left behind: {left}"


def test_feedback_shows_no_hidden_tests(graded_class):
    for student in STUDENTS:
        html = graded_class.course.feedback_html(student.id, student.assignment)
        if not html.exists():
            continue
        text = html.read_text()
        assert "BEGIN HIDDEN TESTS" not in text, student.id
        assert "from grading import check" not in text, student.id
        for call in (f'check("{student.assignment}.', f"check(&quot;{student.assignment}."):
            assert call not in text, f"{student.id}: feedback shows a hidden check call"


def _student_numbers(assignment, name, check, case):
    """The numbers the student's own code returns for a case (theirs to see)."""
    from grading.boundary import LocalTransport, StudentNotebook
    try:
        student = StudentNotebook(LocalTransport(executed(assignment, name)))
        result = check.call(check, student, case)
        return numbers(getattr(result, "value", result))  # an Observation carries the value
    except Exception:  # the student's code raised: nothing of theirs to show
        return []


def test_feedback_shows_no_reference_values(graded_class):
    """No expected value of a hidden case (8 significant digits) appears in feedback,
    unless the student's own code returned that very number."""
    import re
    import numpy as np
    from grading.registry import registry
    from grading.runner import case_seed
    token = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")
    wrong = [s for s in STUDENTS if s.kind == "bank" and s.expected_failing_cells]
    assert wrong
    for student in wrong:
        submission = submission_key(graded_class.course, student.id, student.assignment)
        assert submission, f"{student.id} has no submission time in the gradebook"
        html = graded_class.course.feedback_html(student.id, student.assignment)
        page = re.sub(r"<style.*?</style>", "", html.read_text(), flags=re.S)  # CSS numbers
        shown = set(token.findall(page))
        for check in registry().all(student.assignment):
            if check.cell not in student.expected_failing_cells:
                continue
            for index in range(check.cases):
                seed = case_seed(student.id, check, index, submission)
                case = check.draw(np.random.default_rng(seed), index)
                try:
                    expected = check.expect(check, case)
                except Exception:  # cases that expect an error have no values
                    continue
                values = {f"{x:.8g}" for x in numbers(expected)
                          if np.isfinite(x) and len(f"{abs(x):.8g}") >= 7}
                leaked = values & shown
                if leaked:
                    own = {f"{x:.8g}" for x in _student_numbers(
                        student.assignment, student.variant.name, check, case)}
                    leaked -= own
                assert not leaked, f"{student.id}: feedback shows reference values {sorted(leaked)[:3]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hand_graded_answers_count_in_the_maximum_and_wait_for_formgrader(graded_class, assignment):
    """Autograde scores the 40 autograded points; the answer cells add to nbgrader's maximum."""
    from grading.cell_metadata import points_of_manual_cells
    notebook = nbformat.read(str(source_notebook(assignment)), 4)
    manual = points_of_manual_cells(notebook)
    assert manual, "each homework has hand-graded answer cells"
    total = sum(_points(assignment).values()) + sum(manual.values())
    rows = [row for row in graded_class.grades if row["assignment"] == assignment]
    assert rows and all(float(row["max_score"]) == total for row in rows)
    results = collect_results(graded_class.course.root,
                              f"sqlite:///{graded_class.course.root / 'gradebook.db'}", assignment)
    bystander = next(result for result in results if result.student.startswith("bank-passes-all-reference"))
    for grade_id, points in manual.items():
        assert bystander.cells[f"{grade_id} (graded by hand)"] == (0.0, points)
    assert bystander.score == sum(_points(assignment).values())

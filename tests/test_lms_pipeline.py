"""A platform's zip with every messy case through the real course pipeline.

ddasp collect-zip -> ddasp autograde (intake, nbgrader's Autograde, sandbox) ->
nbgrader generate_feedback -> ddasp export-lms (Moodle and Stud.IP), with the real
nbgrader and gradebook. Every file of the archive must end graded, kept or quarantined
with its reason, and every collected student must get the score their notebook earns.
"""
import csv
import io
import json
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from conftest import TEST_ENV

from grading.course import Course
from grading.lms.simulate import messy_class, write_roster, write_zip
from grading.cell_metadata import points_of_manual_cells, points_of_test_cells
from grading.paths import BANK, source_notebook
from grading.submissions import load_variant

pytestmark = pytest.mark.pipeline

ASSIGNMENT = "matrix_fundamentals"


@dataclass
class Run:
    course: Course
    students: list
    collected: list
    export: dict
    nbgrader_grades: list
    archive: Path


def _ddasp(course, *args):
    done = subprocess.run([sys.executable, "-m", "grading", *map(str, args),
                           "--course", str(course.root)], env=course.env,
                          capture_output=True, text=True, timeout=3600)
    assert done.returncode == 0, f"ddasp {args}: {done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def lms_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lms")
    course = Course.create(tmp / "course", [ASSIGNMENT], env=TEST_ENV)
    course.generate(ASSIGNMENT)
    students = messy_class(ASSIGNMENT)
    archive = write_zip(tmp / "download.zip", students)
    roster = write_roster(tmp / "roster.csv", students)
    _ddasp(course, "collect-zip", ASSIGNMENT, archive, "--preset", "moodle",
           "--roster", roster)
    record = next((course.root / "lms" / ASSIGNMENT).glob("collect-*.json"))
    _ddasp(course, "autograde", ASSIGNMENT, "--workers", "2", "--quiet")
    course.generate_feedback(ASSIGNMENT)
    export = {}
    _ddasp(course, "export-lms", ASSIGNMENT)  # a Moodle download: Moodle's formats
    _ddasp(course, "export-lms", ASSIGNMENT, "--platform", "studip")
    out = course.root / "lms" / ASSIGNMENT / "export"
    for name in ("moodle-grades.csv", "studip-grades.csv"):
        with open(out / name, newline="", encoding="utf-8") as handle:
            export[name] = list(csv.DictReader(handle))
    for name in ("moodle-feedback.zip", "studip-feedback.zip"):
        with zipfile.ZipFile(out / name) as feedback:
            export[name] = {entry: feedback.read(entry) for entry in feedback.namelist()}
    grades = course.export(tmp / "grades.csv")
    return Run(course, students, json.loads(record.read_text()), export, grades, archive)


def _expected_score(student):
    if student.variant == "missing":
        return 0.0
    points = points_of_test_cells(nbformat.read(str(source_notebook(ASSIGNMENT)), 4))
    failing = load_variant(BANK / ASSIGNMENT / f"{student.variant}.py", ASSIGNMENT) \
        .expected_failing()
    return sum(value for cell, value in points.items() if cell not in failing)


def _max_points():
    """Autograded and hand-graded points of the notebook (nbgrader's maximum)."""
    notebook = nbformat.read(str(source_notebook(ASSIGNMENT)), 4)
    return sum(points_of_test_cells(notebook).values()) + \
        sum(points_of_manual_cells(notebook).values())


def _graded_students(run):
    return [student for student in run.students if student.variant is not None]


def test_every_upload_is_graded_or_quarantined_with_a_reason(lms_run):
    with zipfile.ZipFile(lms_run.archive) as archive:
        names = [info.filename for info in archive.infolist()]
        nested = sum(len(zipfile.ZipFile(io.BytesIO(archive.read(name))).namelist())
                     for name in names if name.endswith(".zip"))
    assert len(lms_run.collected) == len(names) + nested
    for upload in lms_run.collected:
        assert upload["status"] in ("graded", "kept", "unpacked", "quarantined"), upload
        assert upload["reason"], upload
        if upload["status"] == "quarantined":
            assert (lms_run.course.root / upload["stored"].replace(" (not extracted)", "")) \
                .is_file(), upload


def test_each_collected_student_gets_the_score_of_their_newest_notebook(lms_run):
    rows = {(row["student_id"], row["assignment"]): row for row in lms_run.nbgrader_grades}
    for student in _graded_students(lms_run):
        row = rows[(student.student_id, ASSIGNMENT)]
        assert float(row["score"]) == pytest.approx(_expected_score(student)), \
            (student.name, student.case, row["score"])


def test_quarantined_students_get_no_grade(lms_run):
    graded = {row["student_id"] for row in lms_run.nbgrader_grades}
    assert "lms-koch" not in graded
    collected = {upload["student"] for upload in lms_run.collected if upload["status"] == "graded"}
    assert collected == {s.student_id for s in _graded_students(lms_run)} - {"lms-becker"}


def test_export_carries_the_gradebook_scores(lms_run):
    nbgrader_scores = {row["student_id"]: float(row["score"]) for row in lms_run.nbgrader_grades}
    studip = {row["student_id"]: row for row in lms_run.export["studip-grades.csv"]}
    moodle = {row["Identifier"]: row for row in lms_run.export["moodle-grades.csv"]}
    assert set(studip) == set(nbgrader_scores)
    for student, score in nbgrader_scores.items():
        assert float(studip[student]["points"]) == pytest.approx(score), student
    for student in _graded_students(lms_run):
        expected = _expected_score(student)
        assert float(studip[student.student_id]["points"]) == pytest.approx(expected)
        assert float(studip[student.student_id]["max_points"]) == _max_points()
        row = moodle[f"Participant {student.participant}"]
        assert row["Full name"] == student.name
        assert float(row["Grade"]) == pytest.approx(expected) and row["Maximum Grade"] == f"{_max_points():.2f}"


def test_feedback_zip_has_one_page_per_graded_student_in_moodles_layout(lms_run):
    files = lms_run.export["moodle-feedback.zip"]
    with_notebook = [s for s in _graded_students(lms_run) if s.variant != "missing"]
    pages = {f"{student.name}_{student.participant}_assignsubmission_file_/{ASSIGNMENT}.html"
             for student in with_notebook}
    assert set(files) == pages
    assert all(b"BEGIN HIDDEN TESTS" not in page for page in files.values())
    assert len(lms_run.export["studip-feedback.zip"]) == len(with_notebook)
    becker = next(row for row in lms_run.export["moodle-grades.csv"]
                  if row["Full name"] == "Felix Becker")
    assert "no gradable notebook" in becker["Feedback comments"]


def test_the_missing_notebook_has_its_line_in_the_grade_summary(lms_run):
    from grading.report import collect_results
    results = collect_results(lms_run.course.root,
                              f"sqlite:///{lms_run.course.root / 'gradebook.db'}", ASSIGNMENT)
    becker = next(result for result in results if result.student == "lms-becker")
    assert "missing-notebook" in becker.flags

"""Every ``ddasp`` command on a course where only the first homework exists.

The usual case in the middle of a semester: ``matrix_fundamentals`` is generated,
released, submitted by two students, collected and autograded; ``nonlinear_regression``
is not even in ``source/``. Each command run as an instructor runs it (``python -m
grading ...`` in a separate process) either works, saying what it skipped and why, or
stops with one line on stderr and exit status 2 — never a traceback. A missing course
folder, a missing gradebook and an unknown assignment give that one line too.
"""
import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from conftest import TEST_ENV

from grading.cli import main
from grading.course import Course
from grading.lms.simulate import messy_class, write_roster, write_zip
from grading.paths import BANK
from grading.submissions import build_submission, load_variant

ASSIGNMENT = "matrix_fundamentals"
LATER = "nonlinear_regression"          # not released yet
STUDENTS = {"ada": "passes_all_reference", "ben": "fails_rref_no_back_substitution"}
COURSE_COMMANDS = [["release"], ["intake", ASSIGNMENT], ["autograde", ASSIGNMENT], ["summary"],
                   ["collect-zip", ASSIGNMENT, "download.zip"], ["export-lms", ASSIGNMENT],
                   ["similarity", ASSIGNMENT]]


def ddasp(*args, cwd=None):
    """``python -m grading ARGS`` in a separate process; the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "grading", *map(str, args)], cwd=cwd,
                          env={**os.environ, **TEST_ENV},
                          capture_output=True, text=True, timeout=900)


def assert_works(done):
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "Traceback" not in done.stdout + done.stderr


def assert_one_line_error(done, command, *words):
    """Exit status 2 and exactly one line ``ddasp COMMAND: ...`` on stderr naming ``words``."""
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-4000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"ddasp {command}: "), lines[0]
    for word in words:
        assert word in lines[0], lines[0]


# ---------------------------------------------------------------- without nbgrader

def error_of(argv, capsys):
    """Run ``ddasp ARGV`` in this process; (exit status, stderr lines, stdout)."""
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, err.strip().splitlines(), out


@pytest.mark.parametrize("command", COURSE_COMMANDS, ids=lambda argv: argv[0])
def test_a_missing_course_folder_is_one_line(command, tmp_path, capsys):
    status, lines, _ = error_of([*command, "--course", tmp_path / "nowhere"], capsys)
    assert status == 2
    assert lines == [f"ddasp {command[0]}: no course folder {tmp_path / 'nowhere'}: pass "
                     "--course PATH, the folder that holds nbgrader_config.py and source/"]


def test_a_folder_that_is_not_a_course_is_one_line(tmp_path, capsys):
    status, lines, _ = error_of(["summary", "--course", tmp_path], capsys)
    assert status == 2 and len(lines) == 1
    assert "is not a course folder (no nbgrader_config.py, no source/)" in lines[0]


@pytest.fixture
def ungenerated(tmp_path, monkeypatch):
    """A course with config and source/ of the first homework, never generated (and no
    gradebook URL from the environment)."""
    monkeypatch.delenv("DDASP_DB_URL", raising=False)
    return Course.create(tmp_path / "course", [ASSIGNMENT]).root


@pytest.mark.parametrize("command", [["summary"], ["export-lms", ASSIGNMENT]],
                         ids=lambda argv: argv[0])
def test_a_missing_gradebook_is_one_line(command, ungenerated, capsys):
    status, lines, _ = error_of([*command, "--course", ungenerated], capsys)
    assert status == 2
    assert lines == [f"ddasp {command[0]}: no gradebook {ungenerated / 'gradebook.db'}: run "
                     f"`nbgrader generate_assignment ASSIGNMENT` in {ungenerated} first "
                     "(or pass --db-url)"]
    assert not (ungenerated / "gradebook.db").exists()   # not created by looking


@pytest.mark.parametrize("command", [["release", LATER], ["collect-zip", LATER, "x.zip"],
                                     ["similarity", LATER]], ids=lambda argv: argv[0])
def test_an_assignment_without_source_is_one_line(command, ungenerated, capsys):
    status, lines, _ = error_of([*command, "--course", ungenerated], capsys)
    assert status == 2
    assert lines == [f"ddasp {command[0]}: unknown assignment {LATER!r}: {ungenerated} has no "
                     f"source/{LATER}/ (assignments there: {ASSIGNMENT})"]


def test_root_is_still_understood(ungenerated, capsys):
    status, lines, _ = error_of(["summary", "--root", ungenerated], capsys)
    assert status == 2 and lines[0].startswith(f"ddasp summary: no gradebook {ungenerated}")


# ---------------------------------------------------------------- through nbgrader

@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The first homework released, submitted by two students, collected and autograded
    with ``ddasp autograde``; returns (course root, the autograde CompletedProcess)."""
    root = tmp_path_factory.mktemp("one_course")
    course = Course.create(root / "course", [ASSIGNMENT], env=TEST_ENV)
    course.generate(ASSIGNMENT)
    course.release(ASSIGNMENT)
    for student, variant in STUDENTS.items():
        folder = course.fetch(student, ASSIGNMENT, root / "homes")
        notebook = build_submission(ASSIGNMENT, load_variant(BANK / ASSIGNMENT / f"{variant}.py"))
        nbformat.write(notebook, str(folder / f"{ASSIGNMENT}.ipynb"))
        course.submit(student, ASSIGNMENT, root / "homes")
    course.collect(ASSIGNMENT)
    graded = ddasp("autograde", ASSIGNMENT, "--course", course.root, "--workers", "2", "-q")
    return course.root, graded


@pytest.fixture
def copy(course, tmp_path):
    """A copy of the built course, for commands that change it."""
    return shutil.copytree(course[0], tmp_path / "course", symlinks=True)


@pytest.mark.pipeline
def test_autograde_grades_what_was_collected(course):
    root, graded = course
    assert_works(graded)
    assert "graded     2" in graded.stdout
    assert_one_line_error(ddasp("autograde", LATER, "--course", root), "autograde",
                          f"assignment {LATER!r} is not in the gradebook")


@pytest.mark.pipeline
def test_summary_summarizes_what_exists_and_says_what_it_skipped(course, tmp_path):
    root, _ = course
    done = ddasp("summary", "--course", root, "--out", tmp_path / "report")
    assert_works(done)
    assert f"## {ASSIGNMENT}" in done.stdout and "| ada |" in done.stdout
    assert (f"skipped {LATER}: not in the gradebook (run `nbgrader generate_assignment "
            f"{LATER}` first)") in done.stdout
    assert (tmp_path / "report" / f"histogram_{ASSIGNMENT}.png").exists()
    assert_one_line_error(ddasp("summary", LATER, "--course", root), "summary",
                          f"assignment {LATER!r} is not in the gradebook",
                          f"(it has: {ASSIGNMENT})")


@pytest.mark.pipeline
def test_release_regenerates_what_has_a_source(copy):
    done = ddasp("release", "--course", copy)
    assert_works(done)
    assert done.stdout.splitlines() == [f"skipped {LATER}: no source/{LATER}/ in {copy}",
                                        f"release/{ASSIGNMENT} regenerated"]


@pytest.mark.pipeline
def test_similarity_reads_the_submissions(course, tmp_path):
    root, _ = course
    done = ddasp("similarity", ASSIGNMENT, "--course", root, "--out", tmp_path / "similarity")
    assert_works(done)
    assert (tmp_path / "similarity" / "report.html").exists()


@pytest.mark.pipeline
def test_collect_zip_places_a_platform_download(copy, tmp_path):
    students = messy_class(ASSIGNMENT)[:2]
    archive = write_zip(tmp_path / "download.zip", students, hostile=False)
    roster = write_roster(tmp_path / "roster.csv", students)
    done = ddasp("collect-zip", ASSIGNMENT, archive, "--roster", roster, "--course", copy)
    assert_works(done)
    assert done.stdout.startswith(f"collect-zip {ASSIGNMENT}")


@pytest.mark.pipeline
def test_export_lms_writes_the_grade_file(course, tmp_path):
    root, _ = course
    done = ddasp("export-lms", ASSIGNMENT, "--course", root, "--platform", "studip",
                 "--out", tmp_path / "export")
    assert_works(done)
    assert (tmp_path / "export" / "studip-grades.csv").exists()
    assert_one_line_error(ddasp("export-lms", LATER, "--course", root), "export-lms",
                          f"assignment {LATER!r} is not in the gradebook")


@pytest.mark.pipeline
def test_commands_without_a_course_work_or_say_why():
    """``ddasp sandbox check`` concerns this machine, not a course: OK, or one line why not."""
    done = ddasp("sandbox", "check")
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode in (0, 1) and len(done.stdout.strip().splitlines()) == 1

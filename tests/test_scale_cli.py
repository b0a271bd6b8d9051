"""``ddasp autograde`` on a small course built through the real nbgrader (see scale_fixtures).

The class: four students graded normally (one flagged), one whose collected notebook is
not JSON (intake sets it aside: graded as missing), one whose grading crashes the worker
process, one whose grading hangs.
"""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.pipeline   # each test runs the real nbgrader on a whole class

import scale_fixtures as toy

HANG = 'def square(x):\n    # HANG_WORKER\n    return x * x\n'
CRASH = 'def square(x):\n    # CRASH_WORKER\n    return x * x\n'
CLASS = {**toy.ANSWERS, "frank": CRASH, "hank": HANG}
NORMAL = ["alice", "bob", "carol", "dave"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    course = toy.build_class(tmp_path_factory.mktemp("built") / "course", CLASS)
    toy.break_notebook(course, "erin")
    return course


@pytest.fixture
def course(built, tmp_path):
    return toy.copy_course(built, tmp_path / "course")


def ddasp_autograde(course, *args, timeout=300):
    """Run the real CLI in the course root; returns (CompletedProcess, outcomes by student)."""
    out = course.root / f"outcomes-{time.monotonic_ns()}.json"
    env = dict(os.environ)
    done = subprocess.run([sys.executable, "-m", "grading", "autograde", toy.ASSIGNMENT, "-q",
                           "--json", str(out), *map(str, args)],
                          cwd=course.root, env=env, capture_output=True, text=True,
                          timeout=timeout)
    outcomes = {}
    if out.exists():
        outcomes = {entry["student"]: entry for entry in json.loads(out.read_text())["outcomes"]}
    return done, outcomes


def statuses(outcomes):
    return {student: entry["status"] for student, entry in outcomes.items()}


def test_one_failing_student_never_stops_the_others(course):
    done, outcomes = ddasp_autograde(course, "--workers", 2, "--timeout", 8)
    assert done.returncode == 0, done.stderr
    assert statuses(outcomes) == {**{student: "graded" for student in NORMAL + ["erin"]},
                                  "frank": "failed", "hank": "failed"}
    assert {student: outcomes[student]["score"] for student in NORMAL} == toy.POINTS
    assert outcomes["erin"]["score"] == 0 and outcomes["erin"]["flags"] == ["invalid-json"]
    assert outcomes["frank"]["reason"] == "worker process died (exit code 7)"
    assert outcomes["hank"]["reason"].startswith("timed out after 8 s")
    assert outcomes["dave"]["flags"] == ["copied-from-forum"]
    assert outcomes["dave"]["problems"] == ["asked for flag copied-from-forum"]
    assert not any(outcomes[student]["flags"] for student in ("alice", "bob", "carol"))
    # the summary names every failure with its reason and every flag
    summary = done.stdout
    assert "graded     5" in summary and "failed     2" in summary and "flagged    2" in summary
    assert "frank" in summary and "exit code 7" in summary
    assert "copied-from-forum" in summary and "invalid-json" in summary
    # the hung worker and its kernel are gone
    assert not Path(f"/proc/{outcomes['hank']['worker']}").exists()
    assert (course.root / "logs" / "autograde" / toy.ASSIGNMENT / "hank.log").exists()


def test_nbgrader_failure_reason_without_intake(course):
    done, outcomes = ddasp_autograde(course, "--no-intake", "--student", "erin", "alice")
    assert done.returncode == 0, done.stderr
    assert statuses(outcomes) == {"alice": "graded", "erin": "failed"}
    assert outcomes["erin"]["reason"].startswith("nbformat.reader.NotJSONError: Notebook "
                                                 "does not appear to be JSON")
    log = course.root / "logs" / "autograde" / toy.ASSIGNMENT / "erin.log"
    assert "Traceback" in log.read_text()


def test_a_crashed_worker_is_replaced(course):
    """With one worker, the students after the crash still get graded."""
    done, outcomes = ddasp_autograde(course, "--workers", 1, "--student", "alice", "frank",
                                     "carol")
    assert done.returncode == 0, done.stderr
    assert statuses(outcomes) == {"alice": "graded", "frank": "failed", "carol": "graded"}
    assert outcomes["carol"]["score"] == toy.POINTS["carol"]
    assert outcomes["alice"]["worker"] != outcomes["carol"]["worker"]


def test_rerun_resumes_and_force_regrades(course):
    some = ["alice", "bob", "carol", "frank"]
    done, outcomes = ddasp_autograde(course, "--student", *some)
    assert statuses(outcomes) == {"alice": "graded", "bob": "graded", "carol": "graded",
                                  "frank": "failed"}

    # nothing changed: the graded are skipped, the failed one is tried again
    done, outcomes = ddasp_autograde(course, "--student", *some)
    assert done.returncode == 0, done.stderr
    assert statuses(outcomes) == {"alice": "skipped", "bob": "skipped", "carol": "skipped",
                                  "frank": "failed"}
    assert "skipped    3" in done.stdout

    # bob's submission changes (a new collect): only bob is graded again
    time.sleep(0.05)
    toy.replace_answer(course, "bob", toy.ANSWERS["alice"])
    done, outcomes = ddasp_autograde(course, "--student", "alice", "bob", "carol")
    assert statuses(outcomes) == {"alice": "skipped", "bob": "graded", "carol": "skipped"}
    assert outcomes["bob"]["score"] == 3.0

    done, outcomes = ddasp_autograde(course, "--student", "alice", "bob", "carol", "--force")
    assert statuses(outcomes) == {"alice": "graded", "bob": "graded", "carol": "graded"}


def test_a_notebook_missing_from_autograded_is_graded_again(course):
    done, outcomes = ddasp_autograde(course, "--student", "alice", "bob")
    assert statuses(outcomes) == {"alice": "graded", "bob": "graded"}
    graded = course.root / "autograded" / "bob" / toy.ASSIGNMENT
    shutil.rmtree(graded)
    done, outcomes = ddasp_autograde(course, "--student", "alice", "bob")
    assert statuses(outcomes) == {"alice": "skipped", "bob": "graded"}


def test_same_export_as_sequential_nbgrader_autograde(built, tmp_path):
    """Grades of the parallel run equal those of ``nbgrader autograde`` on the same class."""
    exports = {}
    for name in ("nbgrader", "ddasp"):
        course = toy.copy_course(built, tmp_path / name)
        for student in ("erin", "frank", "hank"):
            shutil.rmtree(course.root / "submitted" / student)
        if name == "nbgrader":
            course.autograde(toy.ASSIGNMENT)
        else:
            done, _ = ddasp_autograde(course, "--workers", 2)
            assert done.returncode == 0, done.stderr
        rows = course.export(tmp_path / f"{name}.csv")
        exports[name] = sorted(tuple(sorted(row.items())) for row in rows)
    assert exports["ddasp"] == exports["nbgrader"]
    assert len(exports["ddasp"]) == len(NORMAL)


def test_run_that_cannot_happen_exits_non_zero(course):
    done, _ = ddasp_autograde(course, "--student", "alice", "--db-url",
                              "sqlite:///" + str(course.root / "empty.db"))
    assert done.returncode == 2
    assert "is not in the gradebook" in done.stderr

    config = course.root / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nraise ImportError('the grading step is missing')\n")
    done, outcomes = ddasp_autograde(course, "--student", "alice")
    assert done.returncode == 2
    assert "the grading step is missing" in done.stderr
    assert outcomes == {}
    assert not (course.root / "autograded" / "alice").exists()


def test_unknown_student_is_reported(course):
    done, outcomes = ddasp_autograde(course, "--student", "alice", "zoe")
    assert done.returncode == 0
    assert statuses(outcomes) == {"alice": "graded"}
    assert "no submission in submitted/ for: zoe" in done.stdout

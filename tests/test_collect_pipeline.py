"""Collect, late penalty, feedback and HTML sanitising through the real nbgrader commands.

A small course (matrix_fundamentals, due date set between the submissions, late
submissions scored zero): two bystanders; a student who links the instructor's source
notebook and its folder into the inbound folder and adds a named pipe; a student who
submits after the due date and forges timestamp.txt, the folder name and every mtime;
a student whose outputs carry <script>, onerror handlers and JavaScript. Plain
``nbgrader collect``, ``autograde``, ``generate_feedback``, ``release_feedback``, ``export``.
"""
import datetime
import hashlib
import html.parser
import json
import os
import time
from pathlib import Path

import nbformat
import pytest
from classroom import HOSTILE
from conftest import TEST_ENV
from nbformat.v4 import new_markdown_cell

from grading.course import Course
from grading.cell_metadata import points_of_test_cells
from grading.paths import COURSE_ID, source_notebook
from grading.report import collect_results
from grading.simulated_class import bank_variant, fill_from_variant
from grading.submissions import load_variant

pytestmark = pytest.mark.pipeline

ASSIGNMENT = "matrix_fundamentals"
LINKER, LATE, XSS = "hostile-collect-symlinks", "late-forged-timestamp", "hostile-html-output"
BYSTANDERS = ("aaa-bystander", "zzz-bystander")
FEEDBACK_FILES = {f"{ASSIGNMENT}.html", "timestamp.txt", "submission_secret.txt"}
MARKER = "DDASP-XSS"


def _variant(name):
    if name.startswith("hostile"):
        return load_variant(HOSTILE / f"{name.replace('-', '_')}.py", ASSIGNMENT)
    return bank_variant(ASSIGNMENT, "passes_all_reference")


def _submit(course, homes, student, variant, extra_cells=()):
    def add_cells(notebook):
        notebook.cells += list(extra_cells)
        return notebook

    folder = course.fetch(student, ASSIGNMENT, homes)
    fill_from_variant(ASSIGNMENT, variant, add_cells)(folder)
    course.submit(student, ASSIGNMENT, homes)
    inbound = course.exchange / COURSE_ID / "inbound"
    return next(inbound.glob(f"{student}+{ASSIGNMENT}+*"))


def _digests(folder, skip=("timestamp.txt",)):
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in Path(folder).rglob("*") if path.is_file() and path.name not in skip}


@pytest.fixture(scope="module")
def course_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("collect-course")
    course = Course.create(root / "course", [ASSIGNMENT], env=TEST_ENV)
    with open(course.root / "nbgrader_config.py", "a") as handle:
        handle.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    course.generate(ASSIGNMENT)
    course.release(ASSIGNMENT)
    homes = root / "homes"
    reference = _variant("reference")
    inbound = {student: _submit(course, homes, student, reference) for student in BYSTANDERS}
    inbound[XSS] = _submit(course, homes, XSS, _variant(XSS), [new_markdown_cell(
        f"<img src=\"z\" onerror=\"document.title = '{MARKER}-6'\">")])
    linker = _submit(course, homes, LINKER, _variant(LINKER))
    source = course.root / "source" / ASSIGNMENT
    (linker / "solution.ipynb").symlink_to(source / f"{ASSIGNMENT}.ipynb")
    (linker / "course_source").symlink_to(source)
    os.mkfifo(linker / "pipe")
    inbound_before = {student: _digests(folder) for student, folder in inbound.items()}

    due = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + \
        datetime.timedelta(seconds=1)
    course.nbgrader("db", "assignment", "add", ASSIGNMENT,
                    f"--duedate={due:%Y-%m-%d %H:%M:%S} UTC")
    time.sleep(2.5)
    late = _submit(course, homes, LATE, reference)
    claim = due - datetime.timedelta(hours=1)
    (late / "timestamp.txt").write_text(f"{claim:%Y-%m-%d %H:%M:%S.%f} UTC")
    late = late.rename(late.with_name(f"{LATE}+{ASSIGNMENT}+{claim:%Y-%m-%d %H:%M:%S.%f} UTC+0"))
    for path in [late, *late.rglob("*")]:
        os.utime(path, (claim.timestamp(), claim.timestamp()))

    collected = course.nbgrader("collect", ASSIGNMENT)
    course.nbgrader("autograde", ASSIGNMENT)
    course.generate_feedback(ASSIGNMENT)
    course.nbgrader("release_feedback", ASSIGNMENT)
    grades = course.export(root / "grades.csv")
    return {"course": course, "due": due.replace(tzinfo=None), "claim": claim,
            "collect_log": collected.stdout + collected.stderr, "grades": grades,
            "inbound_before": inbound_before, "inbound": inbound}


def _row(run, student):
    return next(row for row in run["grades"] if row["student_id"] == student)


def _result(run, student):
    course = run["course"]
    results = collect_results(course.root, f"sqlite:///{course.root / 'gradebook.db'}", ASSIGNMENT)
    return next(result for result in results if result.student == student)


def _full_marks():
    return sum(points_of_test_cells(nbformat.read(str(source_notebook(ASSIGNMENT)), 4)).values())


def test_nothing_a_link_points_to_is_collected(course_run):
    course = course_run["course"]
    submitted = course.root / "submitted" / LINKER / ASSIGNMENT
    names = {str(path.relative_to(submitted)) for path in submitted.rglob("*")}
    assert names == {f"{ASSIGNMENT}.ipynb", "notes.html", "timestamp.txt", "submission_secret.txt"}
    secret = (course.root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes()
    for path in submitted.rglob("*"):  # the student's release has no hidden tests
        assert b"BEGIN HIDDEN TESTS" not in path.read_bytes(), path
    for folder in ("submitted", "autograded", "feedback"):
        files = [path for path in (course.root / folder / LINKER).rglob("*") if path.is_file()]
        assert files and all(path.read_bytes() != secret for path in files), folder
        assert not {"solution.ipynb", "course_source", "pipe"} & {path.name for path in files}


def test_links_and_the_pipe_are_reported_in_the_log_and_the_summary(course_run):
    log = course_run["collect_log"]
    for name in ("solution.ipynb", "course_source", "pipe"):
        assert f"{LINKER} {ASSIGNMENT}: {name}" in log, log[-3000:]
    result = _result(course_run, LINKER)
    assert {"symlink", "special-file"} <= set(result.flags)
    assert any(line.startswith("solution.ipynb: symbolic link") for line in result.problems)
    assert any(line.startswith("pipe: named pipe") for line in result.problems)


def test_the_rest_of_the_linking_submission_is_graded(course_run):
    assert float(_row(course_run, LINKER)["score"]) == _full_marks() - 4  # least_squares only


def test_bystanders_are_collected_unchanged_graded_and_quiet(course_run):
    course = course_run["course"]
    for student in BYSTANDERS:
        submitted = course.root / "submitted" / student / ASSIGNMENT
        assert _digests(submitted) == course_run["inbound_before"][student]
        assert _digests(course_run["inbound"][student]) == course_run["inbound_before"][student]
        assert float(_row(course_run, student)["score"]) == _full_marks()
        assert float(_row(course_run, student)["late_submission_penalty"]) == 0
        assert not (course.root / "intake" / student).exists()


def test_a_forged_timestamp_does_not_dodge_the_late_penalty(course_run):
    row = _row(course_run, LATE)
    graded_at = datetime.datetime.fromisoformat(row["timestamp"])
    assert graded_at > course_run["due"]
    assert float(row["raw_score"]) == _full_marks()
    assert float(row["late_submission_penalty"]) == _full_marks() and float(row["score"]) == 0
    result = _result(course_run, LATE)
    assert "timestamp-mismatch" in result.flags
    assert any(f"{course_run['claim']:%Y-%m-%d %H:%M:%S}" in line for line in result.problems)


def test_feedback_holds_only_the_html_of_the_graded_notebook(course_run):
    course = course_run["course"]
    students = (*BYSTANDERS, LINKER, LATE, XSS)
    for student in students:
        folder = course.root / "feedback" / student / ASSIGNMENT
        assert set(os.listdir(folder)) == FEEDBACK_FILES, student
    released = sorted(os.listdir(course.exchange / COURSE_ID / "feedback"))
    assert len(released) == len(students) and all(name.endswith(".html") for name in released)
    for name in released:
        assert b"my own notes, not feedback" not in \
            (course.exchange / COURSE_ID / "feedback" / name).read_bytes()


class _LiveScript(html.parser.HTMLParser):
    """Collects what a browser would run: <script> bodies and on* attributes."""

    def __init__(self):
        super().__init__()
        self.live, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        self.live += [value or "" for name, value in attrs if name.lower().startswith("on")]

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.live.append(data)


def _live(html_text):
    parser = _LiveScript()
    parser.feed(html_text)
    return [text for text in parser.live if MARKER in text]


def test_student_html_and_javascript_outputs_are_sanitised(course_run):
    course = course_run["course"]
    autograded = course.root / "autograded" / XSS / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = json.loads(autograded.read_text())
    seen = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown" and MARKER in "".join(cell["source"]):
            assert not _live(markdown_html := "".join(cell["source"])), markdown_html
            seen += 1
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            assert "application/javascript" not in data
            for key in ("text/html", "text/markdown"):
                if MARKER in "".join(data.get(key, "")):
                    assert not _live("".join(data[key])), data[key]
                    seen += 1
    assert seen >= 3  # the HTML output, the markdown output, the markdown cell: kept, inert
    page = course.feedback_html(XSS, ASSIGNMENT).read_text()
    assert "my results" in page and not _live(page)
    assert float(_row(course_run, XSS)["score"]) == _full_marks()

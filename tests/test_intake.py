"""Intake repairs what it can, quarantines what it cannot, and says what it did."""
import json
import os

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from nbgrader.api import Gradebook

from grading import findings
from grading.intake import intake_class, intake_submission

CONFIG = """c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "ddasp"
"""


def _submission(root, student, files):
    folder = root / "submitted" / student / "hw"
    folder.mkdir(parents=True)
    for name, content in files.items():
        path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())
        with open(path, "wb") as handle:
            handle.write(content if isinstance(content, bytes) else content.encode())
    return folder


def _notebook_text():
    return nbformat.writes(new_notebook(cells=[new_code_cell("x = 1")]))


def test_a_clean_submission_has_no_findings(tmp_path):
    _submission(tmp_path, "ann", {"hw.ipynb": _notebook_text()})
    report = intake_submission(tmp_path, "ann", "hw", ["hw"])
    assert report.flags == [] and report.problems == []


def test_invalid_json_is_quarantined_not_deleted(tmp_path):
    _submission(tmp_path, "bob", {"hw.ipynb": _notebook_text()[:40]})
    report = intake_submission(tmp_path, "bob", "hw", ["hw"])
    assert report.flags == ["invalid-json"]
    assert "not a valid notebook file" in report.problems[0]
    assert (tmp_path / "quarantine" / "bob" / "hw" / "hw.ipynb").exists()
    assert not (tmp_path / "submitted" / "bob" / "hw" / "hw.ipynb").exists()


def test_nbformat_3_is_converted(tmp_path):
    old = nbformat.writes(nbformat.convert(new_notebook(cells=[new_code_cell("x = 1")]), 3))
    folder = _submission(tmp_path, "cy", {"hw.ipynb": old})
    report = intake_submission(tmp_path, "cy", "hw", ["hw"])
    assert report.flags == ["old-format"]
    assert nbformat.read(str(folder / "hw.ipynb"), as_version=4).cells[0].source == "x = 1"
    assert json.loads((folder / "hw.ipynb").read_text())["nbformat"] == 4


def test_missing_metadata_is_restored(tmp_path):
    raw = json.loads(_notebook_text())
    del raw["metadata"]
    folder = _submission(tmp_path, "di", {"hw.ipynb": json.dumps(raw)})
    report = intake_submission(tmp_path, "di", "hw", ["hw"])
    assert report.flags == ["missing-metadata"]
    nbformat.validate(nbformat.read(str(folder / "hw.ipynb"), as_version=4))


def test_a_renamed_notebook_is_graded_under_its_name(tmp_path):
    folder = _submission(tmp_path, "ed", {"hw (1).ipynb": _notebook_text()})
    report = intake_submission(tmp_path, "ed", "hw", ["hw"])
    assert report.flags == ["renamed-notebook"] and (folder / "hw.ipynb").exists()


def test_a_missing_notebook_is_reported(tmp_path):
    _submission(tmp_path, "fy", {"notes.txt": "nothing"})
    report = intake_submission(tmp_path, "fy", "hw", ["hw"])
    assert report.flags == ["missing-notebook"] and "0 points" in report.problems[0]


def test_huge_files_and_bad_names(tmp_path):
    folder = _submission(tmp_path, "gu", {"hw.ipynb": _notebook_text(), b"n\xffotes.txt": "x"})
    with open(folder / "big.wav", "wb") as handle:
        handle.truncate(51 * 2**20)
    report = intake_submission(tmp_path, "gu", "hw", ["hw"])
    assert sorted(report.flags) == ["bad-file-name", "huge-file"]
    assert (tmp_path / "quarantine" / "gu" / "hw" / "big.wav").exists()
    assert sorted(os.listdir(folder)) == ["hw.ipynb", "n_otes.txt"]


def _course(root):
    """A course folder with its configuration and a gradebook that knows hw/hw.ipynb."""
    (root / "nbgrader_config.py").write_text(CONFIG.format(root=str(root)))
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="ddasp") as gradebook:
        gradebook.update_or_create_assignment("hw")
        gradebook.update_or_create_notebook("hw", "hw")
    return root


def test_the_class_is_taken_in_student_by_student(tmp_path, ddasp):
    _submission(_course(tmp_path), "a", {"hw.ipynb": "{"})
    _submission(tmp_path, "b", {"hw.ipynb": _notebook_text()})
    done = ddasp("intake", "hw", "--course", tmp_path, "--json", tmp_path / "reports.json")
    assert done.returncode == 0, done.stderr
    reports = json.loads((tmp_path / "reports.json").read_text())
    assert [report["student"] for report in reports] == ["a", "b"]
    assert json.loads((tmp_path / "intake" / "a" / "hw.json").read_text())["flags"] == ["invalid-json"]
    # nothing gradable is left of a's submission: a 0 in the gradebook, as for a missing one
    assert [report["ungradable"] for report in reports] == [True, False]
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}", course_id="ddasp") as gradebook:
        assert gradebook.find_submission("hw", "a").score == 0


def test_a_missing_course_or_assignment_is_one_line_on_stderr(tmp_path, ddasp):
    done = ddasp("intake", "hw", "--course", tmp_path / "nowhere")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "no course folder" in done.stderr
    done = ddasp("intake", "nonlinear_regression", "--course", _course(tmp_path))
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "'nonlinear_regression' is not in the gradebook" in done.stderr


def test_an_intake_that_fails_is_reported_not_swallowed(tmp_path, monkeypatch):
    from nbgrader.coursedir import CourseDirectory
    import grading.intake
    _submission(tmp_path, "a", {"hw.ipynb": _notebook_text()})

    def broken(*args):
        raise OSError("disk on fire")
    monkeypatch.setattr(grading.intake, "intake_submission", broken)
    failed = []
    reports = intake_class(CourseDirectory(root=str(tmp_path)), "hw", ["hw"],
                           on_error=failed.append)
    assert [report.flags for report in reports] == [["intake-failed"]] and failed == reports
    assert "disk on fire" in reports[0].problems[0]
    assert findings.read(tmp_path, "a", "hw").flags == ["intake-failed"]

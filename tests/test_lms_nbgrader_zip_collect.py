"""nbgrader's own ``zip_collect`` uses the course's safe extract step (nbgrader_config.py)."""
import os
import subprocess
from pathlib import Path

import pytest

from grading.course import Course, nbgrader_executable
from grading.lms.simulate import HOSTILE, messy_class, write_zip

pytestmark = pytest.mark.pipeline

ASSIGNMENT = "matrix_fundamentals"


def test_zip_collect_extracts_safely_and_keeps_upload_times(tmp_path):
    course = Course.create(tmp_path / "course", [ASSIGNMENT])
    inbox = course.root / "downloaded" / ASSIGNMENT / "archive"
    inbox.mkdir(parents=True)
    students = [s for s in messy_class(ASSIGNMENT) if s.name in ("Anna Müller", "David Fischer")]
    write_zip(inbox / "download.zip", students)
    done = subprocess.run(
        [nbgrader_executable(), "zip_collect", ASSIGNMENT,
         r"--FileNameCollectorPlugin.named_regexp=.*/(?P<student_id>[A-Za-z]+) [^/]*"
         r"_assignsubmission_file_/(?:abgabe\.zip/)?(?P<file_id>[^/]+)$"],
        cwd=course.root, env=course.env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "SafeExtractor" in done.stderr
    extracted = course.root / "downloaded" / ASSIGNMENT / "extracted"
    files = sorted(str(path.relative_to(extracted)) for path in extracted.rglob("*")
                   if path.is_file())
    assert files == [
        "download/Anna Müller_1001_assignsubmission_file_/matrix_fundamentals (2).ipynb",
        "download/Ben Schmidt_1002_assignsubmission_file_/Notizen-Σ.txt",
        "download/David Fischer_1004_assignsubmission_file_/abgabe.zip/matrix_fundamentals.ipynb",
        "download/David Fischer_1004_assignsubmission_file_/abgabe.zip/notes.txt"]
    for case in ("zip-slip", "absolute", "symlink", "bomb"):
        assert f"Not extracted: {HOSTILE[case]}" in done.stderr, case
    assert not Path("/tmp/ddasp-zip-slip.py").exists()
    assert not Path("/tmp/ddasp-absolute-path.py").exists()
    assert not any(os.path.islink(path) for path in extracted.rglob("*"))
    notebook = extracted / files[0]
    assert notebook.stat().st_mtime == students[0].files[0].time.timestamp()
    assert (course.root / "submitted" / "Anna" / ASSIGNMENT).is_dir()
    assert (course.root / "submitted" / "David" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()

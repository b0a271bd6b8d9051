"""The course's collect (grading.nbgrader_integration.collect) and grading.safecopy.

Students' inbound folders are built as a student could build them (nbgrader submit writes
a plain folder; a hostile student adds links, pipes, sockets, hard links, a forged
timestamp.txt). The collect runs in-process with nbgrader's exchange machinery and a real
gradebook; tests/test_collect_pipeline.py runs the plain ``nbgrader collect`` command.
"""
import datetime
import json
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import parse_utc
from traitlets.config import Config

from grading.nbgrader_integration.collect import SafeCollect
from grading.paths import COURSE_ID
from grading.safecopy import Bounds, _Copier, copy_folder, open_folder

SECRET = "SOLUTION: the instructor's source notebook\n"


@pytest.fixture(scope="module")
def empty_gradebook(tmp_path_factory):
    """One empty gradebook, copied into every course (creating one takes seconds)."""
    from nbgrader.api import Gradebook
    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    with Gradebook(f"sqlite:///{path}", course_id=COURSE_ID):
        pass
    return path


@pytest.fixture
def course(tmp_path, empty_gradebook):
    """A course root with an exchange and a secret file/folder the grader can read."""
    shutil.copyfile(empty_gradebook, tmp_path / "gradebook.db")
    (tmp_path / "exchange" / COURSE_ID / "inbound").mkdir(parents=True)
    secret = tmp_path / "source" / "hw"
    secret.mkdir(parents=True)
    (secret / "hw.ipynb").write_text(SECRET)
    return tmp_path


def inbound(course, student, stamp="2026-01-01 10:00:00.000000 UTC", files=None):
    """A submission as nbgrader submit leaves it; returns its folder."""
    folder = course / "exchange" / COURSE_ID / "inbound" / f"{student}+hw+{stamp}+abc123"
    folder.mkdir()
    for name, text in (files or {"hw.ipynb": '{"cells": []}', "notes.txt": "mine"}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (folder / "timestamp.txt").write_text(stamp)
    return folder


def collect(course, **traits):
    config = Config()
    config.Exchange.root = str(course / "exchange")
    for name, value in traits.items():
        setattr(config.SafeCollect, name, value)
    coursedir = CourseDirectory(root=str(course), course_id=COURSE_ID, assignment_id="hw",
                                db_url=f"sqlite:///{course / 'gradebook.db'}")
    SafeCollect(coursedir=coursedir, authenticator=Authenticator(), config=config).start()


def findings(course, student):
    path = course / "intake" / student / "hw.json"
    return json.loads(path.read_text()) if path.exists() else {"flags": [], "problems": []}


def tree(folder):
    return sorted(str(path.relative_to(folder)) for path in Path(folder).rglob("*"))


def contents(folder):
    return [path.read_bytes() for path in Path(folder).rglob("*") if path.is_file()]


def test_links_and_special_files_are_dropped_and_reported(course, monkeypatch):
    folder = inbound(course, "ann", files={"hw.ipynb": "{}", "notes.txt": "mine",
                                           "sub/data.txt": "1 2 3"})
    source = course / "source" / "hw"
    (folder / "solution.ipynb").symlink_to(source / "hw.ipynb")
    (folder / "course_source").symlink_to(source)
    (folder / "sub" / "deeper_link").symlink_to(source / "hw.ipynb")
    os.mkfifo(folder / "pipe")
    server = socket.socket(socket.AF_UNIX)
    monkeypatch.chdir(folder)  # the absolute path is longer than a socket address may be
    server.bind("sock")
    monkeypatch.undo()
    os.link(source / "hw.ipynb", folder / "hard.ipynb")
    try:
        collect(course)
    finally:
        server.close()
    submitted = course / "submitted" / "ann" / "hw"
    assert tree(submitted) == ["hw.ipynb", "notes.txt", "sub", "sub/data.txt", "timestamp.txt"]
    assert SECRET.encode() not in contents(submitted)
    found = findings(course, "ann")
    assert {"symlink", "special-file", "hard-link"} <= set(found["flags"])
    for name in ("solution.ipynb", "course_source", "sub/deeper_link", "pipe", "sock",
                 "hard.ipynb"):
        assert any(line.startswith(name + ":") or line.startswith(name + "/:")
                   for line in found["problems"]), (name, found["problems"])
    assert any("named pipe" in line for line in found["problems"])
    assert any("socket" in line for line in found["problems"])


def test_an_inbound_entry_that_is_a_link_is_not_collected(course):
    link = course / "exchange" / COURSE_ID / "inbound" / "bob+hw+2026-01-01 10:00:00 UTC+x"
    link.symlink_to(course / "source" / "hw")
    inbound(course, "cy")
    collect(course)
    assert not (course / "submitted" / "bob").exists()
    assert (course / "submitted" / "cy" / "hw" / "hw.ipynb").exists()
    found = findings(course, "bob")
    assert found["flags"] == ["symlink"] and "not a folder" in found["problems"][0]


def test_a_folder_of_another_user_naming_a_student_is_refused(course):
    """Another account submits in ann's name after her: her own submission is collected."""
    inbound(course, "ann", files={"hw.ipynb": "ann's work"})
    spoof = inbound(course, "ann", stamp="2026-01-01 11:00:00.000000 UTC",
                    files={"hw.ipynb": "garbage"})
    for path in [spoof, *spoof.rglob("*")]:
        os.chown(path, 54321, 54321, follow_symlinks=False)
    collect(course)
    assert (course / "submitted" / "ann" / "hw" / "hw.ipynb").read_text() == "ann's work"
    found = findings(course, "ann")
    assert "owner-mismatch" in found["flags"]
    assert any(spoof.name in line and "belongs to" in line for line in found["problems"])


def test_odd_names_are_collected_and_a_folder_named_timestamp_is_replaced(course):
    folder = inbound(course, "hal")
    (folder / "timestamp.txt").unlink()
    (folder / "timestamp.txt").mkdir()
    with open(os.path.join(os.fsencode(folder), b"notes-\xff.txt"), "wb") as handle:
        handle.write(b"mine")
    collect(course)
    submitted = os.fsencode(course / "submitted" / "hal" / "hw")
    assert sorted(os.listdir(submitted)) == [b"hw.ipynb", b"notes-\xff.txt", b"notes.txt",
                                             b"timestamp.txt"]
    parse_utc((course / "submitted" / "hal" / "hw" / "timestamp.txt").read_text())
    assert findings(course, "hal")["flags"] == ["timestamp-mismatch"]


def test_the_configured_ignore_globs_hold_wherever_collect_runs(course, monkeypatch):
    """CourseDirectory.ignore (nbgrader's default: checkpoints, *.pyc, __pycache__,
    feedback) leaves those entries out, matched by name as nbgrader's own collect does."""
    inbound(course, "ida", files={"hw.ipynb": '{"cells": []}', "notes.txt": "mine",
                                  "helper.pyc": "x", "__pycache__/m.cpython-311.pyc": "x",
                                  ".ipynb_checkpoints/hw-checkpoint.ipynb": "{}",
                                  "feedback/old.html": "x"})
    monkeypatch.chdir(course / "source")        # a folder holding none of those names
    collect(course)
    assert tree(course / "submitted" / "ida" / "hw") == ["hw.ipynb", "notes.txt",
                                                          "timestamp.txt"]


def test_impossible_student_ids_are_ignored(course):
    inbound(course, "..")
    inbound(course, "dee")
    collect(course)
    assert not (course / "hw").exists()
    assert sorted(os.listdir(course / "submitted")) == ["dee"]


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_an_entry_swapped_for_a_link_after_the_check_is_not_followed(tmp_path, kind):
    """The race, made deterministic: the entry is classified (lstat) as a regular file or a
    folder, then replaced by a link to the secret before it is opened."""
    src, secret = tmp_path / "student", tmp_path / "secret"
    src.mkdir()
    secret.mkdir()
    (secret / "hw.ipynb").write_text(SECRET)
    entry = src / "x"
    if kind == "file":
        entry.write_text("harmless")
    else:
        entry.mkdir()
    stale = os.stat(entry, follow_symlinks=False)
    (entry.unlink() if kind == "file" else entry.rmdir())
    entry.symlink_to(secret / "hw.ipynb" if kind == "file" else secret)
    (tmp_path / "out").mkdir()
    copier = _Copier(Bounds(), lambda name, is_folder: False, 0o644, 0o755)
    src_fd, out_fd = open_folder(src), open_folder(tmp_path / "out")
    try:
        copier.entry(src_fd, out_fd, "x", "x", stale, 0)
    finally:
        os.close(src_fd)
        os.close(out_fd)
    assert os.listdir(tmp_path / "out") in ([], ["x"])
    assert SECRET.encode() not in contents(tmp_path / "out")
    assert [d.kind for d in copier.report.dropped] == ["symlink"]


def test_a_student_swapping_files_and_links_during_the_copy_never_gets_the_target(tmp_path):
    """A thread swaps a regular file, a link to the secret and a named pipe under one name
    as fast as it can while the folder is copied again and again."""
    src, secret = tmp_path / "student", tmp_path / "secret.ipynb"
    src.mkdir()
    secret.write_text(SECRET)
    (src / "hw.ipynb").write_text("{}")
    stop = threading.Event()

    def swap():
        index = 0
        while not stop.is_set():
            temporary = src / f".tmp{index % 3}"
            try:
                if index % 3 == 0:
                    temporary.write_text("harmless")
                elif index % 3 == 1:
                    temporary.symlink_to(secret)
                else:
                    os.mkfifo(temporary)
                os.replace(temporary, src / "swapped")
            except OSError:
                pass
            index += 1

    swapper = threading.Thread(target=swap)
    swapper.start()
    kinds = set()
    try:
        for run in range(300):
            fd = open_folder(src)
            try:
                report = copy_folder(fd, tmp_path / f"out{run}", ignore=lambda n, f: n.startswith(".tmp"))
            finally:
                os.close(fd)
            kinds |= {d.kind for d in report.dropped}
            assert SECRET.encode() not in contents(tmp_path / f"out{run}"), run
    finally:
        stop.set()
        swapper.join()
    assert "symlink" in kinds  # the swapper did present links during the copies


def test_bounds_drop_the_excess_and_say_so(course):
    files = {f"f{i:02}.txt": "x" * 10 for i in range(30)}
    files["hw.ipynb"] = "{}"
    inbound(course, "eve", files=files)
    collect(course, max_entries=12)
    found = findings(course, "eve")
    assert found["flags"] == ["collect-bound"]
    assert len(found["problems"]) == 1 and "more than 12 entries" in found["problems"][0]
    copied = set(os.listdir(course / "submitted" / "eve" / "hw")) - {"timestamp.txt"}
    assert len(copied) in (11, 12) and copied < set(files)  # 12 entries, one may be timestamp.txt


def test_size_and_depth_bounds(tmp_path):
    src = tmp_path / "student"
    (src / "a" / "b" / "c").mkdir(parents=True)
    (src / "a" / "b" / "c" / "deep.txt").write_text("deep")
    (src / "big.bin").write_bytes(b"x" * 5000)
    (src / "small.txt").write_text("ok")
    fd = open_folder(src)
    try:
        report = copy_folder(fd, tmp_path / "out", Bounds(max_depth=2, max_file_bytes=4000))
    finally:
        os.close(fd)
    assert tree(tmp_path / "out") == ["a", "a/b", "small.txt"]
    reasons = {d.path: d.reason for d in report.dropped}
    assert "larger than 0.004 MB" in reasons["big.bin"]
    assert "deeper than 2" in reasons["a/b/c/"]


def test_the_submission_time_is_the_time_received_not_the_students_claim(course):
    """timestamp.txt and the folder name claim a time a year earlier, and every mtime is set
    back to it: the collected timestamp.txt holds the time the files really arrived."""
    claim = "2025-01-01 09:00:00.000000 UTC"
    before = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    folder = inbound(course, "fay", stamp=claim)
    old = parse_utc(claim).replace(tzinfo=datetime.timezone.utc).timestamp()
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (old, old))
    collect(course)
    graded = parse_utc((course / "submitted" / "fay" / "hw" / "timestamp.txt").read_text())
    assert before - datetime.timedelta(seconds=2) <= graded <= before + datetime.timedelta(seconds=60)
    found = findings(course, "fay")
    assert found["flags"] == ["timestamp-mismatch"]
    assert "2025-01-01 09:00:00" in found["problems"][0] and "received" in found["problems"][0]


def test_an_honest_timestamp_is_kept_quiet_and_a_resubmission_replaces_findings(course):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    folder = inbound(course, "gil", stamp=now)
    (folder / "link").symlink_to(course / "source")
    collect(course, update=True)
    assert findings(course, "gil")["flags"] == ["symlink"]
    (folder / "link").unlink()
    os.rename(folder, folder.with_name("gil+hw+later+def456"))  # a newer submission
    os.chmod(folder.with_name("gil+hw+later+def456"), 0o755)     # (its inode changes now)
    collect(course, update=True)
    assert findings(course, "gil") == {"flags": [], "problems": []}
    assert not (course / "intake" / "gil" / "hw.json").exists()


def test_before_duedate_takes_the_last_submission_received_on_time(course):
    """With --before-duedate, the on-time submission is chosen by the time received, even
    though the late one's folder name and timestamp.txt claim an earlier time."""
    import time

    from nbgrader.api import Gradebook
    inbound(course, "ivy", stamp="2026-01-01 10:00:00.000000 UTC", files={"hw.ipynb": "on time"})
    time.sleep(1.1)
    due = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gradebook:
        gradebook.update_or_create_assignment("hw", duedate=due)
    time.sleep(1.1)
    inbound(course, "ivy", stamp="2025-01-01 10:00:00.000000 UTC", files={"hw.ipynb": "late"})
    collect(course, update=True)
    assert (course / "submitted" / "ivy" / "hw" / "hw.ipynb").read_text() == "late"
    collect(course, before_duedate=True)
    submitted = course / "submitted" / "ivy" / "hw"
    assert (submitted / "hw.ipynb").read_text() == "on time"
    assert parse_utc((submitted / "timestamp.txt").read_text()) <= due


def test_read_regular_never_follows_a_link_and_refuses_what_is_too_large(tmp_path):
    from grading.safecopy import FileTooLarge, read_regular
    (tmp_path / "answer.json").write_bytes(b"12345")
    (tmp_path / "link").symlink_to(tmp_path / "answer.json")
    os.mkfifo(tmp_path / "pipe")
    assert read_regular(tmp_path / "answer.json", 5) == b"12345"
    assert read_regular(tmp_path / "link", 5) is None
    assert read_regular(tmp_path / "pipe", 5) is None
    assert read_regular(tmp_path / "missing", 5) is None
    with pytest.raises(FileTooLarge):
        read_regular(tmp_path / "answer.json", 4)

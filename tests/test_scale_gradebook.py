"""The SQLite gradebook under concurrent writers, as parallel grading workers use it.

Writers do what nbgrader's autograde does for each student (create the student, the
submission with its grade rows, then save the automatic scores), through nbgrader's own
``Gradebook``. A third party holds SQLite's locks for 7 s — longer than sqlite3's
default 5 s busy timeout — as a slow writer (a roster import) or a long read (an export,
the formgrader) would.
"""
import multiprocessing
import sqlite3
import time

import pytest
from nbgrader.api import Gradebook

from grading.scale import gradebook

A = "hw"
HOLD = 7.0          # s: longer than sqlite3's default busy timeout (5 s)
CONTEXT = multiprocessing.get_context("fork")   # writers inherit the imported nbgrader


def create_gradebook(path):

    url = f"sqlite:///{path}"
    with Gradebook(url) as book:
        book.add_assignment(A)
        book.add_notebook(A, A)
        for index in range(8):
            book.add_grade_cell(f"test_{index}", A, A, max_score=5, cell_type="code")
            book.add_source_cell(f"test_{index}", A, A, cell_type="code", source="pass",
                                 checksum=str(index), locked=True)
    return url


def grade_students(url, students, results, ready, go):
    """One worker's gradebook traffic; puts (student, error or None) per student."""
    ready.release()
    go.wait(60)
    for student in students:
        try:
            with Gradebook(url) as book:
                book.update_or_create_student(student)
            with Gradebook(url) as book:
                book.update_or_create_submission(A, student, timestamp="2026-01-10 10:00:00")
            with Gradebook(url) as book:
                for grade in book.find_submission_notebook(A, A, student).grades:
                    grade.auto_score = 5.0
                    grade.needs_manual_grade = False
                    book.db.commit()
            results.put((student, None))
        except Exception as error:   # noqa: BLE001 - the test counts them
            results.put((student, f"{type(error).__name__}: {error}"))


def hold_lock(path, mode, seconds, held):
    """Hold SQLite's write lock ("write") or an open read transaction ("read")."""
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)
    if mode == "write":
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE assignment SET duedate = NULL")
    else:
        connection.execute("BEGIN")
        connection.execute("SELECT count(*) FROM grade").fetchall()
    held.set()
    time.sleep(seconds)
    connection.execute("COMMIT")
    connection.close()


def run(url, path, workers, students_each, mode):
    """Writers start together while a lock is held; returns ({student: error}, seconds)."""
    results, ready, go, held = (CONTEXT.Queue(), CONTEXT.Semaphore(0), CONTEXT.Event(),
                                CONTEXT.Event())
    writers = [CONTEXT.Process(target=grade_students,
                               args=(url, [f"w{n}s{i}" for i in range(students_each)], results,
                                     ready, go))
               for n in range(workers)]
    for writer in writers:
        writer.start()
    for _ in writers:                    # every writer has imported nbgrader
        assert ready.acquire(timeout=60)
    holder = CONTEXT.Process(target=hold_lock, args=(path, mode, HOLD, held))
    holder.start()
    assert held.wait(30)
    started = time.monotonic()
    go.set()
    outcomes = dict(results.get(timeout=120) for _ in range(workers * students_each))
    seconds = time.monotonic() - started
    for process in writers + [holder]:
        process.join(30)
    return {student: error for student, error in outcomes.items() if error}, seconds


def graded_submissions(url):
    notebooks, graded = gradebook.grading_state(url, "default_course", A)
    return sorted(student for student, done in graded.items() if done)


@pytest.mark.pipeline   # writer processes against a lock held for 7 s
@pytest.mark.parametrize("mode", ["write", "read"], ids=["behind-a-slow-writer",
                                                       "behind-a-long-read"])
def test_nbgrader_default_fails(tmp_path, mode):
    """The problem: nbgrader's plain URL gives up after 5 s ("database is locked"), behind
    a slow writer, and (without WAL) behind a reader's open transaction too."""
    path = tmp_path / "gradebook.db"
    url = create_gradebook(path)
    errors, _ = run(url, path, workers=1, students_each=1, mode=mode)
    assert errors and all("database is locked" in error for error in errors.values())


@pytest.mark.pipeline   # writer processes against a lock held for 7 s
def test_wal_lets_writers_pass_a_long_read(tmp_path):
    """In WAL mode readers never block writers: done long before the reader finishes."""
    path = tmp_path / "gradebook.db"
    url = create_gradebook(path)
    assert gradebook.enable_wal(url) == "wal"
    errors, seconds = run(url, path, workers=2, students_each=5, mode="read")
    assert errors == {}
    assert seconds < HOLD
    assert len(graded_submissions(url)) == 10


@pytest.mark.pipeline   # writer processes against a lock held for 7 s
def test_parallel_workers_never_hit_database_is_locked(tmp_path):
    """Our setting (WAL + busy timeout): four writers and a slow writer, no failure."""
    path = tmp_path / "gradebook.db"
    url = create_gradebook(path)
    assert gradebook.enable_wal(url) == "wal"
    errors, seconds = run(gradebook.worker_url(url), path, workers=4, students_each=4,
                          mode="write")
    assert errors == {}
    assert seconds >= HOLD * 0.8    # they really waited for the lock
    assert len(graded_submissions(url)) == 16


def test_worker_url_adds_a_busy_timeout_to_sqlite_only():
    assert gradebook.worker_url("sqlite:////srv/course/gradebook.db") == \
        f"sqlite:////srv/course/gradebook.db?timeout={gradebook.SQLITE_BUSY_TIMEOUT}"
    assert gradebook.worker_url("sqlite:////g.db?timeout=5") == "sqlite:////g.db?timeout=5"
    assert gradebook.worker_url("postgresql+psycopg2://u:p@db/ddasp") == \
        "postgresql+psycopg2://u:p@db/ddasp"


def test_bare_postgresql_url_gets_the_installed_driver():
    url = gradebook.with_driver("postgresql://grader:secret@db.example:5432/ddasp")
    assert url.endswith("://grader:secret@db.example:5432/ddasp")
    assert url.startswith(("postgresql+psycopg2://", "postgresql://"))


def test_display_url_hides_password_and_our_timeout():
    assert gradebook.display_url("postgresql+psycopg2://u:secret@db/ddasp") == \
        "postgresql+psycopg2://u:***@db/ddasp"
    assert gradebook.display_url("sqlite:////g.db?timeout=120") == "sqlite:////g.db"

"""The gradebook under parallel writers.

nbgrader opens the gradebook with ``create_engine(db_url)`` and nothing else, so all we
can tune travels in the URL or in the database file itself:

- SQLite (the default, one machine): the file is switched to write-ahead logging once
  (``PRAGMA journal_mode=WAL`` is stored in the file, so every later connection —
  ``nbgrader export``, the formgrader — uses it too). Readers then never block the
  writer and the writer never blocks readers; writers still take turns. Each worker's
  URL gets a busy timeout (``?timeout=``, read by SQLAlchemy's pysqlite dialect), so a
  writer that finds the lock taken waits instead of failing with "database is locked"
  after sqlite3's default 5 s.
- PostgreSQL (several machines): ``postgresql://user:password@host/db``. Row-level
  locking; workers write disjoint students, so they never wait on each other.
"""
import sqlite3

from sqlalchemy.engine import make_url

# How long (s) a worker waits for SQLite's write lock before giving up. An autograde
# transaction holds it for milliseconds (measured: 8 concurrent writers doing nothing but
# gradebook writes finish 240 submissions in 6 s); the margin covers a slow writer that
# is not ours, e.g. an instructor importing a roster or the formgrader saving.
SQLITE_BUSY_TIMEOUT = 120


def is_sqlite(db_url):
    return make_url(db_url).get_backend_name() == "sqlite"


def sqlite_path(db_url):
    """The file of a SQLite URL, or None (in-memory database, other backend)."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return url.database


def with_driver(db_url):
    """``postgresql://`` spelled with the driver that is installed.

    SQLAlchemy 2 reads a bare ``postgresql://`` as psycopg 3; the pinned driver is
    psycopg2 (``psycopg2-binary``), so the URL gets ``+psycopg2`` unless psycopg 3 is
    importable. Other URLs are returned unchanged.
    """
    url = make_url(db_url)
    if url.drivername != "postgresql":
        return db_url
    try:
        import psycopg  # noqa: F401
        return db_url
    except ImportError:
        return url.set(drivername="postgresql+psycopg2").render_as_string(hide_password=False)


def with_busy_timeout(db_url, seconds=SQLITE_BUSY_TIMEOUT):
    """``db_url`` with a SQLite busy timeout added (other URLs and explicit ones unchanged)."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or "timeout" in url.query:
        return db_url
    return url.update_query_dict({"timeout": str(seconds)}).render_as_string(hide_password=False)


def enable_wal(db_url):
    """Switch an existing SQLite gradebook file to WAL; returns the journal mode now in use.

    Returns None for other backends and for a file that does not exist yet.
    """
    path = sqlite_path(db_url)
    if path is None:
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=rw", uri=True,
                                     timeout=SQLITE_BUSY_TIMEOUT)
    except sqlite3.OperationalError:
        return None
    try:
        return connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    finally:
        connection.close()


def checkpoint(db_url):
    """Fold SQLite's write-ahead log back into the gradebook file (no-op otherwise)."""
    path = sqlite_path(db_url)
    if path is None:
        return
    try:
        connection = sqlite3.connect(f"file:{path}?mode=rw", uri=True,
                                     timeout=SQLITE_BUSY_TIMEOUT)
    except sqlite3.OperationalError:
        return
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def worker_url(db_url):
    """The URL a grading worker uses: installed driver, SQLite busy timeout."""
    return with_busy_timeout(with_driver(db_url))


def display_url(db_url):
    """The URL for messages: password hidden, our SQLite timeout left out."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        url = url.difference_update_query(["timeout"])
    return url.render_as_string(hide_password=True)


def _autograded_test_grades(submitted_notebook):
    """Grades of the notebook's autograder test cells (graded code cells, not answers)."""
    answers = {cell.name for cell in submitted_notebook.notebook.solution_cells}
    return [grade for grade in submitted_notebook.grades
            if grade.cell.cell_type == "code" and grade.name not in answers]


def grading_state(db_url, course_id, assignment):
    """What the gradebook knows about ``assignment``.

    Returns ``(notebooks, graded)``: the assignment's notebook names, and for each student
    with a submission whether every autograder test cell of every submitted notebook has
    an automatic score (``{student: bool}``). Raises ``LookupError`` if the assignment is
    not in the gradebook.
    """
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url, course_id) as gradebook:
        try:
            record = gradebook.find_assignment(assignment)
        except MissingEntry:
            raise LookupError(assignment) from None
        notebooks = [notebook.name for notebook in record.notebooks]
        graded = {}
        for submission in record.submissions:
            grades = [grade for notebook in submission.notebooks
                      for grade in _autograded_test_grades(notebook)]
            graded[submission.student.id] = bool(submission.notebooks) and all(
                grade.auto_score is not None for grade in grades)
    return notebooks, graded


def submission_score(db_url, course_id, assignment, student):
    """``(score, max_score)`` of a student's submission, or ``(None, None)``."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url, course_id) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return None, None
        return submission.score, submission.max_score

"""What every ``ddasp`` command shares: the course option, the gradebook option, the checks
that an assignment exists, and the one-line error.

- ``--course PATH`` (`add_course`, read back with `course_root`): the course folder, i.e.
  the folder holding ``nbgrader_config.py`` and ``source/``. Default: the current folder
  when it holds ``nbgrader_config.py``, else this repository (`grading.paths.COURSE_ROOT`).
  ``--root`` is accepted as an old, hidden spelling.
- ``--db-url URL`` (`add_gradebook`, read back with `gradebook_url`): the gradebook.
- `CommandError`: raised with a one-line reason; ``ddasp`` prints
  ``ddasp COMMAND: <reason>`` on stderr and exits with status `ERROR_STATUS`, no traceback.
- `skipped`: the line a command prints for something it left out, with the reason.
"""
import argparse
import os
from pathlib import Path

from ..paths import COURSE_ROOT

ERROR_STATUS = 2


class CommandError(Exception):
    """The command cannot run; the message is one line saying what is wrong and what to do."""


def default_course():
    """The current folder when it holds ``nbgrader_config.py``, else this repository."""
    here = Path.cwd()
    return here if (here / "nbgrader_config.py").exists() else COURSE_ROOT


def add_course(parser):
    """Add ``--course PATH`` (and its hidden old spelling ``--root``) to ``parser``."""
    parser.add_argument("--course", default=None, metavar="PATH",
                        help="course folder, the one holding nbgrader_config.py and source/ "
                             "(default: the current folder if it holds nbgrader_config.py, "
                             "else this repository)")
    parser.add_argument("--root", dest="course", default=None, help=argparse.SUPPRESS)


def course_root(args):
    """The course folder of ``args.course`` (resolved `Path`); `CommandError` when there is
    no such folder or it is not a course (neither ``nbgrader_config.py`` nor ``source/``)."""
    root = Path(args.course).expanduser().resolve() if args.course else default_course()
    if not root.is_dir():
        raise CommandError(f"no course folder {root}: pass --course PATH, the folder that "
                           "holds nbgrader_config.py and source/")
    if not (root / "nbgrader_config.py").is_file() and not (root / "source").is_dir():
        raise CommandError(f"{root} is not a course folder (no nbgrader_config.py, no "
                           "source/): pass --course PATH")
    return root


def add_gradebook(parser):
    """Add ``--db-url URL`` to ``parser``."""
    parser.add_argument("--db-url", default=None, metavar="URL",
                        help="gradebook URL, e.g. postgresql+psycopg2://user:pw@host/db "
                             "(default: as nbgrader_config.py: $DDASP_DB_URL, else the "
                             "course's gradebook.db)")


def gradebook_url(args, course):
    """``args.db_url``, else what the course's ``nbgrader_config.py`` sets for
    ``CourseDirectory.db_url`` (``$DDASP_DB_URL``, else ``sqlite:///<course>/gradebook.db``),
    spelled with the installed PostgreSQL driver (`grading.scale.gradebook.with_driver`)."""
    from ..scale.gradebook import with_driver
    url = args.db_url or os.environ.get("DDASP_DB_URL") or \
        f"sqlite:///{Path(course) / 'gradebook.db'}"
    return with_driver(url)


def require_source(course, assignment):
    """`CommandError` unless ``source/<assignment>/`` exists in ``course``."""
    if not (Path(course) / "source" / assignment).is_dir():
        known = ", ".join(source_assignments(course)) or "none"
        raise CommandError(f"unknown assignment {assignment!r}: {course} has no "
                           f"source/{assignment}/ (assignments there: {known})")


def source_assignments(course):
    """Names of the folders in ``<course>/source/``, sorted."""
    folder = Path(course) / "source"
    return sorted(path.name for path in folder.iterdir() if path.is_dir()) \
        if folder.is_dir() else []


def gradebook_assignments(db_url, course):
    """``{assignment: number of submissions}`` in the gradebook at ``db_url``.

    `CommandError` when a SQLite gradebook file does not exist (opening it would create an
    empty one) or the gradebook cannot be read.
    """
    from nbgrader.api import Gradebook

    from ..paths import COURSE_ID
    from ..scale.gradebook import display_url, sqlite_path

    path = sqlite_path(db_url)
    if path is not None and not Path(path).is_file():
        raise CommandError(f"no gradebook {path}: run `nbgrader generate_assignment "
                           f"ASSIGNMENT` in {course} first (or pass --db-url)")
    try:
        with Gradebook(db_url, course_id=COURSE_ID) as gradebook:
            return {assignment.name: assignment.num_submissions
                    for assignment in gradebook.assignments}
    except Exception as error:   # noqa: BLE001 - unreachable server, bad URL, not a gradebook
        raise CommandError(f"cannot read the gradebook {display_url(db_url)}: "
                           f"{type(error).__name__}: {error}".splitlines()[0]) from None


def require_in_gradebook(known, assignment, db_url):
    """`CommandError` unless ``assignment`` is one of ``known`` (`gradebook_assignments`)."""
    if assignment not in known:
        from ..scale.gradebook import display_url
        raise CommandError(f"assignment {assignment!r} is not in the gradebook "
                           f"{display_url(db_url)} (it has: {', '.join(known) or 'none'}): "
                           f"run `nbgrader generate_assignment {assignment}` first")


def skipped(what, reason):
    """The line a command prints for ``what`` it left out: ``skipped <what>: <reason>``."""
    return f"skipped {what}: {reason}"

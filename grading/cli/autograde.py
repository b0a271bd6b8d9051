"""``ddasp autograde ASSIGNMENT``: grade the whole class in parallel, resumably.

Every collected submission (``submitted/<student>/<assignment>/``) is taken in (bad
files repaired or set aside, see grading/intake.py) and autograded by a pool of worker
processes, each running nbgrader's Autograde in-process with the course's
``nbgrader_config.py``. A re-run skips students already graded (``--force`` grades them
again); one failing student never stops the others. Exit status is non-zero only when
the run itself cannot happen (configuration, gradebook, unknown assignment).
"""
import argparse
import json
import os
import sys
from pathlib import Path

from ..paths import COURSE_ROOT
from ..time_limits import STUDENT_SECONDS


def _default_root():
    here = Path.cwd()
    return here if (here / "nbgrader_config.py").exists() else COURSE_ROOT


def run(args):
    from ..scale import RunFailed, autograde_class

    # nbgrader shells out to `alembic` when it creates a gradebook: find it beside python
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    try:
        result = autograde_class(
            args.root or _default_root(), args.assignment, progress=not args.quiet,
            workers=args.workers, force=args.force, students=args.student,
            db_url=args.db_url, timeout=args.timeout or STUDENT_SECONDS,
            log_dir=args.log_dir, intake=not args.no_intake)
    except RunFailed as error:
        print(f"ddasp autograde: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ddasp autograde: interrupted; workers stopped. Run again to resume.",
              file=sys.stderr)
        return 130
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"assignment": result.assignment, "workers": result.workers,
             "seconds": result.seconds, "unknown": result.unknown,
             "outcomes": [outcome.to_dict() for outcome in result.outcomes]}, indent=1))
    return 0


def _positive(text):
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def register(subparsers):
    parser = subparsers.add_parser(
        "autograde", help="autograde all submissions of an assignment in parallel",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignment", metavar="ASSIGNMENT")
    parser.add_argument("--workers", "-j", type=_positive, default=None, metavar="N",
                        help="parallel worker processes (default: number of cores)")
    parser.add_argument("--force", action="store_true",
                        help="grade again students who are already graded")
    parser.add_argument("--student", nargs="+", action="extend", metavar="ID",
                        help="grade only these students (e.g. this machine's shard)")
    parser.add_argument("--db-url", metavar="URL",
                        help="gradebook URL, e.g. postgresql+psycopg2://user:pw@host/db "
                             "(default: CourseDirectory.db_url of nbgrader_config.py)")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="per-student limit; the worker is killed and replaced "
                             f"(default: {STUDENT_SECONDS})")
    parser.add_argument("--root", default=None, metavar="DIR",
                        help="course directory (default: the current directory if it "
                             "holds nbgrader_config.py, else this repository)")
    parser.add_argument("--log-dir", metavar="DIR",
                        help="where logs of failed students go (default: "
                             "<root>/logs/autograde/<assignment>)")
    parser.add_argument("--no-intake", action="store_true",
                        help="do not check and repair submissions before grading")
    parser.add_argument("--json", metavar="PATH", help="also write the outcomes as JSON")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)

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
import sys
from pathlib import Path

from ..time_limits import STUDENT_SECONDS
from .options import CommandError, add_course, add_gradebook, course_root


def run(args):
    from ..scale import RunFailed, autograde_class

    course = course_root(args)
    try:
        result = autograde_class(
            course, args.assignment, progress=not args.quiet,
            workers=args.workers, force=args.force, students=args.student,
            db_url=args.db_url, timeout=args.timeout or STUDENT_SECONDS,
            log_dir=args.log_dir, intake=not args.no_intake)
    except RunFailed as error:
        raise CommandError(str(error)) from None
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
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="per-student limit; the worker is killed and replaced "
                             f"(default: {STUDENT_SECONDS:g})")
    add_course(parser)
    add_gradebook(parser)
    parser.add_argument("--log-dir", metavar="DIR",
                        help="where logs of failed students go (default: "
                             "<course>/logs/autograde/<assignment>)")
    parser.add_argument("--no-intake", action="store_true",
                        help="do not check and repair submissions before grading")
    parser.add_argument("--json", metavar="PATH", help="also write the outcomes as JSON")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)

"""``ddasp summary``: per-part table, per-student flags and a score histogram."""
from pathlib import Path

from ..paths import COURSE_ROOT
from ..registry import ASSIGNMENTS


def _run(args):
    from ..report import write_report
    root = Path(args.course).resolve()
    db_url = args.db_url or f"sqlite:///{root / 'gradebook.db'}"
    report = write_report(root, db_url, args.assignments, Path(args.out))
    print(report.read_text())
    return 0


def register(subparsers):
    parser = subparsers.add_parser("summary", help="summarize grades of the gradebook",
                                   description=__doc__)
    parser.add_argument("assignments", nargs="*", default=list(ASSIGNMENTS), metavar="ASSIGNMENT")
    parser.add_argument("--course", default=str(COURSE_ROOT), help="course root")
    parser.add_argument("--db-url", default=None, help="gradebook URL (default: the course's SQLite)")
    parser.add_argument("--out", default="report", help="folder for report.md and the PNGs")
    parser.set_defaults(handler=_run)

"""``ddasp export-lms ASSIGNMENT``: feedback zip and grade file for the learning platform.

Reads nbgrader's gradebook and ``feedback/`` (run ``nbgrader generate_feedback`` first)
and writes into ``lms/ASSIGNMENT/export/``: for ``--platform moodle`` the bulk feedback
zip and the grading worksheet CSV, for ``--platform studip`` a CSV of student_id,
points, max_points and a zip of the feedback files.
"""
import sys
from pathlib import Path

from .autograde import _default_root


def _run(args):
    from ..lms import export_lms
    root = Path(args.root) if args.root else _default_root()
    try:
        result = export_lms(root, args.assignment, args.platform, out=args.out,
                            db_url=args.db_url)
    except (ValueError, OSError) as error:
        print(f"ddasp export-lms: {error}", file=sys.stderr)
        return 2
    print(result.summary(), end="")
    return 0


def register(subparsers):
    parser = subparsers.add_parser("export-lms", help="feedback and grades in the learning "
                                   "platform's upload formats", description=__doc__)
    parser.add_argument("assignment")
    parser.add_argument("--platform", choices=["moodle", "studip"], default=None,
                        help="default: moodle when the collected download was Moodle's "
                             "(participant numbers), else studip")
    parser.add_argument("--out", default=None, help="folder (default: lms/ASSIGNMENT/export)")
    parser.add_argument("--db-url", default=None, help="gradebook URL (default: the course's SQLite)")
    parser.add_argument("--root", default=None, help="course root")
    parser.set_defaults(handler=_run)

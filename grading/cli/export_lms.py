"""``ddasp export-lms ASSIGNMENT``: feedback zip and grade file for the learning platform.

Reads nbgrader's gradebook and ``feedback/`` (run ``nbgrader generate_feedback`` first)
and writes into ``lms/ASSIGNMENT/export/``: for ``--platform moodle`` the bulk feedback
zip and the grading worksheet CSV, for ``--platform studip`` a CSV of student_id,
points, max_points and a zip of the feedback files.
"""
from . import lms_command
from .options import add_gradebook, gradebook_assignments, gradebook_url, require_in_gradebook


def _export(course, args):
    from ..lms import export_lms
    url = gradebook_url(args, course)
    require_in_gradebook(gradebook_assignments(url, course), args.assignment, url)
    return export_lms(course, args.assignment, args.platform, out=args.out, db_url=url)


def register(subparsers):
    parser = lms_command.register(
        subparsers, "export-lms", _export, description=__doc__,
        help="feedback and grades in the learning platform's upload formats")
    parser.add_argument("--platform", choices=["moodle", "studip"], default=None,
                        help="default: moodle when the collected download was Moodle's "
                             "(participant numbers), else studip")
    parser.add_argument("--out", default=None, help="folder (default: lms/ASSIGNMENT/export)")
    add_gradebook(parser)

"""``ddasp collect-zip ASSIGNMENT ARCHIVE.zip``: a platform's submissions zip -> submitted/.

The uploader of each file is read from its name in the archive by a named regular
expression (``--preset moodle|studip|id-folders`` or ``--pattern``), mapped to a student
id by ``--roster`` (CSV: student_id and name and/or email). Every file is either placed
for grading or kept in quarantine/ with the reason; the summary has one line per file.
Nothing from the archive is executed, imported or followed, and nothing is written
outside the course folder. Then: ``ddasp autograde ASSIGNMENT``.
"""
from . import lms_command
from .options import require_source


def _collect(course, args):
    from ..lms import collect_zip
    require_source(course, args.assignment)
    preset = args.preset or (None if args.pattern else "moodle")
    return collect_zip(course, args.assignment, args.archive, preset=preset,
                       pattern=args.pattern, roster=args.roster)


def register(subparsers):
    from ..lms.layouts import PRESETS
    parser = lms_command.register(
        subparsers, "collect-zip", _collect, description=__doc__,
        help="collect submissions from a learning platform's zip")
    parser.add_argument("archive", help="the platform's download (zip)")
    layout = parser.add_mutually_exclusive_group()
    layout.add_argument("--preset", choices=sorted(PRESETS), default=None,
                        help="archive layout (default: moodle)")
    layout.add_argument("--pattern", help="named regular expression over entry paths: "
                        "(?P<student_id>) or (?P<name>)/(?P<email>); optional "
                        "(?P<timestamp>), (?P<participant>), (?P<file>)")
    parser.add_argument("--roster", help="CSV: student_id and name and/or email")

"""``ddasp collect-zip ASSIGNMENT ARCHIVE.zip``: a platform's submissions zip -> submitted/.

The uploader of each file is read from its name in the archive by a named regular
expression (``--preset moodle|studip|id-folders`` or ``--pattern``), mapped to a student
id by ``--roster`` (CSV: student_id and name and/or email). Every file is either placed
for grading or kept in quarantine/ with the reason; the summary has one line per file.
Nothing from the archive is executed, imported or followed, and nothing is written
outside the course folder. Then: ``ddasp autograde ASSIGNMENT``.
"""
import sys
from pathlib import Path

from .autograde import _default_root


def _run(args):
    from ..lms import ArchiveRefused, RosterError, collect_zip
    root = Path(args.root) if args.root else _default_root()
    try:
        result = collect_zip(root, args.assignment, args.archive, preset=args.preset,
                             pattern=args.pattern, roster=args.roster)
    except (ArchiveRefused, RosterError, ValueError, OSError) as error:
        print(f"ddasp collect-zip: {error}", file=sys.stderr)
        return 2
    print(result.summary(), end="")
    return 0


def register(subparsers):
    from ..lms.layouts import PRESETS
    parser = subparsers.add_parser("collect-zip", help="collect submissions from a "
                                   "learning platform's zip", description=__doc__)
    parser.add_argument("assignment")
    parser.add_argument("archive", help="the platform's download (zip)")
    layout = parser.add_mutually_exclusive_group()
    layout.add_argument("--preset", choices=sorted(PRESETS), default=None,
                        help="archive layout (default: moodle)")
    layout.add_argument("--pattern", help="named regular expression over entry paths: "
                        "(?P<student_id>) or (?P<name>)/(?P<email>); optional "
                        "(?P<timestamp>), (?P<participant>), (?P<file>)")
    parser.add_argument("--roster", help="CSV: student_id and name and/or email")
    parser.add_argument("--root", default=None, help="course root (default: the current "
                        "folder if it has nbgrader_config.py, else this repository)")
    parser.set_defaults(handler=lambda args: _run(_with_default_preset(args)))


def _with_default_preset(args):
    if not args.preset and not args.pattern:
        args.preset = "moodle"
    return args

"""``ddasp summary [ASSIGNMENT ...]``: per-part table, per-student flags and a score histogram.

Without ASSIGNMENT: every assignment of the course that the gradebook has submissions
for; the others (not generated yet, nothing autograded yet — the usual case in the
middle of a semester) are skipped with a line saying why. A named assignment that is not
in the gradebook is an error.
"""
from pathlib import Path

from ..registry import ASSIGNMENTS
from .options import (CommandError, add_course, add_gradebook, course_root,
                      gradebook_assignments, gradebook_url, require_in_gradebook, skipped)


def _run(args):
    from ..report import write_report
    course = course_root(args)
    url = gradebook_url(args, course)
    known = gradebook_assignments(url, course)
    for assignment in args.assignments:
        require_in_gradebook(known, assignment, url)
    wanted, notes = [], []
    for assignment in args.assignments or ASSIGNMENTS:
        if assignment not in known:
            notes.append(skipped(assignment, "not in the gradebook (run `nbgrader "
                                             f"generate_assignment {assignment}` first)"))
        elif not known[assignment]:
            notes.append(skipped(assignment, "no submission autograded yet (run `ddasp "
                                             f"autograde {assignment}` first)"))
        else:
            wanted.append(assignment)
    if not wanted:
        raise CommandError("nothing to summarize: " + "; ".join(notes))
    report = write_report(course, url, wanted, Path(args.out))
    print(report.read_text())
    for note in notes:
        print(note)
    return 0


def register(subparsers):
    parser = subparsers.add_parser("summary", help="summarize grades of the gradebook",
                                   description=__doc__)
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                        help=f"default: those of {', '.join(ASSIGNMENTS)} that have "
                             "autograded submissions")
    add_course(parser)
    add_gradebook(parser)
    parser.add_argument("--out", default="report", help="folder for report.md and the PNGs")
    parser.set_defaults(handler=_run)

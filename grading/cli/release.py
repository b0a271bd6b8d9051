"""``ddasp release [ASSIGNMENT ...]``: regenerate ``release/`` from ``source/`` with nbgrader.

Runs ``nbgrader generate_assignment --force`` in the course folder. Without ASSIGNMENT:
each course assignment that has a ``source/`` folder; the others are skipped with a line
saying why. A named assignment without ``source/ASSIGNMENT/`` is an error.
"""
from ..registry import ASSIGNMENTS
from .options import CommandError, add_course, course_root, require_source, skipped


def regenerate(course, assignments):
    """Run ``nbgrader generate_assignment --force`` for each assignment in ``course``."""
    from ..course import Course, NbgraderFailed  # nbgrader loads slowly; only this command needs it
    nbgrader = Course(course)
    for assignment in assignments:
        try:
            nbgrader.generate(assignment)
        except NbgraderFailed as error:
            raise CommandError(str(error)) from None
        print(f"release/{assignment} regenerated")


def _run(args):
    course = course_root(args)
    for assignment in args.assignments:
        require_source(course, assignment)
    wanted = args.assignments or [assignment for assignment in ASSIGNMENTS
                                  if (course / "source" / assignment).is_dir()]
    for assignment in ASSIGNMENTS:
        if not args.assignments and assignment not in wanted:
            print(skipped(assignment, f"no source/{assignment}/ in {course}"))
    if not wanted:
        raise CommandError(f"nothing to release: {course} has no source/ folder of "
                           f"{', '.join(ASSIGNMENTS)}")
    regenerate(course, wanted)
    return 0


def register(subparsers):
    parser = subparsers.add_parser("release", help="regenerate release/ from source/",
                                   description=__doc__)
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                        help=f"default: those of {', '.join(ASSIGNMENTS)} with a source/ folder")
    add_course(parser)
    parser.set_defaults(handler=_run)

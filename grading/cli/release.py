"""``ddasp release``: regenerate ``release/`` from ``source/`` with nbgrader."""
from ..paths import COURSE_ROOT
from ..registry import ASSIGNMENTS


def regenerate(assignments=ASSIGNMENTS, root=COURSE_ROOT):
    """Run ``nbgrader generate_assignment --force`` for each assignment in ``root``."""
    from ..course import Course  # nbgrader loads slowly; only this command needs it
    course = Course(root)
    for assignment in assignments:
        course.generate(assignment)
        print(f"release/{assignment} regenerated")


def register(subparsers):
    parser = subparsers.add_parser("release", help="regenerate release/ from source/",
                                   description=__doc__)
    parser.add_argument("assignments", nargs="*", default=list(ASSIGNMENTS),
                        metavar="ASSIGNMENT", help="default: all assignments")
    parser.set_defaults(handler=lambda args: regenerate(args.assignments))

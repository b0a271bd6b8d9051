"""The shape shared by ``ddasp collect-zip`` and ``ddasp export-lms``.

Both take ``ASSIGNMENT`` and ``--course``, check that the course and the assignment exist,
call one function of `grading.lms` with the course folder, print the summary of the
result it returns (``result.summary()``, one line per file or student), and turn the
function's refusals (``ValueError`` and its subclasses ``ArchiveRefused``,
``RosterError``; ``OSError``) into the one-line error of `.options`.
"""
from .options import CommandError, add_course, course_root


def register(subparsers, name, work, help, description):
    """Add command ``name`` whose handler calls ``work(course, args)`` and prints the summary
    of what it returns; ``work`` checks the assignment with `.options` first. Returns the
    parser, for the command's own options."""
    parser = subparsers.add_parser(name, help=help, description=description)
    parser.add_argument("assignment", metavar="ASSIGNMENT")
    add_course(parser)
    parser.set_defaults(handler=lambda args: _run(work, args))
    return parser


def _run(work, args):
    course = course_root(args)
    try:
        result = work(course, args)
    except (ValueError, OSError) as error:
        raise CommandError(str(error)) from None
    print(result.summary(), end="")
    return 0

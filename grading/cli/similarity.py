"""``ddasp similarity ASSIGNMENT``: who copied from whom, across a class's submissions.

Compares the code of every student's solution cells and submitted ``.py`` files (the
release's code excluded as boilerplate) pairwise, after a normalisation that comments,
formatting, names and reordered independent lines cannot get past. Writes a ranked pair
table, per-student maxima, a side-by-side HTML report and a histogram to
``<course>/similarity/<assignment>/`` (or --out), and the flags ``similar-to:<other>``
that the grade report (``ddasp summary``) shows. Student code is read as text only.
"""
from pathlib import Path

from .options import CommandError, add_course, course_root, require_source


def run(args):
    from ..similarity.report import write as write_report
    from ..similarity.run import analyse
    from ..findings import record_similarity_flags

    root = course_root(args)
    require_source(root, args.assignment)
    if not (root / args.source).is_dir():
        raise CommandError(f"no {args.source}/ folder in {root}: run `nbgrader collect "
                           f"{args.assignment}` first (or pass --course)")
    result = analyse(root, args.assignment, source=args.source,
                     boilerplate_files=args.boilerplate, threshold=args.threshold)
    out = Path(args.out) if args.out else root / "similarity" / args.assignment
    table = write_report(result, out, top=args.top)
    record_similarity_flags(root, args.assignment, result.flags())
    print(table)
    for student, reasons in sorted(result.skipped.items()):
        print(f"not read for {student}: " + "; ".join(reasons))
    print(f"report: {out / 'report.html'}  histogram: {out / 'histogram.png'}")
    return 0


def register(subparsers):
    from ..similarity.threshold import THRESHOLD
    parser = subparsers.add_parser(
        "similarity", help="pairwise code similarity of a class's submissions",
        description=__doc__)
    parser.add_argument("assignment", metavar="ASSIGNMENT")
    add_course(parser)
    parser.add_argument("--source", default="submitted", choices=("submitted", "autograded"),
                        help="which copy of the submissions to read (default: submitted)")
    parser.add_argument("--boilerplate", action="append", default=[], metavar="FILE",
                        help="more code whose matches never count (a notebook or .py file, "
                             "e.g. code shown in the lecture); repeatable")
    parser.add_argument("--threshold", type=float, default=THRESHOLD,
                        help=f"flag pairs with a score at or above this (default "
                             f"{THRESHOLD}, calibrated: grading/similarity/threshold.py)")
    parser.add_argument("--top", type=int, default=20,
                        help="pairs in the tables and side by side (default 20; flagged "
                             "pairs are always shown side by side)")
    parser.add_argument("--out", default=None, help="folder for the report files")
    parser.set_defaults(handler=run)

"""``ddasp intake ASSIGNMENT``: take in the collected submissions before autograde.

Run it after ``nbgrader collect`` and before a plain ``nbgrader autograde`` (``ddasp
autograde`` runs it itself). Each submission in ``submitted/<student>/<ASSIGNMENT>/`` is
checked and repaired (see grading/intake.py): unreadable file names renamed, huge files and
notebooks that are not JSON moved to ``quarantine/``, a renamed notebook graded under its
expected name, old notebook formats converted. A submission left with nothing gradable is
scored 0 in the gradebook. Every finding is printed and kept for ``ddasp summary``; a
student whose intake fails is named on stderr and graded as submitted.
"""
import argparse
import dataclasses
import json
import sys
from pathlib import Path

from .options import CommandError, add_course, add_gradebook, course_root


def _print_report(assignment, reports):
    ungradable = [report for report in reports if report.ungradable]
    found = [report for report in reports if report.flags]
    print(f"intake {assignment}: {len(reports)} submissions, {len(found)} with findings, "
          f"{len(ungradable)} with nothing gradable (scored 0)")
    width = max([len(report.student) for report in found] + [8])
    for report in found:
        print(f"  {report.student:<{width}}  {', '.join(report.flags)}")
        for problem in report.problems:
            print(f"  {'':<{width}}  - {problem}")


def run(args):
    from ..intake import intake_class
    from ..scale import RunFailed
    from ..scale.run import load_coursedir, open_assignment

    root = course_root(args)
    if not (root / "nbgrader_config.py").is_file():
        raise CommandError(f"no course in {root} (it has no nbgrader_config.py)")
    try:
        coursedir = load_coursedir(root, args.db_url)
        _, notebooks, _ = open_assignment(coursedir, args.assignment)
    except RunFailed as error:
        raise CommandError(str(error)) from None

    def report_error(report):
        print(f"ddasp intake: {report.student}: {'; '.join(report.problems)}", file=sys.stderr)

    reports = intake_class(coursedir, args.assignment, notebooks, args.student,
                           on_error=report_error)
    _print_report(args.assignment, reports)
    if args.json:
        Path(args.json).write_text(json.dumps([dataclasses.asdict(report) for report in reports],
                                              indent=1))
    return 0


def register(subparsers):
    parser = subparsers.add_parser(
        "intake", help="check and repair collected submissions before autograde",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignment", metavar="ASSIGNMENT")
    parser.add_argument("--student", nargs="+", action="extend", metavar="ID",
                        help="take in only these students")
    add_course(parser)
    add_gradebook(parser)
    parser.add_argument("--json", metavar="PATH", help="also write the findings as JSON")
    parser.set_defaults(handler=run)

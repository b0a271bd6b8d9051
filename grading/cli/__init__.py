"""The instructor's command line: ``ddasp <command>`` or ``python -m grading <command>``.

Each command lives in its own module exposing ``register(subparsers)``; ``--help`` works
on every command. The options and the error handling they share are in `.options`: every
command that works on a course takes ``--course PATH``, says what it skipped and why, and
a command that cannot run raises `options.CommandError`, which ends here as one line
``ddasp COMMAND: <reason>`` on stderr with exit status 2.
"""
import argparse
import importlib
import sys

from ..toolpath import put_bin_first
from .options import ERROR_STATUS, CommandError

COMMANDS = ("release", "demo", "intake", "autograde", "summary", "sandbox", "collect-zip",
            "export-lms", "similarity")


def build_parser():
    parser = argparse.ArgumentParser(
        prog="ddasp", description="Course tools for Data Driven Audio Signal Processing.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"grading.cli.{name.replace('-', '_')}")
        except ModuleNotFoundError as error:
            if error.name != f"grading.cli.{name.replace('-', '_')}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv=None):
    put_bin_first()   # nbgrader runs `alembic` from PATH whenever it opens a gradebook
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args) or 0
    except CommandError as error:
        print(f"ddasp {args.command}: {error}", file=sys.stderr)
        return ERROR_STATUS


if __name__ == "__main__":
    sys.exit(main())

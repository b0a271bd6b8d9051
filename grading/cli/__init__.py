"""The instructor's command line: ``ddasp <command>`` or ``python -m grading <command>``.

Each command lives in its own module exposing ``register(subparsers)``; ``--help`` works
on every command.
"""
import argparse
import importlib
import os
import sys

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
    # nbgrader runs `alembic` from PATH whenever it opens a gradebook
    os.environ["PATH"] = os.pathsep.join([os.path.dirname(sys.executable),
                                          os.environ.get("PATH", "")])
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.handler(args) or 0


if __name__ == "__main__":
    sys.exit(main())

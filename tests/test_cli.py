"""Every command of the course CLI answers --help; those working on a course take --course."""
import argparse

import pytest

from grading.cli import build_parser

COMMANDS = [name for name in build_parser()._subparsers._group_actions[0].choices]


def test_the_cli_offers_the_instructor_commands():
    assert {"release", "demo", "intake", "autograde", "summary", "sandbox", "collect-zip",
            "export-lms", "similarity"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [[]] + [[name] for name in COMMANDS])
def test_help(command, ddasp):
    done = ddasp(*command, "--help")
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout


COURSE_FREE = {"demo": "builds its own course in --dir", "sandbox": "concerns the machine"}


@pytest.mark.parametrize("command", [name for name in COMMANDS if name not in COURSE_FREE])
def test_every_course_command_takes_the_same_course_option(command):
    parser = build_parser()._subparsers._group_actions[0].choices[command]
    options = {option: action for action in parser._actions for option in action.option_strings}
    assert options["--course"].dest == "course" and options["--course"].default is None
    assert options["--root"].dest == "course"   # the old spelling, hidden
    assert options["--root"].help == argparse.SUPPRESS

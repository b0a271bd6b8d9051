"""Every command of the course CLI answers --help."""
import pytest

from grading.cli import build_parser

COMMANDS = [name for name in build_parser()._subparsers._group_actions[0].choices]


def test_the_cli_offers_the_instructor_commands():
    assert {"release", "demo", "autograde", "summary", "sandbox", "collect-zip",
            "export-lms"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [[]] + [[name] for name in COMMANDS])
def test_help(command, ddasp):
    done = ddasp(*command, "--help")
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout

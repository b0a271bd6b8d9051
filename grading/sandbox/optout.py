"""Autograding without the sandbox: only with ``DDASP_UNSANDBOXED=1``, and loudly."""
import os
import sys

WARNING = """\
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!! DDASP_UNSANDBOXED=1: students' notebooks run WITHOUT the grading sandbox.
!! Their code runs as this user, with network access, and can read the solutions and
!! the gradebook, change other submissions and fake its own test results.
!! Use this only for notebooks you trust (your own solution, a demo class), never for
!! real submissions. Unset DDASP_UNSANDBOXED to grade in the sandbox.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"""


def sandbox_disabled(environ=None):
    """True when the instructor opted out of the sandbox with ``DDASP_UNSANDBOXED=1``."""
    return (os.environ if environ is None else environ).get("DDASP_UNSANDBOXED") == "1"


def warn_unsandboxed(log=None):
    """Print the warning above (to ``log.warning`` line by line, or to stderr)."""
    if log is None:
        print(WARNING, file=sys.stderr, flush=True)
        return
    for line in WARNING.splitlines():
        log.warning(line)

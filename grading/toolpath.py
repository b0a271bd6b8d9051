"""This environment's ``bin`` folder first on PATH: the one home of that fix.

nbgrader runs ``alembic`` from PATH whenever it opens or creates a gradebook, and the
course's tools start ``nbgrader`` and ``jupyter``; all of them must be the ones installed
beside this Python, also when the environment was never activated (``.venv/bin/ddasp``,
``.venv/bin/python -m grading``, cron jobs, the tests).
"""
import os
import sys
from pathlib import Path

BIN = str(Path(sys.executable).parent)   # not resolved: a venv's python is a symlink


def bin_first(path):
    """The PATH string ``path`` (may be None or empty) with `BIN` in front, unless it is
    there already."""
    parts = [part for part in (path or "").split(os.pathsep) if part]
    if parts[:1] == [BIN]:
        return os.pathsep.join(parts)
    return os.pathsep.join([BIN, *parts])


def put_bin_first(env=None):
    """Set ``env["PATH"]`` (default: ``os.environ``, the current process and its children)
    to start with `BIN`; returns ``env``."""
    env = os.environ if env is None else env
    env["PATH"] = bin_first(env.get("PATH"))
    return env

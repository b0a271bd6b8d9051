"""A course directory driven through the real nbgrader: generate, release, collect, grade.

Instructor steps run the real ``nbgrader`` command line in the course root (so
``nbgrader_config.py`` applies). Student steps (fetch, submit) use nbgrader's own exchange
classes in-process, one simulated student at a time, because a command per student costs
about 2.3 s of start-up.
"""
import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit
from traitlets.config import Config

from .paths import COURSE_ID, COURSE_ROOT
from .toolpath import put_bin_first


class NbgraderFailed(RuntimeError):
    """An nbgrader command exited non-zero; carries its output."""


def nbgrader_executable():
    return str(Path(sys.executable).with_name("nbgrader"))


class Course:
    """A course root holding ``nbgrader_config.py`` and ``source/``; see module docstring."""

    def __init__(self, root, exchange=None, env=None):
        self.root = Path(root).resolve()
        self.exchange = Path(exchange or self.root / "exchange").resolve()
        self.env = {**os.environ, **(env or {}), "DDASP_EXCHANGE": str(self.exchange),
                    # a broken nbgrader_config.py must stop nbgrader, not fall back to
                    # its defaults (which would grade unsandboxed)
                    "TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR": "1"}
        put_bin_first(self.env)

    @classmethod
    def create(cls, root, assignments, env=None):
        """Lay out a fresh course in ``root`` from this repository's config and sources."""
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy(COURSE_ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
        for assignment in assignments:
            shutil.copytree(COURSE_ROOT / "source" / assignment, root / "source" / assignment,
                            dirs_exist_ok=True, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        course = cls(root, env=env)
        course.exchange.mkdir(parents=True, exist_ok=True)
        course.exchange.chmod(0o777)
        return course

    # ------------------------------------------------------------- instructor commands
    def nbgrader(self, *args, check=True, timeout=3600):
        """Run ``nbgrader ARGS`` in the course root; returns the CompletedProcess."""
        done = subprocess.run([nbgrader_executable(), *map(str, args)], cwd=self.root,
                              env=self.env, capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise NbgraderFailed(f"nbgrader {' '.join(map(str, args))} failed "
                                 f"({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}")
        return done

    def generate(self, assignment):
        return self.nbgrader("generate_assignment", assignment, "--force")

    def release(self, assignment):
        return self.nbgrader("release_assignment", assignment, "--force")

    def collect(self, assignment):
        return self.nbgrader("collect", assignment, "--update")

    def autograde(self, assignment, *extra):
        return self.nbgrader("autograde", assignment, *extra)

    def generate_feedback(self, assignment):
        return self.nbgrader("generate_feedback", assignment, "--force")

    def export(self, path):
        self.nbgrader("export", "--to", str(path))
        with open(path, newline="") as handle:
            return list(csv.DictReader(handle))

    # ------------------------------------------------------------------ student side
    def _exchange_config(self, home):
        config = Config()
        config.Exchange.root = str(self.exchange)
        config.Exchange.assignment_dir = str(home)
        config.Exchange.cache = str(Path(home) / ".nbgrader-cache")
        return config

    def fetch(self, student_id, assignment, homes):
        """Fetch the released ``assignment`` into ``homes/student_id``; returns its folder."""
        home = Path(homes) / student_id
        home.mkdir(parents=True, exist_ok=True)
        coursedir = CourseDirectory(course_id=COURSE_ID, assignment_id=assignment)
        fetch = ExchangeFetchAssignment(coursedir=coursedir, authenticator=Authenticator(),
                                        config=self._exchange_config(home))
        fetch.start()
        return home / assignment

    def submit(self, student_id, assignment, homes):
        """Submit ``homes/student_id/assignment`` as ``student_id`` through the exchange."""
        home = Path(homes) / student_id
        coursedir = CourseDirectory(course_id=COURSE_ID, assignment_id=assignment,
                                    student_id=student_id)
        submit = ExchangeSubmit(coursedir=coursedir, authenticator=Authenticator(),
                                config=self._exchange_config(home))
        submit.start()

    # -------------------------------------------------------------------- results
    def feedback_html(self, student_id, assignment):
        return self.root / "feedback" / student_id / assignment / f"{assignment}.html"

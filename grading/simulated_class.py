"""Simulated classes: students who fetch, fill in and submit through nbgrader's exchange.

The one builder of a class for the demo (`grading.demo`), the tests and the benchmarks:

- a class is a list of `SimulatedStudent`: who (``id``), which ``assignment``, how they
  fill in the folder they fetched (``fill(folder)``; None submits the fetched release
  notebook unchanged) and, for reports, what kind of work it is;
- `fill_from_variant` is the usual filling: the notebook
  `grading.submissions.build_submission` makes from a variant of the sample bank
  (``grading/samples/bank/<assignment>/<name>.py``, see `bank_variant`), optionally
  edited, plus the variant's extra files;
- `simulate_class(course, assignments, students, homes)` runs the whole student side on a
  `grading.course.Course`: generate and release every assignment (`release_all`), let
  every student fetch, fill in and submit (`submit_class`), collect.

Student steps use nbgrader's exchange classes in-process (`Course.fetch`, `Course.submit`),
instructor steps the real ``nbgrader`` command in the course root.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nbformat

from .paths import BANK
from .submissions import build_submission, load_variant


@dataclass
class SimulatedStudent:
    """One simulated student of a class: who, which assignment, how they fill it in."""
    id: str
    assignment: str
    fill: Callable | None = None      # fill(folder): writes the work into the fetched folder
    kind: str = ""                    # what kind of work (for reports)


def bank_variant(assignment, name):
    """The variant ``name`` of ``assignment``'s sample bank (a `submissions.Variant`)."""
    return load_variant(BANK / assignment / f"{name}.py", assignment)


def bank_names(assignment, prefix=""):
    """Names of the bank variants of ``assignment`` starting with ``prefix``, sorted."""
    return sorted(path.stem for path in (BANK / assignment).glob(f"{prefix}*.py"))


def fill_from_variant(assignment, variant, edit=None):
    """A ``fill(folder)`` writing ``variant``'s notebook (through ``edit(notebook)`` if
    given) as ``<assignment>.ipynb`` and its extra files; ``variant``: a `Variant` or a
    path of a variant file."""
    if not hasattr(variant, "extra_files"):
        variant = load_variant(variant, assignment)

    def fill(folder):
        notebook = build_submission(assignment, variant)
        if edit is not None:
            notebook = edit(notebook)
        nbformat.write(notebook, str(Path(folder) / f"{assignment}.ipynb"))
        for name, text in variant.extra_files.items():
            (Path(folder) / name).write_text(text)
    return fill


def release_all(course, assignments, log=None):
    """``nbgrader generate_assignment`` and ``release_assignment`` of each assignment."""
    for assignment in assignments:
        if log is not None:
            log(f"[{assignment}] generate_assignment, release_assignment")
        course.generate(assignment)
        course.release(assignment)


def submit_class(course, students, homes):
    """Every student fetches into ``homes/<id>``, fills in and submits, in order."""
    for student in students:
        folder = course.fetch(student.id, student.assignment, homes)
        if student.fill is not None:
            student.fill(folder)
        course.submit(student.id, student.assignment, homes)


def simulate_class(course, assignments, students, homes):
    """Release ``assignments``, submit ``students``' work, collect; returns ``course``."""
    release_all(course, assignments)
    submit_class(course, students, homes)
    for assignment in assignments:
        course.collect(assignment)
    return course

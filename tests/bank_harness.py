"""Shared helpers of the bank tests: build, run and grade variants in this process."""
import functools

import nbformat
import numpy as np

from grading import cell_metadata
from grading.paths import BANK, COURSE_ROOT, source_notebook
from grading.registry import ASSIGNMENTS
from grading.submissions import bank, build_submission, execute_locally, grade_locally

STUDENT_IDS = ("bank-a", "bank-b", "bank-c")
VARIANTS = {assignment: bank(BANK / assignment) for assignment in ASSIGNMENTS}


@functools.lru_cache(maxsize=None)
def executed(assignment, name):
    """The namespace of variant ``name`` after running its notebook (cached)."""
    variant = next(variant for variant in VARIANTS[assignment] if variant.name == name)
    return execute_locally(build_submission(assignment, variant), assignment=assignment)


@functools.lru_cache(maxsize=None)
def cell_points(assignment):
    """{test cell grade id: points} of the source notebook."""
    return cell_metadata.points_of_test_cells(
        nbformat.read(str(source_notebook(assignment)), as_version=4))


@functools.lru_cache(maxsize=None)
def scanned(assignment, name):
    """The static scan of variant ``name``'s notebook, as autograde makes it (cached)."""
    from grading.scan.verdicts import scan_for_grading
    variant = next(variant for variant in VARIANTS[assignment] if variant.name == name)
    return scan_for_grading(build_submission(assignment, variant), None, assignment)[0]


def failing_cells(assignment, name, student_id, carry_forward=None):
    """(verdicts, sorted failing cells) of variant ``name`` for ``student_id`` under the
    policy ``carry_forward`` (None: the default, error carried forward), with the static
    scan applied as autograde applies it."""
    verdicts = grade_locally(assignment, executed(assignment, name), student_id, carry_forward,
                             scan=scanned(assignment, name))
    return verdicts, sorted(cell for cell, verdict in verdicts.items() if not verdict.passed)


def points_under(assignment, variant, carry_forward):
    """The points ``variant`` must score under the policy, from the notebook's metadata."""
    points = cell_points(assignment)
    return sum(points.values()) - sum(points[cell] for cell in variant.expected_failing(carry_forward))


def readme_rows(assignment):
    """{variant name: cells of its row} of the bank table in the assignment's README section."""
    readme = (COURSE_ROOT / "README.md").read_text()
    section = readme.split(f"<!-- section:{assignment} -->")[1].split(f"<!-- /section:{assignment} -->")[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and cells[0].startswith("`") and cells[0].endswith("`"):
            rows[cells[0].strip("`")] = cells
    return rows


def numbers(value):
    """Every float in a (nested) reference result."""
    if isinstance(value, dict):
        return [number for item in value.values() for number in numbers(item)]
    if isinstance(value, (list, tuple)):
        return [number for item in value for number in numbers(item)]
    if isinstance(value, (float, np.floating, np.ndarray)):
        return [float(x) for x in np.ravel(np.asarray(value, dtype=float))]
    return []

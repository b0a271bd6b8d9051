"""Shared helpers of the bank tests: build, run and grade variants in this process."""
import functools
import re

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


def readme_section(assignment):
    """The text between ``<!-- section:assignment -->`` and its end marker, in README.md or
    a page under docs/ (wherever the assignment's section lives)."""
    start, end = f"<!-- section:{assignment} -->", f"<!-- /section:{assignment} -->"
    for path in [COURSE_ROOT / "README.md", *sorted((COURSE_ROOT / "docs").rglob("*.md"))]:
        text = path.read_text()
        if start in text:
            return text.split(start)[1].split(end)[0]
    raise AssertionError(f"no section marker {start} in README.md or docs/")


def markdown_tables(text):
    """Every pipe table of ``text``: a list of (header, rows), each row a list of cells
    (str, stripped) as long as the header. A table is a header row, a ``---`` row and the
    rows up to the first line that does not start with ``|``."""
    def cells(line):
        return [cell.strip() for cell in line.strip().strip("|").split("|")]

    tables, lines = [], text.splitlines()
    for index in range(len(lines) - 1):
        if lines[index].startswith("|") and set(lines[index + 1].replace(" ", "")) <= set("|-:") \
                and "-" in lines[index + 1]:
            header, rows = cells(lines[index]), []
            for line in lines[index + 2:]:
                if not line.startswith("|"):
                    break
                rows.append(cells(line))
            assert all(len(row) == len(header) for row in rows), (header, rows)
            tables.append((header, rows))
    return tables


def readme_table(assignment, first_column):
    """(header, rows) of the one table in the assignment's section whose header starts
    with ``first_column``."""
    found = [table for table in markdown_tables(readme_section(assignment))
             if table[0][0] == first_column]
    assert len(found) == 1, f"{len(found)} tables with a '{first_column}' column in {assignment}"
    return found[0]


def readme_rows(assignment):
    """{variant name: cells of its row} of the bank table in the assignment's section (docs/<assignment>.md)."""
    header, rows = readme_table(assignment, "variant")
    return {row[0].strip("`"): row for row in rows}


def readme_failing_cells(assignment):
    """{variant name: sorted names of the cells its bank-table row says it fails}. The column's
    header starts with 'cells'; flags in parentheses are not cells, '—' is none."""
    header, rows = readme_table(assignment, "variant")
    column = next(index for index, title in enumerate(header) if title.startswith("cells"))
    return {row[0].strip("`"): sorted(name.strip() for name in
                                      re.sub(r"\([^)]*\)", "", row[column]).split(",")
                                      if name.strip() not in ("", "—"))
            for row in rows}


def numbers(value):
    """Every float in a (nested) reference result."""
    if isinstance(value, dict):
        return [number for item in value.values() for number in numbers(item)]
    if isinstance(value, (list, tuple)):
        return [number for item in value for number in numbers(item)]
    if isinstance(value, (float, np.floating, np.ndarray)):
        return [float(x) for x in np.ravel(np.asarray(value, dtype=float))]
    return []

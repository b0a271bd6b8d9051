"""nbgrader's cell metadata (``cell.metadata.nbgrader``) as this course reads it.

nbgrader's own predicates (``nbgrader.utils``: `is_grade`, `is_solution`, `is_locked`,
`determine_grade`) answer the yes/no questions; this module adds what nbgrader has no
name for: a cell's grade id, the two kinds of graded cells of the course, and a
notebook's points per cell, a cell's source as text. Cells are nbformat nodes (``nbformat.read``).
"""
from nbgrader.utils import determine_grade, is_grade, is_solution


def source_text(source):
    """A cell's source as one string: notebook JSON may store it as a list of lines
    (nbformat 3 and some writers) or a string; None is ""."""
    return "".join(map(str, source)) if isinstance(source, list) else str(source or "")


def nbgrader_metadata(cell):
    """The cell's ``metadata.nbgrader`` dict ({} for a cell nbgrader does not know)."""
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def grade_id(cell):
    """The cell's nbgrader grade id, or None."""
    return nbgrader_metadata(cell).get("grade_id")


def is_autograded_test(cell):
    """A graded code cell that is not a solution cell: nbgrader's autograder tests."""
    return cell.cell_type == "code" and bool(is_grade(cell)) and not is_solution(cell)


def is_manually_graded(cell):
    """A graded answer cell (markdown, solution and grade): points given by hand in formgrader."""
    return cell.cell_type == "markdown" and bool(is_grade(cell)) and bool(is_solution(cell))


def max_points(cell):
    """The points a grade cell is worth (nbgrader's `determine_grade`)."""
    return determine_grade(cell)[1]


def points_of_test_cells(notebook):
    """{grade id: points} of the autograded test cells of a notebook, in order."""
    return {grade_id(cell): max_points(cell) for cell in notebook.cells
            if is_autograded_test(cell)}


def points_of_manual_cells(notebook):
    """{grade id: points} of the hand-graded answer cells of a notebook, in order."""
    return {grade_id(cell): max_points(cell) for cell in notebook.cells
            if is_manually_graded(cell)}

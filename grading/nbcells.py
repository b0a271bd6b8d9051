"""Reading nbgrader's cell metadata (``cell.metadata.nbgrader``)."""


def nbgrader_metadata(cell):
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def grade_id(cell):
    """The cell's nbgrader grade id, or None."""
    return nbgrader_metadata(cell).get("grade_id")


def is_solution(cell):
    return bool(nbgrader_metadata(cell).get("solution"))


def is_grade(cell):
    return bool(nbgrader_metadata(cell).get("grade"))


def is_autograded_test(cell):
    """A graded code cell that is not a solution cell: nbgrader's autograder tests."""
    return cell.get("cell_type") == "code" and is_grade(cell) and not is_solution(cell)


def points(cell):
    return float(nbgrader_metadata(cell).get("points", 0) or 0)


def points_of_test_cells(notebook):
    """{grade id: points} of the autograded test cells of a notebook, in order."""
    return {grade_id(cell): points(cell) for cell in notebook.cells if is_autograded_test(cell)}


def is_manually_graded(cell):
    """A graded answer cell (markdown, solution and grade): points given by hand in formgrader."""
    return cell.get("cell_type") == "markdown" and is_grade(cell) and is_solution(cell)


def points_of_manual_cells(notebook):
    """{grade id: points} of the hand-graded answer cells of a notebook, in order."""
    return {grade_id(cell): points(cell) for cell in notebook.cells if is_manually_graded(cell)}

"""A small graded course for the instructor's browser test (real nbgrader, real sandbox).

Both assignments are generated and released; a few students fetch, fill in and submit
through nbgrader's exchange; the instructor collects and runs ``nbgrader autograde``.
The instructor grades ``matrix_fundamentals``' first hand-graded answer cell (a markdown
cell with nbgrader's grade + solution metadata). One student's notebook carries HTML and JavaScript
output and markup (``PAYLOADS``) that must never run in the instructor's page.
"""
from pathlib import Path

import nbformat
from nbgrader.utils import is_grade, is_solution

from grading.course import Course
from grading.cell_metadata import grade_id, points_of_manual_cells
from grading.paths import source_notebook
from grading.simulated_class import SimulatedStudent, bank_variant, simulate_class
from grading.submissions import build_submission

# the answer cell the instructor grades in the browser, and its points
MANUAL_ID, MANUAL_POINTS = next(iter(points_of_manual_cells(
    nbformat.read(str(source_notebook("matrix_fundamentals")), 4)).items()))
ANSWER = "The rank is the number of independent columns: the dimension of the column space."

# Each payload appends its own number to window.__pwned when it runs.
def payload_mark(number):
    """JavaScript that appends ``number`` to ``window.__pwned``."""
    return f"(window.__pwned=window.__pwned||[]).push({number})"


PAYLOAD_CODE = (
    "from IPython.display import HTML, Javascript, SVG, display\n"
    f"display(HTML('<script>{payload_mark(1)}</script><img src=x onerror=\"{payload_mark(2)}\">'))\n"
    f"display(Javascript('{payload_mark(3)}'))\n"
    f"display(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\"><script>{payload_mark(4)}</script></svg>'))\n"
    f"print('<script>{payload_mark(5)}</script>')\n")
PAYLOAD_ANSWER = (ANSWER + f' <img src=x onerror="{payload_mark(6)}"><script>{payload_mark(7)}</script> '
                  f'<svg/onload="{payload_mark(8)}">')

# (student id, assignment, bank variant, answer of the manual cell, extra code cell)
STUDENTS = [
    ("alice", "matrix_fundamentals", "passes_all_reference", ANSWER, None),
    ("mallory", "matrix_fundamentals", "passes_all_reference", PAYLOAD_ANSWER, PAYLOAD_CODE),
    ("bob", "matrix_fundamentals", "fails_rank_ignores_tol", ANSWER, None),
    ("alice", "nonlinear_regression", "passes_all_reference", ANSWER, None),
    ("bob", "nonlinear_regression", "fails_train_history_off_by_one", ANSWER, None),
]


def student_notebook(course, assignment, variant, answer, extra_code):
    """The course's release notebook filled with a bank variant's code and ``answer``."""
    released = nbformat.read(str(course.root / "release" / assignment / f"{assignment}.ipynb"), 4)
    filled = {grade_id(cell): cell.source
              for cell in build_submission(assignment, bank_variant(assignment, variant)).cells
              if is_solution(cell)}
    for cell in released.cells:
        if not is_solution(cell):
            continue
        if cell.cell_type == "markdown" and is_grade(cell):
            cell.source = answer
        elif grade_id(cell) in filled:
            cell.source = filled[grade_id(cell)]
    if extra_code:
        released.cells.append(nbformat.v4.new_code_cell(extra_code))
    return released


def build_course(root, assignments, env):
    """Create, release, submit, collect and autograde; returns the Course."""
    course = Course.create(Path(root) / "course", assignments, env=env)

    def fill(assignment, variant, answer, extra):
        def write(folder):
            notebook = student_notebook(course, assignment, variant, answer, extra)
            nbformat.write(notebook, str(folder / f"{assignment}.ipynb"))
        return write

    students = [SimulatedStudent(student, assignment, fill(assignment, variant, answer, extra))
                for student, assignment, variant, answer, extra in STUDENTS]
    simulate_class(course, assignments, students, Path(root) / "homes")
    for assignment in assignments:
        course.autograde(assignment)
    return course

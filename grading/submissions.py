"""Simulated submissions: build a student's notebook from a variant file.

A variant (``grading/samples/bank/<assignment>/<name>.py``, ``tests/hostile/<name>.py``) is a
Python file naming one simulated student's work:

- top-level ``def``s replace the reference body of the solution cell that defines the
  same function (the variant's imports are put in front of each replaced cell);
- ``CELL_<grade_id> = "..."`` replaces a whole solution cell;
- ``EXPECTED_FAILING_CELLS``: grade ids of the test cells it must fail under the cascade
  (``carry_forward=False``: a bug costs every part built on it);
- ``OWN_BROKEN_CELLS`` (default: ``EXPECTED_FAILING_CELLS``): the test cells whose own code
  is wrong; with error carried forward it must fail exactly these, plus the cells judged on
  the student's own results (``RESULT_CELLS`` of the assignment's checks, e.g. the
  training task) that it fails under the cascade (``Variant.expected_failing``);
- optional ``EXPECTED_FLAGS``, ``ASSIGNMENT``, ``EXTRA_FILES = {name: text}``.

Cells the variant does not touch keep the instructor's solution, so each variant says
only what differs. ``execute_locally`` and ``grade_locally`` run a built notebook in this
process (fast unit tests of the checks); the pipeline tests submit the same notebooks
through real nbgrader.
"""
import ast
import contextlib
import io
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.utils import is_solution

from .boundary import LocalTransport
from .carry import CARRY_FORWARD, result_cells
from .cell_metadata import grade_id, is_autograded_test
from .hidden_tests import visible_part
from .paths import release_notebook, source_notebook
from .registry import registry

SOLUTION_REGION = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION[^\n]*\n?",
                             re.S | re.M)


@dataclass
class Variant:
    """One simulated student's answers, as read from a variant file."""
    name: str
    path: Path
    assignment: str
    expected_failing_cells: tuple
    expected_flags: tuple = ()
    own_broken_cells: tuple = None                  # None: expected_failing_cells
    functions: dict = field(default_factory=dict)   # function name -> source of its def
    cells: dict = field(default_factory=dict)       # solution grade id -> whole cell source
    imports: str = ""
    extra_files: dict = field(default_factory=dict)
    description: str = ""

    def expected_failing(self, carry_forward=None):
        """The cells this variant must fail under the policy (None: the default policy)."""
        if not (CARRY_FORWARD if carry_forward is None else carry_forward):
            return tuple(self.expected_failing_cells)
        own = self.expected_failing_cells if self.own_broken_cells is None else self.own_broken_cells
        results = set(result_cells(self.assignment)) & set(self.expected_failing_cells)
        return tuple(sorted(set(own) | results))


def load_variant(path, assignment=None):
    """Read a variant file (see module docstring) without executing it."""
    path = Path(path)
    text = path.read_text()
    tree = ast.parse(text)
    constants = {}
    functions, imports = {}, []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(ast.get_source_segment(text, node))
        elif isinstance(node, ast.FunctionDef):
            start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            lines = text.splitlines()[start - 1:node.end_lineno]
            functions[node.name] = "\n".join(lines)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            constants[node.targets[0].id] = ast.literal_eval(node.value)
    assignment = constants.get("ASSIGNMENT", assignment or path.parent.name)
    return Variant(
        name=path.stem, path=path, assignment=assignment,
        expected_failing_cells=tuple(constants.get("EXPECTED_FAILING_CELLS", ())),
        expected_flags=tuple(constants.get("EXPECTED_FLAGS", ())),
        own_broken_cells=(tuple(constants["OWN_BROKEN_CELLS"])
                          if "OWN_BROKEN_CELLS" in constants else None),
        functions=functions,
        cells={key[len("CELL_"):]: value for key, value in constants.items()
               if key.startswith("CELL_")},
        imports="\n".join(imports),
        extra_files=dict(constants.get("EXTRA_FILES", {})),
        description=(ast.get_docstring(tree) or "").strip())


def reference_text(cell_source):
    """A source solution cell with the nbgrader solution markers removed."""
    return SOLUTION_REGION.sub(lambda match: match.group(1), cell_source)


def defined_functions(cell_source):
    """Names of the top-level functions a cell defines (empty if it does not parse)."""
    try:
        tree = ast.parse(cell_source)
    except SyntaxError:
        return []
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


def _filled_cell(source_cell_text, variant):
    cell_id_functions = defined_functions(source_cell_text)
    replaced = [variant.functions[name] for name in cell_id_functions if name in variant.functions]
    if not replaced:
        return reference_text(source_cell_text)
    kept = [name for name in cell_id_functions if name not in variant.functions]
    if kept:  # a cell defining several functions: keep the reference of the others
        tree = ast.parse(reference_text(source_cell_text))
        text = reference_text(source_cell_text)
        kept_sources = [ast.get_source_segment(text, node) for node in tree.body
                        if isinstance(node, ast.FunctionDef) and node.name in kept]
        replaced = kept_sources + replaced
    parts = ([variant.imports] if variant.imports else []) + replaced
    return "\n\n".join(parts) + "\n"


def build_submission(assignment, variant):
    """The notebook a student with ``variant`` would submit (an nbformat NotebookNode).

    Starts from the release notebook (the source one, hidden tests removed, before the
    release exists); each solution cell is filled from the instructor's solution of the
    same grade id unless the variant replaces it.
    """
    if not isinstance(variant, Variant):
        variant = load_variant(variant, assignment)
    source = nbformat.read(str(source_notebook(assignment)), as_version=4)
    solutions = {grade_id(cell): cell.source for cell in source.cells if is_solution(cell)}
    released = release_notebook(assignment)
    notebook = nbformat.read(str(released), as_version=4) if released.exists() else source
    for cell in notebook.cells:
        if not is_solution(cell):
            continue
        if grade_id(cell) in variant.cells:
            cell.source = variant.cells[grade_id(cell)]
        elif cell.cell_type == "code":
            cell.source = _filled_cell(solutions[grade_id(cell)], variant)
        else:
            cell.source = reference_text(solutions[grade_id(cell)])
    for cell in notebook.cells:
        if is_autograded_test(cell):
            cell.source = visible_part(cell.source)
    return notebook


def execute_locally(notebook, workdir=None, assignment=None):
    """Run the notebook's non-test code cells in a fresh namespace; returns the namespace.

    Exceptions in a cell are swallowed (as in a notebook, later cells still run); output
    is discarded. ``workdir``: folder to run in (default: the source folder of
    ``assignment``, where its data files are).
    """
    if workdir is None and assignment is not None:
        workdir = source_notebook(assignment).parent
    namespace = {"__name__": "__main__"}
    previous = os.getcwd()
    os.environ.setdefault("MPLBACKEND", "Agg")
    if workdir is not None:
        os.chdir(workdir)
    try:
        for cell in notebook.cells:
            if cell.cell_type != "code" or is_autograded_test(cell):
                continue
            code = "\n".join(line for line in cell.source.splitlines()
                             if not line.lstrip().startswith(("%", "!")))
            with contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    exec(compile(code, f"<cell {grade_id(cell) or ''}>", "exec"), namespace)
                except Exception:  # noqa: BLE001 - a failing cell is part of the simulation
                    pass
    finally:
        os.chdir(previous)
    return namespace


def grade_locally(assignment, namespace, student_id="local", carry_forward=None, scan=None):
    """Run every registered check of ``assignment`` on ``namespace``: {cell: CellVerdict}.

    ``carry_forward``: the policy (None: ``grading.carry.CARRY_FORWARD``); ``scan``: the
    static scan of the notebook (`grading.scan`), applied as autograde does.
    """
    from .scan.verdicts import grade_cell
    checks, failed = registry(), set()
    return {cell: grade_cell(scan, checks.for_cell(assignment, cell), LocalTransport(namespace),
                             assignment, carry_forward, student_id, "", failed)
            for cell in checks.cells(assignment)}


def bank(directory):
    """All variants in a bank directory, sorted by name."""
    return [load_variant(path) for path in sorted(Path(directory).glob("*.py"))
            if not path.name.startswith("_")]

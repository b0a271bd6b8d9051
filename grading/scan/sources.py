"""What the static scan reads: the notebook's code cells and the submitted ``.py`` files.

Nothing here imports, executes or follows anything of a submission. A cell is turned
into plain Python with IPython's own input transformer (the same text the kernel would
compile: ``%magic`` and ``!shell`` lines become ``get_ipython()`` calls, which the scan
then sees); files are read as bytes through descriptors opened with ``O_NOFOLLOW``, one
folder level at a time, with bounded size, count and depth. Every unit is a `Unit`:
its text and where it comes from, for messages ("cell 9 (solution_svd_via_eig)",
"helpers.py").
"""
import os
import stat
from dataclasses import dataclass

from nbgrader.utils import is_locked, is_solution

from ..cell_metadata import grade_id, is_autograded_test, source_text
from ..safecopy import FileTooLarge, open_folder, read_regular

MAX_UNIT_BYTES = 128_000        # one cell or one file; larger ones are not scanned (flagged)
MAX_TOTAL_BYTES = 512_000       # the notebook, and the files (honest notebooks: under 30 kB)
MAX_FILES = 500                 # directory entries looked at
MAX_DEPTH = 6                   # folder levels below the submission folder
# Files that can hold code the scan cannot read: flagged when submitted.
OPAQUE_CODE = (".pyc", ".pyo", ".so", ".pyd", ".pth", ".egg", ".whl", ".zip", ".pyz")


@dataclass
class Unit:
    """One piece of Python source: a notebook cell or a submitted file.

    ``label``: where it is, for messages; ``module``: the dotted module name a file can be
    imported under (None for a cell); ``cell``: the cell's grade id (None for a file or an
    ungraded cell); ``text``: the Python source (after IPython's transformation for a cell).
    """
    label: str
    text: str
    module: str = None
    cell: str = None
    instructor: bool = False  # the release's own cell, unchanged: bindings only, no findings


def _python_of_cell(source):
    """The Python the kernel compiles for a cell's text (IPython's transformation)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - odd input: the plain text, magics blanked out
        return "\n".join("pass" if line.lstrip().startswith(("%", "!")) else line
                         for line in source.splitlines())


def _text(cell):
    return source_text(cell.get("source", ""))


def instructor_cells(nb):
    """{(grade id, source)} of the locked, ungraded code cells of a release notebook ``nb``.

    These are the instructor's (imports, course matrices, visible-check tools): a
    submitted cell with the same grade id *and* the same text is not student code.
    """
    return frozenset((grade_id(cell), _text(cell)) for cell in nb.get("cells", [])
                     if cell.get("cell_type") == "code" and grade_id(cell)
                     and is_locked(cell)
                     and not is_solution(cell) and not is_autograded_test(cell))


def notebook_units(nb, instructor=frozenset()):
    """`Unit` per code cell of notebook ``nb`` that runs in the kernel, and problem lines.

    Autograded test cells are left out: during autograde they are restored from the
    gradebook and judged by the grader, never run in the student's kernel. The
    instructor's own cells, ``instructor`` (see `instructor_cells`), when unchanged, are
    units marked ``instructor``: read for what they define (``np``), never reported.
    """
    units, problems, total = [], [], 0
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code" or is_autograded_test(cell):
            continue
        source = _text(cell)
        own = (grade_id(cell), source) in instructor
        label = f"cell {index + 1}" + (f" ({grade_id(cell)})" if grade_id(cell) else "")
        total += len(source)
        if len(source) > MAX_UNIT_BYTES or total > MAX_TOTAL_BYTES:
            problems.append(f"{label}: {len(source)} characters, too large to scan")
            continue
        units.append(Unit(label, _python_of_cell(source), cell=grade_id(cell), instructor=own))
    return units, problems


def _read_at(dir_fd, name, limit):
    """Bytes of regular file ``name`` in folder ``dir_fd`` (never through a link), or None."""
    try:
        return read_regular(name, limit, dir_fd)
    except FileTooLarge:
        return None


def _module_name(parts):
    """Dotted module name of a relative path ('pkg', 'mod.py') -> 'pkg.mod', or None."""
    names = list(parts[:-1]) + [parts[-1][:-3]]
    if names[-1] == "__init__":
        names = names[:-1]
    if not names or not all(name.isidentifier() for name in names):
        return None
    return ".".join(names)


def folder_units(folder):
    """`Unit` per submitted ``.py`` file below ``folder``, and problem lines.

    Links are never followed (``O_NOFOLLOW`` on every folder and file; entries are
    looked at with lstat semantics); special files are skipped. Problems name files the
    scan could not read: too large, too many, too deep, compiled or packaged code, and
    paths that look like a library's (a frame from ``.../lib/python3.../x.py`` or
    ``site-packages`` passes for library code).
    """
    units, problems = [], []
    if not folder:
        return units, problems
    try:
        root = open_folder(folder)
    except OSError:
        return units, problems
    budget = {"entries": MAX_FILES, "bytes": MAX_TOTAL_BYTES}
    try:
        _walk(root, (), units, problems, budget)
    finally:
        os.close(root)
    return units, problems


def _walk(dir_fd, parts, units, problems, budget):
    try:
        entries = sorted(os.scandir(dir_fd), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        budget["entries"] -= 1
        if budget["entries"] < 0:
            problems.append(f"more than {MAX_FILES} files: the rest were not scanned")
            return
        name = entry.name
        path = "/".join(parts + (name,))
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode):
            if name.startswith(".ipynb_checkpoints"):
                continue
            if len(parts) + 1 > MAX_DEPTH:
                problems.append(f"{path}/: folders nested too deep to scan")
                continue
            try:
                sub = open_folder(name, dir_fd)
            except OSError:
                continue
            try:
                _walk(sub, parts + (name,), units, problems, budget)
            finally:
                os.close(sub)
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        lowered = name.lower()
        if lowered.endswith(OPAQUE_CODE) or ".cpython-" in lowered:
            problems.append(f"{path}: compiled or packaged code the scan cannot read")
            continue
        if not lowered.endswith(".py"):
            continue
        if "lib/python3" in f"/{path}" or "site-packages" in path or "dist-packages" in path:
            problems.append(f"{path}: a path that imitates an installed library's")
        if info.st_size > MAX_UNIT_BYTES or info.st_size > budget["bytes"]:
            problems.append(f"{path}: {info.st_size} bytes, too large to scan")
            continue
        data = _read_at(dir_fd, name, MAX_UNIT_BYTES)
        if data is None:
            continue
        budget["bytes"] -= len(data)
        units.append(Unit(path, data.decode("utf-8", errors="replace"),
                          module=_module_name(parts + (name,))))

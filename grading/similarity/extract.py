"""Each student's own code, read as text from the collected (or autograded) submissions.

A submission folder (``submitted/<student>/<assignment>/``) is hostile: only regular
files directly in it are read (``O_NOFOLLOW``: no links followed, no sub-folders), each
up to a size limit, and only as text — notebooks as JSON, ``.py`` files as they are.
Nothing is imported or executed, file names are labels only.

A student's code (`Submission.chunks`, a list of `Chunk`) is:

- the source of every code cell marked as an nbgrader solution cell, labelled
  ``<notebook>:<grade id>``, in notebook order (a notebook without any solution
  metadata: every code cell);
- every submitted ``.py`` file, labelled by its name.

The boilerplate (`release_chunks`) is every code cell of the release notebooks and the
released ``.py`` files: matches on it never count.
"""
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..cell_metadata import source_text
from ..safecopy import FileTooLarge, read_regular

MAX_NOTEBOOK_BYTES = 20 * 2**20    # larger notebooks are skipped (intake sets aside > 50 MB)
MAX_PY_BYTES = 1 * 2**20           # a .py file larger than 1 MB is data, not a solution


@dataclass
class Chunk:
    """One piece of a student's code: ``label`` (where it is) and its ``text``."""
    label: str
    text: str


@dataclass
class Submission:
    """One student's code for one assignment; ``skipped``: files not read, with why."""
    student: str
    chunks: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def read_regular_file(path, limit):
    """Text of the regular file ``path`` (no link followed) or None if it is not one or
    larger than ``limit`` bytes. Undecodable bytes are replaced."""
    try:
        data = read_regular(path, limit)
    except FileTooLarge:
        return None
    return None if data is None else data.decode("utf-8", errors="replace")


def notebook_code_cells(text):
    """[(grade id or None, is solution, source)] of the code cells of notebook JSON text
    (nbformat 4, or 3 with worksheets); [] if it is not a notebook."""
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        return []
    if not isinstance(raw, dict):
        return []
    cells = raw.get("cells")
    if cells is None and isinstance(raw.get("worksheets"), list) and raw["worksheets"] \
            and isinstance(raw["worksheets"][0], dict):
        cells = raw["worksheets"][0].get("cells", [])
    result = []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        metadata = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        nbgrader = metadata.get("nbgrader") if isinstance(metadata.get("nbgrader"), dict) else {}
        source = source_text(cell.get("source", cell.get("input", "")))
        result.append((nbgrader.get("grade_id"), bool(nbgrader.get("solution")), source))
    return result


def _entries(folder):
    """Names of the entries directly in ``folder`` (sorted; [] if it cannot be listed)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries)
    except OSError:
        return []


def read_submission(student, folder):
    """The `Submission` of ``student`` in ``folder`` (see module docstring)."""
    submission = Submission(student)
    for name in _entries(folder):
        path = os.path.join(folder, name)
        label = name.encode("utf-8", "replace").decode("utf-8")
        limit = MAX_NOTEBOOK_BYTES if name.endswith(".ipynb") else \
            MAX_PY_BYTES if name.endswith(".py") else None
        if limit is None:
            continue
        text = read_regular_file(path, limit)
        if text is None:
            submission.skipped.append(f"{label}: not a regular file or over "
                                      f"{limit // 2**20} MB")
        elif name.endswith(".ipynb"):
            cells = notebook_code_cells(text)
            solutions = [cell for cell in cells if cell[1]] or cells
            stem = label[: -len(".ipynb")]
            submission.chunks += [Chunk(f"{stem}:{grade_id or f'cell {number}'}", source)
                                  for number, (grade_id, _, source) in enumerate(solutions, 1)]
        else:
            submission.chunks.append(Chunk(label, text))
    return submission


def read_class(course_root, assignment, source="submitted"):
    """[`Submission`] of every student with a folder ``<source>/<student>/<assignment>``."""
    base = Path(course_root) / source
    submissions = []
    for student in _entries(base):
        folder = base / student / assignment
        try:
            if not stat.S_ISDIR(os.lstat(base / student).st_mode) or \
                    not stat.S_ISDIR(os.lstat(folder).st_mode):
                continue
        except OSError:
            continue
        submissions.append(read_submission(student, str(folder)))
    return submissions


def release_chunks(course_root, assignment):
    """[`Chunk`] of the released code of ``assignment``: all code cells and .py files."""
    folder = Path(course_root) / "release" / assignment
    chunks = []
    for name in _entries(folder):
        path = folder / name
        if name.endswith(".ipynb"):
            text = path.read_text()
            chunks += [Chunk(f"release {name}:{grade_id}", source)
                       for grade_id, _, source in notebook_code_cells(text)]
        elif name.endswith(".py"):
            chunks.append(Chunk(f"release {name}", path.read_text()))
    return chunks


def file_chunks(path):
    """[`Chunk`] of an extra boilerplate file: a notebook's code cells or a .py file."""
    path = Path(path)
    text = path.read_text()
    if path.suffix == ".ipynb":
        return [Chunk(f"{path.name}:{grade_id}", source)
                for grade_id, _, source in notebook_code_cells(text)]
    return [Chunk(path.name, text)]

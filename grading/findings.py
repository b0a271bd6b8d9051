"""Findings: the flags and problem lines of one student's submission of one assignment.

A flag is a short name (``invalid-json``, ``forbidden-call``); a problem line is a sentence
for the instructor. Findings are written at three stages and read by the grade report
(``ddasp summary``) and the autograde summary; this module is the only one that knows
where they are kept:

- before grading (``nbgrader collect``, ``ddasp intake``): in the submission's record
  ``intake/<student>/<assignment>.json`` of the course root, ``{"flags": [...],
  "problems": [...]}``. It exists also when nothing in the submission can be graded;
- during grading (nbgrader's sanitize and autograde steps): in each notebook's
  ``metadata.ddasp`` (same shape), which travels with the notebook from one step to the
  next and is written anew by every grading of the submission. A submitted notebook's own
  ``metadata.ddasp`` is dropped first (`clear`): flags are the grader's, never the student's.

`read` joins both for one submission. ``ddasp similarity`` keeps its flags for a whole
assignment apart (`similarity_flags`), as they concern pairs of students.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path

METADATA_KEY = "ddasp"
RECORDS = "intake"   # folder of the submission records, below the course root


@dataclass
class Findings:
    """Flags (sorted, unique) and problem lines (in the order found, unique)."""
    flags: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.flags or self.problems)


def _unique(lines):
    return list(dict.fromkeys(lines))


# ------------------------------------------------------------------ during grading
def record(notebook, flags=(), problems=()):
    """Add flags and problem lines to the notebook being graded (deduplicated)."""
    meta = notebook.metadata.setdefault(METADATA_KEY, {})
    meta["flags"] = sorted(set(meta.get("flags", [])) | set(flags))
    meta["problems"] = _unique(list(meta.get("problems", [])) + list(problems))


def clear(notebook):
    """Drop whatever findings a submitted notebook carries (a student could write them)."""
    notebook.metadata.pop(METADATA_KEY, None)


def _of_notebook(path):
    try:
        meta = json.loads(Path(path).read_text()).get("metadata", {}).get(METADATA_KEY, {})
        return Findings(list(meta.get("flags", [])), list(meta.get("problems", [])))
    except (OSError, ValueError, AttributeError):
        return Findings()


# ------------------------------------------------------------------ before grading
def record_path(course_root, student, assignment):
    """The submission record of ``student``'s ``assignment`` (it may not exist)."""
    return Path(course_root) / RECORDS / student / f"{assignment}.json"


def submission_record(course_root, student, assignment):
    """`Findings` of the submission record, flags in the order found (empty: no record)."""
    try:
        found = json.loads(record_path(course_root, student, assignment).read_text())
        return Findings(list(found.get("flags", [])), list(found.get("problems", [])))
    except (OSError, ValueError, AttributeError):
        return Findings()


def record_submission(course_root, student, assignment, flags=(), problems=(), replace=False):
    """Add findings to the submission record; ``replace`` starts a new record (a newly
    collected submission). A record left without findings is removed."""
    earlier = Findings() if replace else submission_record(course_root, student, assignment)
    flags = _unique(earlier.flags + list(flags))
    problems = _unique(earlier.problems + list(problems))
    path = record_path(course_root, student, assignment)
    if not flags and not problems:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"flags": flags, "problems": problems}))


def recorded_students(course_root, assignment):
    """Students with a submission record of ``assignment``, sorted."""
    return sorted(path.parent.name
                  for path in (Path(course_root) / RECORDS).glob(f"*/{assignment}.json"))


# ------------------------------------------------------------------ the reader
def read(course_root, student, assignment, autograded=None, notebooks=None):
    """All `Findings` of one submission: its autograded notebooks', then its record's.

    ``autograded``: the folder of the autograded notebooks (default
    ``<course_root>/autograded/<student>/<assignment>``); ``notebooks``: the notebook
    names to read there (default: every ``*.ipynb``).
    """
    folder = Path(autograded) if autograded is not None else \
        Path(course_root) / "autograded" / student / assignment
    if notebooks is None:
        paths = sorted(folder.glob("*.ipynb"))
    else:
        paths = [folder / f"{name}.ipynb" for name in notebooks]
    parts = [_of_notebook(path) for path in paths]
    parts.append(submission_record(course_root, student, assignment))
    return Findings(sorted({flag for part in parts for flag in part.flags}),
                    _unique(line for part in parts for line in part.problems))


# ------------------------------------------------------------------ similarity
def similarity_flags_path(course_root, assignment):
    """Where ``ddasp similarity`` keeps an assignment's flags for the grade report."""
    return Path(course_root) / "similarity" / assignment / "flags.json"


def record_similarity_flags(course_root, assignment, flags):
    """Keep ``flags``, {student: ["similar-to:<other>", ...]}, for the grade report."""
    path = similarity_flags_path(course_root, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(flags, indent=1))


def similarity_flags(course_root, assignment):
    """{student: ["similar-to:<other>"]} kept by ``ddasp similarity`` ({} before it ran)."""
    try:
        return json.loads(similarity_flags_path(course_root, assignment).read_text())
    except (OSError, ValueError):
        return {}

"""``collect-zip``: a platform's "download all submissions" zip -> ``submitted/``.

Every file of the archive ends as exactly one `Upload` with a status and a reason:

- ``graded``: the notebook placed at ``submitted/<id>/<assignment>/<notebook>.ipynb``
  (renamed to the expected name when the student renamed it), with nbgrader's
  ``timestamp.txt`` (the platform's upload time);
- ``kept``: another file of the student, placed beside the notebook;
- ``unpacked``: a zip inside the zip; its files are listed on their own;
- ``quarantined``: not graded; its bytes in ``quarantine/_uploads/<assignment>/<run>/``
  (or, for what was never extracted, in the copy of the archive under
  ``lms/<assignment>/received/``), with the reason.

Decisions, each with its line in the summary: uploader from the entry name (layout
pattern, `layouts`), student id through the roster (`roster`); an uploader missing from
the roster, or two accounts mapped to one id, are quarantined (nobody is graded for
another); a ``.ipynb`` that is a PDF/HTML export or broken JSON is quarantined; of
several versions of a notebook the newest upload wins, the others are quarantined.
"""
import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .archive import UNSUPPORTED_ARCHIVES, Limits, read_archive
from .layouts import STUDENT_ID, Ambiguous, compile_pattern, match_entry
from .roster import Roster, id_from_name
from .sniff import notebook_problem


@dataclass
class Upload:
    """One file of the archive and what became of it."""
    entry: object
    status: str = ""
    reason: str = ""
    student: str = ""
    uploader: str = ""
    stored: str = ""     # where its bytes are now, relative to the course root
    match: object = None  # layouts.Match of its name
    time: datetime = None  # upload time

    def line(self):
        who = f" [{self.uploader} -> {self.student}]" if self.student else \
            (f" [{self.uploader}]" if self.uploader else "")
        where = f" -> {self.stored}" if self.stored else ""
        reason = "; ".join([self.reason] + self.entry.notes) if self.reason else \
            "; ".join(self.entry.notes)
        return f"{self.status:<11} {self.entry.name}{who}: {reason}{where}"


@dataclass
class CollectResult:
    """What one archive gave: every upload, the students placed, roster ids without one."""
    assignment: str
    archive: str
    uploads: list = field(default_factory=list)
    students: dict = field(default_factory=dict)   # id -> platform identity
    absent: list = field(default_factory=list)

    def count(self, status):
        return sum(upload.status == status for upload in self.uploads)

    def summary(self):
        lines = [f"collect-zip {self.assignment} from {self.archive}: {len(self.uploads)} "
                 f"files: {self.count('graded')} notebooks to grade ({len(self.students)} "
                 f"students), {self.count('kept')} other files kept, {self.count('unpacked')} "
                 f"inner zip(s) opened, {self.count('quarantined')} quarantined"]
        lines += [upload.line() for upload in self.uploads]
        if self.absent:
            lines.append(f"on the roster without an upload: {', '.join(sorted(self.absent))}")
        return "\n".join(lines) + "\n"


def safe_name(name):
    """A file name that is harmless in one folder (no separators, no leading dot or
    dash, no control characters)."""
    cleaned = re.sub(r"[^\w.()+@ -]", "_", name).strip(" .").lstrip("-") or "file"
    return cleaned[:120]


def expected_notebooks(course_root, assignment):
    """Notebook names of the assignment (from source/), e.g. ["matrix_fundamentals"]."""
    folder = Path(course_root) / "source" / assignment
    names = sorted(path.stem for path in folder.glob("*.ipynb"))
    return names or [assignment]


def _notebook_for(file_name, notebooks):
    """Which expected notebook an uploaded .ipynb is a version of (None: cannot tell)."""
    if len(notebooks) == 1:
        return notebooks[0]
    stem = re.sub(r"\s*\(\d+\)$|[ _-]*(copy|kopie)$", "", Path(file_name).stem, flags=re.I)
    hits = [name for name in notebooks if name.casefold() == stem.casefold()]
    return hits[0] if len(hits) == 1 else None


def _when(moment):
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def _upload_time(entry, match):
    if match.timestamp:
        import dateutil.parser
        try:
            return dateutil.parser.parse(match.timestamp).replace(tzinfo=None)
        except (ValueError, OverflowError):
            entry.notes.append(f"timestamp {match.timestamp!r} unreadable; used the "
                               "archive's file time")
    return entry.timestamp


class _Collector:
    """One run of collect-zip; see the module docstring."""

    def __init__(self, root, assignment, layout, roster, notebooks, run_name):
        self.root, self.assignment, self.layout = root, assignment, layout
        self.roster, self.notebooks = roster, notebooks
        self.run_name = run_name
        self.quarantine = root / "quarantine" / "_uploads" / assignment / run_name
        self.quarantined = 0
        self.received = f"lms/{assignment}/received/{run_name}.zip"

    def set_aside(self, upload, reason):
        upload.status, upload.reason = "quarantined", reason
        entry = upload.entry
        if entry.staged is not None and entry.staged.exists():
            self.quarantine.mkdir(parents=True, exist_ok=True)
            self.quarantined += 1
            target = self.quarantine / f"{self.quarantined:04d}-{safe_name(entry.file_name)}"
            shutil.copyfile(entry.staged, target)
            upload.stored = str(target.relative_to(self.root))
        else:
            upload.stored = f"{self.received} (not extracted)"

    def attribute(self, upload):
        """Set uploader, student id and upload time, or quarantine with the reason."""
        match = upload.match
        if match is None:
            self.set_aside(upload, "the name does not fit the archive layout (no uploader "
                                   "found); check --preset/--pattern")
            return
        if self.roster is not None:
            student = self.roster.lookup(match.uploader)
            if student is None:
                self.set_aside(upload, f"uploader {upload.uploader!r} is not on the roster; "
                                       "add them with their student id and collect again")
                return
        else:
            student = match.uploader.student_id or id_from_name(
                match.uploader.name or match.uploader.email.split("@")[0])
        if not STUDENT_ID.match(student or ""):
            self.set_aside(upload, f"{student!r} is not a usable student id")
            return
        upload.student = student
        upload.time = _upload_time(upload.entry, match)

    def place_student(self, student, uploads):
        """Choose the newest version of each notebook, place it and the other files."""
        folder = self.root / "submitted" / student / self.assignment
        replaced = folder.exists()
        versions, others = {}, []
        for upload in uploads:
            name = upload.entry.file_name
            if name.lower().endswith(".ipynb"):
                problem = notebook_problem(upload.entry.staged)
                if problem:
                    self.set_aside(upload, f"{name} {problem}; not graded - ask for the .ipynb")
                    continue
                notebook = _notebook_for(name, self.notebooks)
                if notebook is None:
                    self.set_aside(upload, f"cannot tell which of {self.notebooks} {name} is")
                    continue
                versions.setdefault(notebook, []).append(upload)
            elif name.lower().endswith(UNSUPPORTED_ARCHIVES):
                self.set_aside(upload, f"{name} is an archive format collect-zip does not "
                                       "open (only zip); ask for the .ipynb")
            else:
                others.append(upload)
        if replaced:
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        placed_times = []
        for notebook, candidates in versions.items():
            # newest upload wins; on equal times the later entry of the archive
            order = sorted(range(len(candidates)), key=lambda i: (candidates[i].time, i))
            winner = candidates[order[-1]]
            target = folder / f"{notebook}.ipynb"
            shutil.copyfile(winner.entry.staged, target)
            winner.status, winner.stored = "graded", str(target.relative_to(self.root))
            winner.reason = f"uploaded {_when(winner.time)}"
            if winner.entry.file_name != target.name:
                winner.reason += f"; renamed: submitted as {winner.entry.file_name!r}, " \
                                 f"graded as {target.name}"
            if len(candidates) > 1:
                winner.reason += f"; newest of {len(candidates)} versions"
            placed_times.append(winner.time)
            for index in order[:-1]:
                loser = candidates[index]
                self.set_aside(loser, f"older version (uploaded {_when(loser.time)}); "
                                      f"the version uploaded {_when(winner.time)} "
                                      f"({winner.entry.file_name}) is graded")
        # names collect-zip writes itself: a student's file never takes their place
        taken = {f"{notebook}.ipynb".casefold() for notebook in self.notebooks} | {"timestamp.txt"}
        for upload in others:
            name = safe_name(upload.entry.file_name)
            if name.casefold() in taken:
                self.set_aside(upload, f"the name {name} is taken (a notebook, timestamp.txt "
                                       "or another file of this student)")
                continue
            taken.add(name.casefold())
            shutil.copyfile(upload.entry.staged, folder / name)
            upload.status, upload.stored = "kept", str((folder / name).relative_to(self.root))
            upload.reason = "other file, kept beside the notebook"
        if not versions:
            uploads[0].reason += "; no notebook from this student: graded as missing (0 points)"
        if placed_times:
            (folder / "timestamp.txt").write_text(max(placed_times).isoformat(" "))
        if replaced:
            uploads[0].reason += "; replaced the submission collected earlier"


def _mark_problems(collector, uploads):
    """Quarantine what was not read or is ambiguous; name the uploader where known."""
    for upload in uploads:
        entry = upload.entry
        ambiguous = None
        try:
            upload.match = match_entry(collector.layout, entry.path) if entry.path else None
        except Ambiguous as error:
            ambiguous = error
        if upload.match is not None:
            upload.uploader = upload.match.uploader.key
        if entry.problem:
            collector.set_aside(upload, entry.problem)
        elif ambiguous:
            collector.set_aside(upload, f"the name is ambiguous: {ambiguous}; it could pose "
                                        "as another account - check it by hand")
        elif entry.file_name.lower().endswith(".zip") and not entry.inner:
            upload.status, upload.reason = "unpacked", "its files are listed on their own"


def collect_zip(course_root, assignment, archive, preset=None, pattern=None, roster=None,
                notebooks=None, limits=Limits()):
    """Collect ``archive`` into ``course_root``; returns a `CollectResult` (see module).

    Raises `archive.ArchiveRefused` when the archive cannot be read at all and
    `roster.RosterError`/ValueError for a bad roster or pattern, before anything moves.
    """
    root = Path(course_root).resolve()
    layout = compile_pattern(preset, pattern)
    roster_table = Roster.read(roster) if roster else None
    notebooks = notebooks or expected_notebooks(root, assignment)
    work = root / "lms" / assignment
    run_name = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    staging = work / "staging" / run_name
    try:
        entries = read_archive(archive, staging, limits)
        (work / "received").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(archive, work / "received" / f"{run_name}.zip")
        collector = _Collector(root, assignment, layout, roster_table, notebooks, run_name)
        result = CollectResult(assignment, str(archive), [Upload(entry) for entry in entries])
        _mark_problems(collector, result.uploads)
        for upload in result.uploads:
            if not upload.status:
                collector.attribute(upload)
        by_student = {}
        for upload in result.uploads:
            if not upload.status:
                by_student.setdefault(upload.student, []).append(upload)
        for student, mine in sorted(by_student.items()):
            accounts = {upload.uploader for upload in mine}
            if len(accounts) > 1:
                names = " and ".join(sorted(accounts))
                for upload in mine:
                    collector.set_aside(upload, f"two platform accounts ({names}) map to "
                                                f"student id {student}; nobody is graded "
                                                "for another - fix the roster")
                continue
            collector.place_student(student, mine)
            result.students[student] = _identity(mine[0].match.uploader)
            if roster_table is not None and not result.students[student]["email"]:
                result.students[student]["email"] = roster_table.email_of.get(student, "")
        if roster_table is not None:
            result.absent = sorted(roster_table.ids - set(by_student))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _record(work, run_name, result)
    return result


def _identity(uploader):
    return {"name": uploader.name, "email": uploader.email,
            "participant": uploader.participant, "account": uploader.key}


def _record(work, run_name, result):
    """lms/<assignment>/students.json (for export-lms) and this run's summary."""
    work.mkdir(parents=True, exist_ok=True)
    known_path = work / "students.json"
    known = json.loads(known_path.read_text()) if known_path.exists() else {}
    known.update(result.students)
    known_path.write_text(json.dumps(known, indent=1, ensure_ascii=False))
    (work / f"collect-{run_name}.txt").write_text(result.summary())
    (work / f"collect-{run_name}.json").write_text(json.dumps(
        [{"entry": upload.entry.name, "status": upload.status, "reason": upload.reason,
          "student": upload.student, "uploader": upload.uploader, "stored": upload.stored,
          "notes": upload.entry.notes}
         for upload in result.uploads], indent=1, ensure_ascii=False))

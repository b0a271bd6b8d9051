"""A simulated Moodle "download all submissions" zip with the messy cases of real uploads.

Used by ``make demo`` and the LMS pipeline test. `messy_class(assignment)` returns the
uploads (`Upload`), the roster rows and what each student must get; `write_zip` builds
the archive: one folder ``Full Name_<participant>_assignsubmission_file_/`` per upload,
entry times = upload times, plus hostile entries (zip-slip, absolute path, symbolic
link, a zip bomb, a name that is not UTF-8).
"""
import csv
import io
import stat
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nbformat

from ..paths import BANK
from ..submissions import build_submission, load_variant


@dataclass
class PlatformFile:
    """One uploaded file: its name as uploaded, its bytes, its upload time."""
    name: str
    data: bytes
    time: datetime


@dataclass
class PlatformStudent:
    """A platform account, the files it uploaded, and the expected outcome.

    ``student_id``: the roster's id (None: not on the roster); ``variant``: the bank
    variant whose score the student must get (None: no grade row; "missing": 0 points).
    """
    name: str
    participant: int
    student_id: str
    files: list
    variant: str
    case: str


def _notebook(assignment, variant):
    path = BANK / assignment / f"{variant}.py"
    return nbformat.writes(build_submission(assignment, load_variant(path, assignment))).encode()


def _zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(zipfile.ZipInfo(item.name, item.time.timetuple()[:6]), item.data)
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html>\n<html><head><title>matrix_fundamentals</title></head><body>" \
       b"<script>alert('exported')</script></body></html>\n"


def messy_class(assignment="matrix_fundamentals"):
    """The platform's class: one student per messy case (see docs/lms.md)."""
    def at(day, hour):
        return datetime(2026, 11, day, hour, 0, 0)
    nb = f"{assignment}.ipynb"
    short = "".join(word[0] for word in assignment.split("_")).upper()
    ok = "passes_all_reference"
    return [
        PlatformStudent("Anna Müller", 1001, "lms-mueller",
                        [PlatformFile(f"{assignment} (2).ipynb", _notebook(assignment, ok), at(20, 10))],
                        ok, "notebook renamed by the browser's download"),
        PlatformStudent("Ben Schmidt", 1002, "lms-schmidt",
                        [PlatformFile(f"{short}_Schmidt.ipynb",
                                      _notebook(assignment, "fails_rank_ignores_tol"), at(20, 11))],
                        "fails_rank_ignores_tol", "notebook renamed by the student"),
        PlatformStudent("Clara Weber", 1003, "lms-weber",
                        [PlatformFile(nb, _notebook(assignment, ok), at(21, 12)),
                         PlatformFile(f"{assignment}_v1.ipynb",
                                      _notebook(assignment, "fails_rref_ignores_tol"), at(19, 9)),
                         PlatformFile(f"{assignment} (1).ipynb",
                                      _notebook(assignment, "fails_rank_counts_noise"), at(20, 9))],
                        ok, "three versions: the newest wins, the others are reported"),
        PlatformStudent("David Fischer", 1004, "lms-fischer",
                        [PlatformFile("abgabe.zip", _zip_of([
                            PlatformFile(nb, _notebook(assignment, "passes_all_loops"), at(20, 8)),
                            PlatformFile("notes.txt", b"my notes\n", at(20, 8))]), at(20, 8))],
                        "passes_all_loops", "a zip inside the zip"),
        PlatformStudent("Eva Wagner", 1005, "lms-wagner",
                        [PlatformFile(nb, _notebook(assignment, "fails_rref_modifies_input"), at(20, 7)),
                         PlatformFile(f"{assignment} (1).ipynb", PDF, at(20, 18))],
                        "fails_rref_modifies_input", "a PDF export uploaded as .ipynb, after the notebook"),
        PlatformStudent("Felix Becker", 1006, "lms-becker",
                        [PlatformFile(nb, HTML, at(20, 9))],
                        "missing", "only an HTML export uploaded as .ipynb"),
        PlatformStudent("Greta Hoffmann", 1007, None,
                        [PlatformFile(nb, _notebook(assignment, ok), at(20, 9))],
                        None, "not on the roster"),
        PlatformStudent("Hans Koch", 1008, "lms-koch",
                        [PlatformFile(nb, _notebook(assignment, ok), at(20, 9))],
                        None, "two accounts mapped to one id"),
        PlatformStudent("Hanna Koch", 1009, "lms-koch",
                        [PlatformFile(nb, _notebook(assignment, "fails_rref_ignores_tol"), at(20, 9))],
                        None, "two accounts mapped to one id"),
    ]


def moodle_folder(student):
    return f"{student.name}_{student.participant}_assignsubmission_file_/"


# hostile entries: case -> name in the archive
HOSTILE = {
    "zip-slip": "Ida Schulz_1010_assignsubmission_file_/../../../../tmp/ddasp-zip-slip.py",
    "absolute": "/tmp/ddasp-absolute-path.py",
    "symlink": "Anna Müller_1001_assignsubmission_file_/data-link",
    "bomb": "Anna Müller_1001_assignsubmission_file_/recording.wav",
    "non-utf8": "Ben Schmidt_1002_assignsubmission_file_/Notizen-X.txt",
}
BOMB_BYTES = 60 * 2**20   # zeros: about 60 KB compressed, over the 50 MB entry bound


def write_zip(path, students, hostile=True):
    """Write the platform's download of ``students`` (plus hostile entries) to ``path``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for student in students:
            for item in student.files:
                info = zipfile.ZipInfo(moodle_folder(student) + item.name, item.time.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, item.data)
        if hostile:
            when = (2026, 11, 20, 12, 0, 0)
            archive.writestr(zipfile.ZipInfo(HOSTILE["zip-slip"], when), b"print('escaped')\n")
            absolute = zipfile.ZipInfo("X" + HOSTILE["absolute"][1:], when)
            archive.writestr(absolute, b"print('absolute')\n")
            link = zipfile.ZipInfo(HOSTILE["symlink"], when)
            link.create_system, link.external_attr = 3, (stat.S_IFLNK | 0o777) << 16
            archive.writestr(link, b"/etc/shadow")
            bomb = zipfile.ZipInfo(HOSTILE["bomb"], when)
            bomb.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(bomb, "w", force_zip64=True) as sink:
                for _ in range(BOMB_BYTES // 2**20):
                    sink.write(bytes(2**20))
            archive.writestr(zipfile.ZipInfo(HOSTILE["non-utf8"], when), b"notes\n")
    if hostile:
        raw = Path(path).read_bytes()
        # names the zipfile module will not write: an absolute path, Latin-1 bytes without
        # the UTF-8 flag (same length, so offsets stay valid)
        raw = raw.replace(b"X" + HOSTILE["absolute"][1:].encode(), HOSTILE["absolute"].encode())
        raw = raw.replace(HOSTILE["non-utf8"].encode(),
                          HOSTILE["non-utf8"].encode().replace(b"Notizen-X", b"Notizen-\xe4"))
        Path(path).write_bytes(raw)
    return path


def write_roster(path, students):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "name", "email"])
        for student in students:
            if student.student_id:
                writer.writerow([student.student_id, student.name,
                                 f"{student.student_id}@uni-rostock.example"])
    return path

"""Reading a learning platform's archive without trusting it.

Nothing in the archive decides where a byte is written: ``zipfile`` never extracts, each
regular entry is streamed into a staging file whose name we generate (``000001``, ...),
and the entry's own name is only parsed, checked and carried along as text. Entries
that are not read say why (`Entry.problem`):

- a path that is absolute (``/etc/x``, ``C:\\x``) or climbs out (``../x``): unsafe path;
- a symbolic link or any other non-regular entry: never created, never followed;
- more than `Limits.entries` entries, counting those of zips inside the zip (a zip
  bomb of many small files): the archive (or the inner zip) refused;
- an entry larger than `Limits.entry_bytes`, or more than `Limits.total_bytes` in all
  (a zip bomb of one large entry): not read; decompression stops at the bound even when
  the archive lies about the size;
- encrypted, corrupt or unsupported compression: not read;
- a file name that is not UTF-8: read as code page 437 (the zip default) and said so.

A ``.zip`` entry is opened in turn (one level deep: `Limits.depth`); its entries carry
the outer entry's path, so the uploader is read from the outer name.
"""
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..intake import MAX_FILE_MB

UNSUPPORTED_ARCHIVES = (".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst")


@dataclass(frozen=True)
class Limits:
    """Bounds on what one archive may cost (sizes in bytes)."""
    entries: int = 5000             # in all, inner zips included: 300 students x a few files
    entry_bytes: int = MAX_FILE_MB * 2**20   # the same bound intake applies to one file
    total_bytes: int = 2 * 2**30    # 300 students x 5 MB notebooks, with room
    depth: int = 1                  # a zip inside the zip; deeper nesting is not read


class ArchiveRefused(ValueError):
    """The archive as a whole cannot be read (not a zip, or too many entries)."""


@dataclass
class Entry:
    """One file of the archive.

    ``path``: the checked parts of the top-level entry's name (tuple of str);
    ``inner``: the parts inside a nested zip (empty for a top-level entry);
    ``staged``: the staging file holding its bytes, or None when it was not read;
    ``problem``: why it was not read (None when it was); ``notes``: remarks (file name).
    """
    name: str
    path: tuple
    inner: tuple = ()
    timestamp: datetime = None
    staged: Path = None
    problem: str = None
    notes: list = field(default_factory=list)

    @property
    def file_name(self):
        return (self.inner or self.path or ("",))[-1]


def _decoded_name(info):
    """The entry's name and a note if it was not UTF-8."""
    if info.flag_bits & 0x800:
        return info.filename, None
    try:
        return info.filename.encode("cp437").decode("utf-8"), None
    except UnicodeError:
        return info.filename, "file name is not UTF-8; read it as code page 437"


def printable(name):
    """The name for a summary line: control and format characters (new lines,
    right-to-left overrides) shown as escapes, so a name cannot forge a line."""
    return "".join(char if not unicodedata.category(char).startswith("C")
                   else ascii(char)[1:-1] for char in name)


def checked_parts(name):
    """The parts of an archive name, or raise ValueError naming why it is unsafe."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise ValueError("absolute path")
    parts = [part for part in re.split(r"[/\\]", name) if part not in ("", ".")]
    if ".." in parts:
        raise ValueError("path climbs out of the archive (..)")
    if any("\x00" in part for part in parts):
        raise ValueError("NUL byte in the name")
    return tuple(parts)


def _kind(info):
    """"file", "dir", "symlink" or "special" from the entry's unix mode."""
    if info.is_dir():
        return "dir"
    mode = info.external_attr >> 16
    if info.create_system == 3 and mode:
        if stat.S_ISLNK(mode):
            return "symlink"
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            return "special"
    return "file"


class _Budget:
    """Bytes and entries left for the whole archive, a counter for staging file names."""

    def __init__(self, limits, staging):
        self.limits, self.staging = limits, Path(staging)
        self.left = limits.total_bytes
        self.entries_left = limits.entries
        self.count = 0

    def next_path(self):
        self.count += 1
        return self.staging / f"{self.count:06d}"


def _stream(archive, info, budget):
    """Copy one entry into a new staging file, never more than the bounds allow."""
    bound = min(budget.limits.entry_bytes, budget.left)
    target = budget.next_path()
    written = 0
    with archive.open(info) as source, open(target, "wb") as sink:
        while True:
            chunk = source.read(2**20)
            if not chunk:
                break
            written += len(chunk)
            if written > bound:
                sink.close()
                target.unlink()
                raise _TooLarge(written)
            sink.write(chunk)
    budget.left -= written
    return target


class _TooLarge(Exception):
    pass


def _too_large_reason(size, budget, measured=False):
    if size > budget.limits.entry_bytes:
        how = "at least" if measured else "declares"
        return (f"larger than {budget.limits.entry_bytes // 2**20} MB uncompressed "
                f"({how} {size / 2**20:.0f} MB); not extracted")
    return (f"the archive's total size limit ({budget.limits.total_bytes // 2**20} MB "
            "uncompressed) is used up; not extracted")


def _entry_time(info, outer):
    """(time, problem) of an entry: the time the platform stored it, i.e. the file time of
    a top-level entry; a file inside a student's own zip takes that zip's time (the
    times inside are the student's claim). A file time no calendar has is a problem."""
    if outer is not None:
        return outer.timestamp, None
    try:
        return datetime(*info.date_time), None
    except ValueError:
        return datetime.min, "invalid file time in the archive; not extracted"


def _read(archive, budget, outer=None, depth=0):
    """Every entry of an open ZipFile as `Entry` objects (nested zips expanded)."""
    infos = archive.infolist()
    if len(infos) > budget.entries_left:
        raise ArchiveRefused(f"{len(infos)} entries, more than the {budget.entries_left} "
                             f"left of the limit of {budget.limits.entries}")
    budget.entries_left -= len(infos)
    entries = []
    for info in infos:
        name, note = _decoded_name(info)
        kind = _kind(info)
        if kind == "dir":
            continue
        try:
            parts = checked_parts(name)
            problem = None
        except ValueError as error:
            parts, problem = (), f"unsafe path ({error}); not extracted"
        timestamp, bad_time = _entry_time(info, outer)
        path, inner = (outer.path, parts) if outer else (parts, ())
        entry = Entry(name=printable(name) if outer is None else f"{outer.name} -> {printable(name)}",
                      path=path, inner=inner, timestamp=timestamp,
                      problem=problem or bad_time, notes=[note] if note else [])
        entries.append(entry)
        if entry.problem:
            continue
        if kind == "symlink":
            entry.problem = "symbolic link; not created, not followed"
        elif kind == "special":
            entry.problem = "not a regular file (device, pipe or socket); not extracted"
        elif info.flag_bits & 0x1:
            entry.problem = "encrypted entry; cannot be read"
        elif info.file_size > min(budget.limits.entry_bytes, budget.left):
            entry.problem = _too_large_reason(info.file_size, budget)
        if entry.problem:
            continue
        try:
            entry.staged = _stream(archive, info, budget)
        except _TooLarge as error:
            entry.problem = _too_large_reason(max(info.file_size, error.args[0]), budget,
                                              measured=True)
            continue
        except Exception as error:  # noqa: BLE001 - any failure of a hostile entry is its own
            entry.problem = f"corrupt or unsupported entry ({type(error).__name__}: {error})"
            continue
        if entry.file_name.lower().endswith(".zip"):
            entries.extend(_nested(entry, budget, depth))
    return entries


def _nested(entry, budget, depth):
    """Open a zip inside the zip; the container entry itself is then accounted for."""
    if depth + 1 > budget.limits.depth:
        entry.problem = "an archive nested deeper than one level; not opened"
        return []
    try:
        inner = _open_zip(entry.staged, budget.limits)
        with inner:
            found = _read(inner, budget, outer=entry, depth=depth + 1)
    except ArchiveRefused as error:
        entry.problem = f"zip inside the zip refused: {error}"
        return []
    entry.notes.append(f"a zip inside the zip: opened, {len(found)} entries")
    return found


def _open_zip(path, limits):
    """An open ZipFile, or `ArchiveRefused`: not a zip, unreadable, or declaring more
    than `Limits.entries` entries (checked before zipfile parses the directory: a
    million entries would cost a gigabyte of memory)."""
    try:
        if not zipfile.is_zipfile(path):
            raise ArchiveRefused("not a zip archive")
        with open(path, "rb") as handle:
            end = zipfile._EndRecData(handle)  # the end-of-central-directory record
        declared = end[zipfile._ECD_ENTRIES_TOTAL] if end else 0
        if declared > limits.entries:
            raise ArchiveRefused(f"{declared} entries, more than the limit of "
                                 f"{limits.entries}")
        return zipfile.ZipFile(path)
    except ArchiveRefused:
        raise
    except Exception as error:  # noqa: BLE001 - whatever breaks zipfile refuses the archive
        raise ArchiveRefused(f"unreadable zip archive ({type(error).__name__}: {error})") \
            from error


def read_archive(path, staging, limits=Limits()):
    """All entries of the zip at ``path``; their bytes staged in ``staging`` (a folder).

    Raises `ArchiveRefused` when the archive is not a zip, is unreadable, or exceeds
    `Limits.entries`.
    """
    Path(staging).mkdir(parents=True, exist_ok=True)
    try:
        archive = _open_zip(path, limits)
    except ArchiveRefused as error:
        raise ArchiveRefused(f"{path}: {error}") from error
    with archive:
        return _read(archive, _Budget(limits, staging))

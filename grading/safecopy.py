"""Copy a folder a student controls without ever following a link.

The student owns the folder and may change it while it is copied (swap a file for a link,
a folder for a link, a file for a named pipe). Every step therefore works on open file
descriptors, one name at a time, relative to the folder already opened:

- an entry is classified with ``lstat`` (``fstatat`` without following); links, named
  pipes, sockets and devices are dropped and named;
- a folder is opened with ``O_DIRECTORY | O_NOFOLLOW``, a file with ``O_NOFOLLOW |
  O_NONBLOCK`` and checked again with ``fstat`` on the open descriptor: a link swapped in
  after the check fails to open (``ELOOP``), a named pipe swapped in opens without blocking
  and is refused as not a regular file. What is copied is always the inode that was opened;
- a regular file with more than one hard link is dropped (it may be another user's file
  linked into the folder);
- bounds: entries, depth, bytes per file and bytes in all (counted while reading, so a file
  that grows during the copy cannot exceed them).

`copy_folder` returns a `CopyReport`: what was copied, what was dropped and why, and the
newest inode change time (``st_ctime``) of everything copied — a time its owner cannot set
back (only the kernel sets it, to the current time, on every change).
"""
import errno
import os
import stat
from dataclasses import dataclass, field

DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
CHUNK = 1 << 20


@dataclass(frozen=True)
class Bounds:
    """Limits of one copied folder. Sizes in bytes."""
    max_entries: int = 1000
    max_depth: int = 16
    max_file_bytes: int = 100_000_000
    max_total_bytes: int = 1_000_000_000


@dataclass
class Dropped:
    """An entry that was not copied: its path relative to the copied folder, and why."""
    path: str
    kind: str     # "symlink", "special-file", "hard-link", "bound", "changed"
    reason: str


@dataclass
class CopyReport:
    """Outcome of `copy_folder`."""
    files: int = 0
    bytes: int = 0
    entries: int = 0
    newest_change: float = 0.0                    # newest st_ctime seen (s since the epoch)
    dropped: list = field(default_factory=list)   # of Dropped

    def drop(self, path, kind, reason):
        self.dropped.append(Dropped(path, kind, reason))

    def saw(self, status):
        self.newest_change = max(self.newest_change, status.st_ctime)


def open_folder(name, dir_fd=None):
    """Open the folder ``name`` (relative to ``dir_fd``) without following a link.

    Raises OSError (ELOOP, ENOTDIR) when ``name`` is a link or not a folder."""
    return os.open(name, DIR_FLAGS, dir_fd=dir_fd)


class FileTooLarge(OSError):
    """A file holds more bytes than the reader allows."""


def read_regular(name, limit, dir_fd=None):
    """The bytes of the regular file ``name`` (relative to ``dir_fd``), never through a link.

    None if it cannot be opened or is not a regular file (a link, a pipe, a folder);
    `FileTooLarge` if it holds more than ``limit`` bytes (never more is read).
    """
    try:
        descriptor = os.open(name, FILE_FLAGS, dir_fd=dir_fd)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return None
        data = handle.read(limit + 1) if info.st_size <= limit else b""
    if info.st_size > limit or len(data) > limit:
        raise FileTooLarge(f"{name}: more than {limit} bytes")
    return data


def special_kind(mode):
    """A readable name of a file type that is neither a folder nor a regular file."""
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device file"
    return "special file"


def _link_target(name, dir_fd):
    try:
        target = os.readlink(name, dir_fd=dir_fd)  # reads the link itself, never follows it
    except OSError:
        return "?"
    return target if len(target) <= 200 else target[:200] + "..."


class _Copier:
    def __init__(self, bounds, ignore, file_mode, dir_mode):
        self.bounds = bounds
        self.ignore = ignore
        self.file_mode = file_mode
        self.dir_mode = dir_mode
        self.report = CopyReport()
        self.stopped = False

    def folder(self, src_fd, dest_fd, prefix, depth):
        self.report.saw(os.fstat(src_fd))
        with os.scandir(src_fd) as entries:
            for entry in entries:
                if self.stopped:
                    return
                path = prefix + entry.name
                self.report.entries += 1
                if self.report.entries > self.bounds.max_entries:
                    self.stopped = True
                    self.report.drop(path, "bound", f"this and every later entry not collected: "
                                     f"the submission has more than {self.bounds.max_entries} entries")
                    return
                try:
                    status = os.stat(entry.name, dir_fd=src_fd, follow_symlinks=False)
                except FileNotFoundError:
                    continue  # removed while we looked: nothing to copy
                except OSError as error:
                    self.report.drop(path, "changed", f"could not be read ({error.strerror})")
                    continue
                if self.ignore(entry.name, stat.S_ISDIR(status.st_mode)):
                    continue
                self.entry(src_fd, dest_fd, entry.name, path, status, depth)
        self.report.saw(os.fstat(src_fd))  # entries added while listing change the folder

    def entry(self, src_fd, dest_fd, name, path, status, depth):
        """Copy one entry classified as ``status`` (an lstat result that may be stale)."""
        mode = status.st_mode
        if stat.S_ISLNK(mode):
            self.report.drop(path, "symlink", f"symbolic link (to {_link_target(name, src_fd)}); "
                             "links are never followed, submit the file itself")
        elif stat.S_ISDIR(mode):
            self.subfolder(src_fd, dest_fd, name, path, depth)
        elif stat.S_ISREG(mode):
            self.file(src_fd, dest_fd, name, path)
        else:
            self.report.drop(path, "special-file", f"{special_kind(mode)}; not collected")

    def subfolder(self, src_fd, dest_fd, name, path, depth):
        if depth >= self.bounds.max_depth:
            self.report.drop(path + "/", "bound", "not collected: folders nested deeper than "
                             f"{self.bounds.max_depth} levels")
            return
        try:
            fd = open_folder(name, src_fd)
        except OSError as error:
            self._changed(path + "/", name, src_fd, error)
            return
        try:
            os.mkdir(name, self.dir_mode, dir_fd=dest_fd)
            out = open_folder(name, dest_fd)
            try:
                self.folder(fd, out, path + "/", depth + 1)
            finally:
                os.close(out)
        finally:
            os.close(fd)

    def file(self, src_fd, dest_fd, name, path):
        try:
            fd = os.open(name, FILE_FLAGS, dir_fd=src_fd)
        except OSError as error:
            self._changed(path, name, src_fd, error)
            return
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                self.report.drop(path, "special-file",
                                 f"{special_kind(status.st_mode)}; not collected")
                return
            if status.st_nlink > 1:
                self.report.drop(path, "hard-link", f"file with {status.st_nlink} hard links "
                                 "(it may be someone else's file); submit a copy of it")
                return
            self._copy_bytes(fd, dest_fd, name, path)
        finally:
            os.close(fd)

    def _copy_bytes(self, fd, dest_fd, name, path):
        bounds, report = self.bounds, self.report
        budget = min(bounds.max_file_bytes, bounds.max_total_bytes - report.bytes)
        out = os.open(name, WRITE_FLAGS, self.file_mode, dir_fd=dest_fd)
        written = 0
        try:
            while True:
                chunk = os.read(fd, min(CHUNK, budget - written + 1))
                if not chunk:
                    break
                written += len(chunk)
                if written > budget:
                    break
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view):]
        finally:
            os.close(out)
        if written > budget:
            os.unlink(name, dir_fd=dest_fd)
            if budget == bounds.max_file_bytes:
                why = f"larger than {bounds.max_file_bytes / 1e6:g} MB"
            else:
                why = f"the submission is larger than {bounds.max_total_bytes / 1e6:g} MB in all"
            report.drop(path, "bound", f"not collected: {why}")
            return
        report.saw(os.fstat(fd))  # after reading: a write during the copy is counted
        report.files += 1
        report.bytes += written

    def _changed(self, path, name, src_fd, error):
        if error.errno in (errno.ELOOP, errno.ENOTDIR):  # swapped for a link or a file
            try:
                mode = os.stat(name, dir_fd=src_fd, follow_symlinks=False).st_mode
            except OSError:
                mode = stat.S_IFLNK
            kind = "symlink" if stat.S_ISLNK(mode) else "changed"
            self.report.drop(path, kind, f"{special_kind(mode) if kind == 'symlink' else 'entry'}"
                             " swapped in while collecting; not followed")
        elif error.errno != errno.ENOENT:
            self.report.drop(path, "changed", f"could not be read ({error.strerror})")


def copy_folder(src_fd, dest, bounds=Bounds(), ignore=None, file_mode=0o644, dir_mode=0o755):
    """Copy the folder open as ``src_fd`` into the new folder ``dest`` (must not exist).

    ``ignore(name, is_folder)``: entries to skip silently (the course's ignore globs).
    Returns a `CopyReport`; its ``newest_change`` includes the source folder itself.
    """
    os.mkdir(dest, dir_mode)
    os.chmod(dest, dir_mode)  # umask off
    copier = _Copier(bounds, ignore or (lambda name, is_folder: False), file_mode, dir_mode)
    out = open_folder(dest)
    try:
        copier.folder(src_fd, out, "", 0)
    finally:
        os.close(out)
    return copier.report

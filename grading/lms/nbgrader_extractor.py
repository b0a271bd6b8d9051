"""The extract step of nbgrader's own ``nbgrader zip_collect``, made safe for this course.

nbgrader 0.9.6's ``ExtractorPlugin`` unpacks with ``setuptools.archive_util``: every
entry is read whole into memory with no bound (a zip bomb fills memory and disk), nested
archives are unpacked again and again without a depth limit, the archive's unix mode
bits are applied to the extracted files (set-uid included), and the platform's upload
times are lost (every file gets the extraction time). ``nbgrader_config.py`` selects
`SafeExtractor` instead: archives are read by `grading.lms.archive` (bounded, no links,
no unsafe paths, one nested zip level), files get the archive's times and plain modes.
The collect step stays nbgrader's; the course's own, fuller path is ``ddasp collect-zip``
(see docs/lms.md).
"""
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from nbgrader.plugins import ExtractorPlugin

from .archive import ArchiveRefused, read_archive
from .collect import safe_name


class SafeExtractor(ExtractorPlugin):
    """Extract ``archive_path``'s zips into ``extracted_path/<zip name>/``; copy other
    regular files; skip (and log) links, unsafe paths and what exceeds the bounds."""

    def extract(self, archive_path, extracted_path):
        for name in sorted(os.listdir(archive_path)):
            source = Path(archive_path) / name
            if source.is_symlink() or not source.is_file():
                self.log.warning("Skipped %s: not a regular file", source)
                continue
            if not zipfile.is_zipfile(source):
                shutil.copyfile(source, Path(extracted_path) / safe_name(name))
                continue
            self._extract_zip(source, Path(extracted_path) / safe_name(source.stem))

    def _extract_zip(self, source, target_root):
        with tempfile.TemporaryDirectory() as staging:
            try:
                entries = read_archive(source, staging)
            except ArchiveRefused as error:
                self.log.error("Skipped %s: %s", source, error)
                return
            for entry in entries:
                if entry.problem:
                    self.log.warning("Not extracted: %s: %s", entry.name, entry.problem)
                    continue
                target = target_root.joinpath(*map(safe_name, entry.path + entry.inner))
                if entry.file_name.lower().endswith(".zip") and not entry.inner:
                    continue  # its entries follow, below the zip's own name
                if target.exists():
                    self.log.warning("Not extracted: %s: %s exists", entry.name, target)
                    continue
                try:   # "a" and "a/b" in one student's zip: a file where a folder goes
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(entry.staged, target)
                except OSError as error:
                    self.log.warning("Not extracted: %s: %s", entry.name, error)
                    continue
                moment = entry.timestamp.timestamp()
                os.utime(target, (moment, moment))

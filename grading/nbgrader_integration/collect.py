"""`nbgrader collect` that never follows a link and keeps its own submission time.

Configured in ``nbgrader_config.py`` (``c.ExchangeFactory.collect``), so the plain
``nbgrader collect`` uses it. Differences to nbgrader 0.9.6's collect, which copies the
inbound folder with ``shutil.copytree`` (following every link, as the grader):

- the inbound entry must be a real folder; inside it, links (to files or folders), named
  pipes, sockets, devices and files with several hard links are dropped, by
  `grading.safecopy` (no step follows a link, also when one is swapped in during the copy);
  bounds on entries, depth and size (``CourseDirectory.max_file_size`` / ``max_dir_size``)
  drop the excess instead of stopping the whole collect;
- the submission time is the newest inode change time (``st_ctime``) of the inbound folder
  and of everything copied from it: the student owns those files but cannot set that time
  back. It is written to ``submitted/<student>/<assignment>/timestamp.txt`` (what
  ``nbgrader autograde`` and its late penalty read); the student's own ``timestamp.txt``
  (and the time in the folder name) is only compared with it;
- of several submissions of a student the newest by that time is taken (with
  ``--before-duedate``: the newest not after the due date, else the newest);
- an inbound folder owned by another user than the student it names (nbgrader only warns)
  is refused, unless ``CollectApp.check_owner`` is off;
- every finding is logged as a warning and recorded as a problem line for the grade
  summary in the submission's record (`grading.findings`, read by ``ddasp summary`` and
  ``ddasp autograde``); a fresh collect replaces the findings of an earlier submission.
"""
import datetime
import fnmatch
import os
import shutil
import stat

from dateutil.tz import gettz
from nbgrader.exchange.default import ExchangeCollect
from nbgrader.utils import parse_utc
from traitlets import Integer

from ..findings import record_submission
from ..safecopy import Bounds, copy_folder, open_folder, special_kind

FLAGS = {"symlink": "symlink", "special-file": "special-file", "hard-link": "hard-link",
         "bound": "collect-bound", "changed": "symlink"}


class SafeCollect(ExchangeCollect):
    """nbgrader's collect without following links, with a trusted submission time."""

    max_entries = Integer(1000, help="Most files and folders collected per submission.").tag(config=True)
    max_depth = Integer(16, help="Deepest folder nesting collected.").tag(config=True)
    timestamp_margin = Integer(
        120, help="Seconds the student's timestamp.txt may differ from the observed "
                  "submission time without a problem line (copying a submission takes time)."
    ).tag(config=True)

    # ---------------------------------------------------------------- which submissions
    def init_src(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail("Course not found: {}".format(self.inbound_path))
        self.findings = {}       # student -> [(flag, problem)]
        self.duedate = self._duedate()
        candidates = {}
        inbound = open_folder(self.inbound_path)
        try:
            for name in os.listdir(inbound):
                student = self._student_of(name)
                if student is None:
                    continue
                try:
                    status = os.stat(name, dir_fd=inbound, follow_symlinks=False)
                except OSError:
                    continue  # gone since the listing
                if not stat.S_ISDIR(status.st_mode):
                    self._find(student, "symlink" if stat.S_ISLNK(status.st_mode) else "special-file",
                               f"inbound entry {name} is a {special_kind(status.st_mode)}, not a "
                               "folder; ignored (submit with nbgrader submit)")
                    continue
                if self._foreign(student, status.st_uid, name):
                    continue
                candidates.setdefault(student, []).append((status.st_ctime, name))
        finally:
            os.close(inbound)
        self.src_records = [self._choose(student, records)
                            for student, records in sorted(candidates.items())]

    def _student_of(self, name):
        """The student id of an inbound entry of this assignment, or None."""
        student, separator, _ = name.partition(f"+{self.coursedir.assignment_id}+")
        if not separator:  # <student>+<assignment>+<time>[+<random>]; the time may hold a +
            return None
        if student in ("", ".", "..") or student.startswith(".") or "\0" in student:
            self.log.warning("Ignoring inbound entry with an impossible student id: %r", name)
            return None
        if self.coursedir.student_id not in ("", "*") and student != self.coursedir.student_id:
            return None
        return student

    def _duedate(self):
        from nbgrader.api import Gradebook, MissingEntry
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
            try:
                return gradebook.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                return None

    def _choose(self, student, records):
        records = sorted(records, reverse=True)  # newest inode change first
        if self.before_duedate and self.duedate is not None:
            on_time = [record for record in records if self._utc(record[0]) <= self.duedate]
            records = on_time or records
        ctime, name = records[0]
        return {"username": student, "filename": name, "timestamp": self._utc(ctime)}

    @staticmethod
    def _utc(seconds):
        """Naive UTC datetime (nbgrader's convention) of a POSIX time."""
        return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).replace(tzinfo=None)

    # ------------------------------------------------------------------ the copy
    def copy_files(self):
        if not self.src_records:
            self.log.warning("No submissions of '%s' for course '%s' to collect",
                             self.coursedir.assignment_id, self.coursedir.course_id)
        for record in self.src_records:
            try:
                self._collect(record)
            except Exception as error:  # one submission never stops the others
                self.log.exception("Could not collect %s", record["filename"])
                self._find(record["username"], "collect-failed",
                           f"the submission could not be collected ({error}); not graded")
                self._write_findings(record["username"], replace=False)
        for student in sorted(self.findings.keys() - {r["username"] for r in self.src_records}):
            self._write_findings(student, replace=False)  # only bad inbound entries

    def _collect(self, record):
        student = record["username"]
        dest = self.coursedir.format_path(self.coursedir.submitted_directory, student,
                                          self.coursedir.assignment_id)
        existing = self._existing_time(dest)
        if os.path.isdir(dest) and not self._replace(existing, record["timestamp"]):
            self.log.info("No newer submission to collect: %s %s", student,
                          self.coursedir.assignment_id)
            self._write_findings(student, replace=False)  # new bad inbound entries only
            return
        self.log.info("%s submission: %s %s", "Updating" if os.path.isdir(dest) else "Collecting",
                      student, self.coursedir.assignment_id)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        staging = os.path.join(os.path.dirname(dest),
                               f".{self.coursedir.assignment_id}.collecting-{os.getpid()}")
        if os.path.lexists(staging):
            shutil.rmtree(staging)
        inbound = open_folder(self.inbound_path)
        try:
            try:
                source = open_folder(record["filename"], inbound)
            except OSError as error:  # swapped for a link since init_src
                self._find(student, "symlink", f"inbound entry {record['filename']} is no longer "
                           f"a folder ({error.strerror}); not collected")
                self._write_findings(student, replace=False)
                return
            if self._foreign(student, os.fstat(source).st_uid, record["filename"]):
                os.close(source)
                self._write_findings(student, replace=False)
                return
            try:
                report = copy_folder(source, staging, self._bounds(), self._ignored,
                                     *self._modes())
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            finally:
                os.close(source)
        finally:
            os.close(inbound)
        self._report_dropped(student, report.dropped)
        received = self._utc(report.newest_change)
        self._check_claim(student, staging, received)
        self._write_timestamp(staging, report.newest_change)
        if os.path.isdir(dest):
            shutil.rmtree(dest)
        os.rename(staging, dest)
        self.log.info("Collected %s: %d files, %.1f MB, received %s UTC", student, report.files,
                      report.bytes / 1e6, received)
        self._write_findings(student)

    def _existing_time(self, dest):
        if not os.path.isdir(dest):
            return None
        try:
            return self.coursedir.get_existing_timestamp(dest)
        except Exception:  # written by an earlier collect from the student's file
            return None

    def _replace(self, existing, candidate):
        """Whether a collected submission (trusted time ``existing``) gives way."""
        if existing is None:
            return True
        if self.before_duedate and self.duedate is not None:
            if existing > self.duedate >= candidate:
                return True  # an on-time submission replaces a late one
        return (self.update or self.before_duedate) and candidate > existing

    def _report_dropped(self, student, dropped, per_kind=20):
        """A problem line per dropped entry, at most ``per_kind`` of each kind."""
        shown = {}
        for item in dropped:
            shown[item.kind] = shown.get(item.kind, 0) + 1
            if shown[item.kind] <= per_kind:
                self._find(student, FLAGS[item.kind], f"{item.path}: {item.reason}")
        for kind, count in shown.items():
            if count > per_kind:
                self._find(student, FLAGS[kind], f"... and {count - per_kind} more entries "
                           f"of this kind ({kind}) not collected")

    def _bounds(self):
        return Bounds(max_entries=self.max_entries, max_depth=self.max_depth,
                      max_file_bytes=1000 * self.coursedir.max_file_size,
                      max_total_bytes=1000 * self.coursedir.max_dir_size)

    def _modes(self):
        return (0o664, 0o2775) if self.coursedir.groupshared else (0o644, 0o755)

    def _ignored(self, name, is_folder):
        """nbgrader's own rule (``nbgrader.utils.ignore_patterns``, what the stock collect
        copies with): an entry matching ``CourseDirectory.ignore`` is left out, and so is a
        file matching none of ``CourseDirectory.include``. ``name``: the entry's name."""
        if any(fnmatch.fnmatch(name, glob) for glob in self.coursedir.ignore):
            return True
        include = self.coursedir.include
        return bool(include) and not is_folder and \
            not any(fnmatch.fnmatch(name, glob) for glob in include)

    # ------------------------------------------------------------- time and findings
    def _check_claim(self, student, folder, received):
        try:
            fd = os.open(os.path.join(folder, "timestamp.txt"), os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            return
        try:
            text = os.read(fd, 200).decode("utf-8", "replace").strip()
        except OSError:  # a folder named timestamp.txt
            text = ""
        finally:
            os.close(fd)
        try:
            claimed = parse_utc(text)
        except Exception:  # the student's text: any parse failure means "no time"
            claimed = None
        if claimed is None:
            self._find(student, "timestamp-mismatch", f"timestamp.txt holds no time ({text[:40]!r}); "
                       f"graded as received at {received:%Y-%m-%d %H:%M:%S} UTC")
        elif abs((claimed - received).total_seconds()) > self.timestamp_margin:
            self._find(student, "timestamp-mismatch",
                       f"timestamp.txt says {claimed:%Y-%m-%d %H:%M:%S} UTC, the submission was "
                       f"received at {received:%Y-%m-%d %H:%M:%S} UTC; graded with the time received")

    def _write_timestamp(self, folder, seconds):
        tz = gettz(self.timezone)
        text = datetime.datetime.fromtimestamp(seconds, tz).strftime(self.timestamp_format)
        path = os.path.join(folder, "timestamp.txt")
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        elif os.path.lexists(path):
            os.unlink(path)
        with open(path, "x") as handle:
            handle.write(text)

    def _find(self, student, flag, problem):
        self.log.warning("%s %s: %s", student, self.coursedir.assignment_id, problem)
        self.findings.setdefault(student, []).append((flag, problem))

    def _foreign(self, student, uid, name):
        """Whether an inbound folder belongs to someone else than ``student`` (then it is
        refused with a line): with ``CollectApp.check_owner`` (nbgrader's default), a
        folder owned neither by the student's account nor by the account collecting
        (an instructor's own upload, the test classes) is another user's."""
        if not self.check_owner or uid == os.geteuid():
            return False
        import pwd
        try:
            owner = pwd.getpwuid(uid).pw_name
        except KeyError:
            owner = f"uid {uid}"
        if owner == student:
            return False
        self._find(student, "owner-mismatch", f"inbound folder {name} claims to be {student}'s "
                   f"submission but belongs to {owner}; not collected")
        return True

    def _write_findings(self, student, replace=True):
        found = self.findings.get(student, [])
        if not replace and not found:
            return
        record_submission(self.coursedir.root, student, self.coursedir.assignment_id,
                          [flag for flag, _ in found], [problem for _, problem in found],
                          replace=replace)

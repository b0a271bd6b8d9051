"""Who uploaded a file: a named regular expression over the archive's entry names.

The pattern is matched against the top-level entry's path (``/``-separated; for a file
inside a zip inside the zip, the outer zip's path). Named groups, as in nbgrader's
``FileNameCollectorPlugin.named_regexp``:

- ``student_id``: the course's student id itself, or
- ``name`` and/or ``email``: looked up in the roster (without a roster, the id is made
  from the name);
- ``participant``: the platform's own number for the uploader (Moodle), kept for export;
- ``timestamp``: upload time (otherwise the archive entry's modification time, which
  is the time the platform stored the upload);
- ``file``: the rest of the name (the file as the student named it).
"""
import re
from dataclasses import dataclass

PRESETS = {
    # Moodle, Assignment -> "Download all submissions": one folder per submission,
    # "Full Name_123456_assignsubmission_file_/<file>"; with "Download submissions in
    # folders" switched off the same prefix is glued to each file name.
    "moodle": r"^(?P<name>[^/]+?)_(?P<participant>\d+)_assignsubmission_[a-z]+_/?(?P<file>.+)$",
    # Stud.IP, homework folder downloaded as zip: each file name is prefixed by its
    # uploader, "Surname_Firstname_<file>", possibly below sub-folders.
    "studip": r"^(?:[^/]*/)*(?P<name>[^/_]+_[^/_]+)_(?P<file>[^/]+)$",
    # one folder per student id: "<student_id>/<file>"
    "id-folders": r"^(?P<student_id>[^/]+)/(?P<file>.+)$",
}

# The platform's own marker in a preset's names. A display name or file name that
# carries a second copy (a student naming themselves "Ann_1002_assignsubmission_file_")
# could pose as another account: such a name is ambiguous and not attributed.
MARKERS = {"moodle": re.compile(r"_\d+_assignsubmission_[a-z]+_")}

# what nbgrader accepts as a folder name under submitted/ and we accept as an id
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")


@dataclass(frozen=True)
class Uploader:
    """The platform's view of who uploaded: whatever the pattern's groups gave."""
    student_id: str = ""
    name: str = ""
    email: str = ""
    participant: str = ""

    @property
    def key(self):
        """One string per platform account (for the summary and conflicts)."""
        if self.participant:
            return f"{self.name} (participant {self.participant})" if self.name \
                else f"participant {self.participant}"
        return self.email or self.name or self.student_id


@dataclass(frozen=True)
class Match:
    uploader: Uploader
    timestamp: str = ""
    file: str = ""


@dataclass(frozen=True)
class Layout:
    """A compiled pattern and, for presets, the platform's marker (see `MARKERS`)."""
    regex: re.Pattern
    marker: re.Pattern = None


def compile_pattern(preset=None, pattern=None):
    """The `Layout` of a preset or of the given pattern; checks the pattern's groups."""
    if bool(preset) == bool(pattern):
        raise ValueError("give exactly one of a preset or a pattern")
    if preset and preset not in PRESETS:
        raise ValueError(f"unknown layout preset {preset!r}; choose one of {sorted(PRESETS)}")
    regex = re.compile(PRESETS[preset] if preset else pattern)
    groups = set(regex.groupindex)
    if not groups & {"student_id", "name", "email"}:
        raise ValueError("the pattern needs a named group student_id, name or email, "
                         r"e.g. (?P<student_id>[^/]+)/(?P<file>.+)")
    return Layout(regex, MARKERS.get(preset))


class Ambiguous(ValueError):
    """The name carries the platform's marker more than once."""


def match_entry(layout, path):
    """`Match` for the entry path (a tuple of parts), None when the layout does not
    fit; raises `Ambiguous` when the name could belong to two accounts."""
    if layout.marker is not None and path and len(layout.marker.findall(path[0])) > 1:
        raise Ambiguous(f"{path[0]!r} carries the platform's marker "
                        f"{layout.marker.pattern!r} more than once")
    found = layout.regex.match("/".join(path))
    if not found:
        return None
    groups = {key: (value or "").strip() for key, value in found.groupdict().items()}
    uploader = Uploader(groups.get("student_id", ""), groups.get("name", ""),
                        groups.get("email", ""), groups.get("participant", ""))
    if not uploader.key:
        return None
    return Match(uploader, groups.get("timestamp", ""), groups.get("file", ""))

"""The roster: platform name or e-mail -> the course's student id.

A CSV file with a header; column names are case-insensitive: ``student_id`` (or ``id``)
and at least one of ``name`` (or ``platform_name``, ``full name``) and ``email`` (or
``e-mail``, ``email address``). Names match whatever their order, case, accents' form,
commas and underscores ("Müller, Anna" = "Anna Müller" = "Müller_Anna").
"""
import csv
import re
import unicodedata
from dataclasses import dataclass, field

from .layouts import STUDENT_ID, Uploader

ID_COLUMNS = ("student_id", "id")
NAME_COLUMNS = ("name", "platform_name", "full name", "full_name")
EMAIL_COLUMNS = ("email", "e-mail", "email address", "mail")


class RosterError(ValueError):
    """The roster file cannot be used; the message names the row."""


def name_key(name):
    """Order- and form-independent key of a person's name."""
    text = unicodedata.normalize("NFC", name).casefold()
    tokens = [token for token in re.split(r"[\s,_;]+", text) if token]
    return " ".join(sorted(tokens))


def _column(header, choices):
    for column in header:
        if column.strip().casefold() in choices:
            return column
    return None


@dataclass
class Roster:
    """Lookups from the platform's identity to a student id."""
    by_name: dict = field(default_factory=dict)
    by_email: dict = field(default_factory=dict)
    ids: set = field(default_factory=set)
    email_of: dict = field(default_factory=dict)   # student id -> e-mail from the roster

    @classmethod
    def read(cls, path):
        roster = cls()
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            id_column = _column(header, ID_COLUMNS)
            name_column = _column(header, NAME_COLUMNS)
            email_column = _column(header, EMAIL_COLUMNS)
            if not id_column or not (name_column or email_column):
                raise RosterError(f"{path}: the header needs student_id and name or email "
                                  f"(found {header})")
            for line, row in enumerate(reader, start=2):
                student = (row.get(id_column) or "").strip()
                if not STUDENT_ID.match(student):
                    raise RosterError(f"{path}, line {line}: {student!r} is not a usable "
                                      "student id (letters, digits, . _ @ + -)")
                roster.ids.add(student)
                for table, value in ((roster.by_name, name_key(row.get(name_column) or "")
                                      if name_column else ""),
                                     (roster.by_email, (row.get(email_column) or "")
                                      .strip().casefold() if email_column else "")):
                    if value and table.get(value, student) != student:
                        raise RosterError(f"{path}, line {line}: {value!r} is listed for "
                                          f"{table[value]} and {student}")
                    if value:
                        table[value] = student
                if email_column and (row.get(email_column) or "").strip():
                    roster.email_of[student] = row[email_column].strip()
        return roster

    def lookup(self, uploader: Uploader):
        """The student id of an uploader, or None when the roster does not list them."""
        if uploader.student_id:
            return uploader.student_id if uploader.student_id in self.ids else None
        if uploader.email and uploader.email.casefold() in self.by_email:
            return self.by_email[uploader.email.casefold()]
        if uploader.name and name_key(uploader.name) in self.by_name:
            return self.by_name[name_key(uploader.name)]
        return None


def id_from_name(text):
    """A student id made from a platform name when there is no roster ("Anna Müller"
    -> "anna-muller")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")
    return slug[:64]

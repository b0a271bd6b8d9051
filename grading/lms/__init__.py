"""Submissions from a learning platform: its zip in, feedback and grades out.

``collect_zip`` (archive -> ``submitted/``, every file accounted for) and
``export_lms`` (gradebook and feedback -> the platform's upload formats).
"""
from .archive import ArchiveRefused, Limits
from .collect import CollectResult, collect_zip
from .export import export_lms
from .layouts import PRESETS
from .roster import RosterError

__all__ = ["ArchiveRefused", "CollectResult", "Limits", "PRESETS", "RosterError",
           "collect_zip", "export_lms"]

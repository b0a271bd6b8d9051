"""Per-student, per-check seeds derived from a course secret.

seed = first 8 bytes of SHA-256(secret | student id | check id | submission), as an int
< 2**63, where ``submission`` is the submission's time as the gradebook has it. Re-grading
the same submission is reproducible; students get different hidden inputs; a new
submission gets new inputs, so hidden inputs seen in feedback are worthless for the next
one; without the secret the inputs cannot be predicted. The secret comes from ``DDASP_COURSE_SECRET`` or the file
``.course_secret`` at the course root (created by ``make venv``, never committed).
"""
import hashlib
import os
import secrets

from .paths import COURSE_ROOT

SECRET_FILE = COURSE_ROOT / ".course_secret"
LOCAL_STUDENT = "local"  # the student id used when a notebook runs outside autograde


def course_secret():
    """The course secret; creates ``.course_secret`` on first use."""
    from_env = os.environ.get("DDASP_COURSE_SECRET")
    if from_env:
        return from_env
    if not SECRET_FILE.exists():
        SECRET_FILE.write_text(secrets.token_hex(32) + "\n")
        SECRET_FILE.chmod(0o600)
    return SECRET_FILE.read_text().strip()


def derive_seed(student_id, check_id, secret=None, submission=""):
    """The seed of ``check_id`` for ``student_id``'s ``submission``: an int in [0, 2**63).

    ``submission`` names one submission (its timestamp); "" outside autograde.
    """
    secret = course_secret() if secret is None else secret
    text = f"{secret}|{student_id}|{check_id}" + (f"|{submission}" if submission else "")
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1

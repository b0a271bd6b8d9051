"""Where things live in the course repository."""
from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parent.parent
COURSE_ID = "ddasp"  # nbgrader's course id: the course's folder in the exchange, its gradebook entry
SOURCE = COURSE_ROOT / "source"
RELEASE = COURSE_ROOT / "release"
TESTS = COURSE_ROOT / "tests"
BANK = TESTS / "bank"
HOSTILE = TESTS / "hostile"


def source_notebook(assignment):
    return SOURCE / assignment / f"{assignment}.ipynb"


def release_notebook(assignment):
    return RELEASE / assignment / f"{assignment}.ipynb"

"""Where things live in the course repository."""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
COURSE_ROOT = PACKAGE.parent
COURSE_ID = "ddasp"  # nbgrader's course id: the course's folder in the exchange, its gradebook entry
SOURCE = COURSE_ROOT / "source"
RELEASE = COURSE_ROOT / "release"
# The sample submissions (one file per simulated student, named after the outcome it must
# get: passes_all_*, fails_<part>_*), in the package: the demo and the similarity
# calibration use them, the tests grade all of them.
BANK = PACKAGE / "samples" / "bank"


def source_notebook(assignment):
    return SOURCE / assignment / f"{assignment}.ipynb"


def release_notebook(assignment):
    return RELEASE / assignment / f"{assignment}.ipynb"

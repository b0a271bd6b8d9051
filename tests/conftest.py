"""Shared fixtures: one graded course per test run (real nbgrader, real kernels)."""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from grading.toolpath import put_bin_first  # noqa: E402

put_bin_first()
os.environ.setdefault("DDASP_COURSE_SECRET", "test-secret-not-for-production")

from classroom import build_class, run_course  # noqa: E402

from grading.registry import ASSIGNMENTS  # noqa: E402

# Per-cell limit of the test class: short enough that hostile notebooks (infinite loops)
# do not dominate the suite, long enough for the honest training cell (under a second).
TEST_ENV = {"DDASP_CELL_TIMEOUT": "20"}


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    """Every bank, hostile and bad-input student, graded once by `nbgrader autograde`."""
    root = tmp_path_factory.mktemp("class")
    return run_course(root, build_class(ASSIGNMENTS), ASSIGNMENTS, TEST_ENV)

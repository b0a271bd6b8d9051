"""Class-scale autograding: parallel, resumable, measured — on one machine or several.

- `autograde_class`: grade every collected submission of an assignment with a pool of
  long-lived workers, each running nbgrader's Autograde converter in-process, with a
  progress bar and a summary (``grading.scale.progress``; the work: `grade_class` in
  ``.run``, ``.pool``, ``.worker``);
- `make_plan`: which students still need grading (resume; ``grading.scale.plan``);
- ``grading.scale.gradebook``: SQLite in WAL mode with a busy timeout, or PostgreSQL;
- `format_summary`: the end-of-run summary.
"""
from .outcome import FAILED, GRADED, SKIPPED, Outcome
from .plan import Plan, make_plan
from .pool import Pool, RunFailed, default_workers
from .progress import autograde_class
from .run import RunResult, grade_class
from .summary import format_summary
from .worker import Grader, WorkerSpec

__all__ = ["FAILED", "GRADED", "SKIPPED", "Grader", "Outcome", "Plan", "Pool", "RunFailed",
           "RunResult", "WorkerSpec", "autograde_class", "default_workers", "format_summary",
           "grade_class", "make_plan"]

"""What happened to one student in an autograde run."""
from dataclasses import asdict, dataclass, field

GRADED = "graded"
FAILED = "failed"
SKIPPED = "skipped"   # already graded by an earlier run (resume)


@dataclass
class Outcome:
    """One student's result. ``reason``: one line for the summary when ``status`` is failed.

    ``flags`` and ``problems`` are the submission's findings (`grading.findings.read`);
    ``log`` holds nbgrader's log of a failed student.
    """
    student: str
    status: str
    reason: str = ""
    flags: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    score: float = None
    max_score: float = None
    seconds: float = 0.0
    log: str = ""
    worker: int = None        # pid of the worker process that graded it
    open_fds: int = None      # the worker's open file descriptors afterwards (leak check)

    @property
    def flagged(self):
        return bool(self.flags)

    def to_dict(self):
        return asdict(self)

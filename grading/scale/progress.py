"""``autograde_class``: grade a class with a progress bar — what ``ddasp autograde`` and the
demo call. The work itself is `grading.scale.run.grade_class`."""
import sys

from ..time_limits import STUDENT_SECONDS
from .outcome import FAILED
from .run import grade_class
from .summary import format_summary


def autograde_class(root, assignment, progress=True, summary=True, workers=None,
                    force=False, students=None, db_url=None, timeout=STUDENT_SECONDS,
                    log_dir=None, intake=True, nbgrader_args=(), stream=None):
    """Grade every collected submission of ``assignment`` in ``root``; returns a `RunResult`.

    ``progress``: a tqdm bar (and one line per failed student) on ``stream`` (stderr);
    ``summary``: print the end-of-run summary to stdout. Other arguments: see
    `grade_class`. Raises `RunFailed` when the run cannot happen.
    """
    from tqdm import tqdm

    stream = stream or sys.stderr
    bar = None

    def on_plan(plan):
        nonlocal bar
        bar = tqdm(total=len(plan.to_grade), desc=f"autograde {assignment}", unit="student",
                   disable=not progress, file=stream, dynamic_ncols=True)

    def on_outcome(outcome):
        bar.update(1)
        if outcome.status == FAILED and progress:
            bar.write(f"failed: {outcome.student}: {outcome.reason}", file=stream)

    try:
        result = grade_class(assignment, root=root, workers=workers, force=force,
                             students=students, db_url=db_url, timeout=timeout,
                             log_dir=log_dir, intake=intake, nbgrader_args=nbgrader_args,
                             on_plan=on_plan, on_outcome=on_outcome)
    finally:
        if bar is not None:
            bar.close()
    if summary:
        print(format_summary(result))
    return result

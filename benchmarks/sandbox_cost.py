"""Benchmark: what the sandbox and the verdict boundary cost per submission.

One simulated class (bank variants, cycled) is graded three times with the standard
``nbgrader autograde``, one after another in one run, each from the same collected
submissions:

- baseline: nbgrader's own Execute, unsandboxed (``DDASP_UNSANDBOXED=1``): hidden tests
  run inside the student's kernel, as nbgrader does by default;
- boundary: `TrustedExecute` with a plain kernel (``--TrustedExecute.sandbox=False``):
  verdicts computed outside the student's kernel;
- sandbox + boundary: the course's configuration (bubblewrap kernel, trusted verdicts).

Prints seconds per submission and the ratios against the baseline.

    python benchmarks/sandbox_cost.py [--students 20]
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from autograde_benchmark import (autograde_seconds, class_parser, grading_env,  # noqa: E402
                                 print_table_head, temporary_class)

MODES = (
    ("baseline: nbgrader autograde, unsandboxed", {"DDASP_UNSANDBOXED": "1"}, ()),
    ("boundary only (trusted verdicts, plain kernel)", {}, ("--TrustedExecute.sandbox=False",)),
    ("sandbox + boundary (course default)", {}, ()),
)


def main(argv=None):
    args = class_parser(__doc__.splitlines()[0]).parse_args(argv)
    assignments = ("matrix_fundamentals", "nonlinear_regression")
    env = grading_env(PYTHONWARNINGS="ignore")
    with temporary_class("ddasp-sandbox-cost-", assignments, args.students) as course:
        print_table_head("sandbox and boundary cost", args.students,
                         [("assignment", "---"), ("mode", "---"), ("s per submission", "---:"),
                          ("ratio to baseline", "---:")])
        for assignment in assignments:
            baseline = None
            for label, extra_env, extra_args in MODES:
                per = autograde_seconds(course, assignment, args.students,
                                        {**env, **extra_env}, *extra_args)
                baseline = baseline or per
                print(f"| {assignment} | {label} | {per:.2f} | {per / baseline:.2f} |",
                      flush=True)


if __name__ == "__main__":
    main()

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
import argparse
import os
import platform
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from autograde_benchmark import BIN, build_course, clear_autograded, measured  # noqa: E402

MODES = (
    ("baseline: nbgrader autograde, unsandboxed", {"DDASP_UNSANDBOXED": "1"}, ()),
    ("boundary only (trusted verdicts, plain kernel)", {}, ("--TrustedExecute.sandbox=False",)),
    ("sandbox + boundary (course default)", {}, ()),
)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20, help="per assignment")
    args = parser.parse_args(argv)
    assignments = ("matrix_fundamentals", "nonlinear_regression")
    env = {**os.environ, "PATH": os.pathsep.join([BIN, os.environ.get("PATH", "")]),
           "PYTHONWARNINGS": "ignore"}
    with tempfile.TemporaryDirectory(prefix="ddasp-sandbox-cost-") as root:
        course = build_course(Path(root) / "course", assignments, args.students)
        print(f"# sandbox and boundary cost, {date.today()}, {platform.machine()}, "
              f"{os.cpu_count()} cores, {args.students} submissions per assignment")
        print("| assignment | mode | s per submission | ratio to baseline |")
        print("| --- | --- | ---: | ---: |")
        for assignment in assignments:
            baseline = None
            for label, extra_env, extra_args in MODES:
                clear_autograded(course.root, assignment)
                seconds, _, _, _ = measured(
                    [str(Path(BIN) / "nbgrader"), "autograde", assignment, "--force",
                     *extra_args], course.root, {**env, **extra_env})
                per = seconds / args.students
                baseline = baseline or per
                print(f"| {assignment} | {label} | {per:.2f} | {per / baseline:.2f} |",
                      flush=True)


if __name__ == "__main__":
    main()

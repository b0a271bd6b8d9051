"""Benchmark: what error carried forward costs per submission, against the cascade.

One simulated class (bank variants, cycled, so the wrong variants that make the grader
answer dependencies or take central differences of a student's own forward are in it) is
graded with the standard ``nbgrader autograde`` and the course's configuration (sandbox,
trusted verdicts), in one run, alternating the two policies ``--repeats`` times:

- cascade: ``--TrustedExecute.carry_forward=False``;
- carry-forward: the course default (``carry_forward = True`` in nbgrader_config.py).

Prints seconds per submission of every run, the medians and their ratio (target: at
most 1.2), and the grading alone in this process (``grade_locally`` over the bank: the
reference traces, tables and extra rounds without the kernel and nbgrader around them).

    python benchmarks/carry_forward_cost.py [--students 20] [--repeats 2]
"""
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from autograde_benchmark import (autograde_seconds, class_parser, grading_env,  # noqa: E402
                                 print_table_head, temporary_class)

ASSIGNMENTS = ("matrix_fundamentals", "nonlinear_regression")
POLICIES = (("cascade", ("--TrustedExecute.carry_forward=False",)), ("carry-forward", ()))


def in_process(assignment):
    """Seconds to grade every bank variant once under each policy, in this process."""
    from grading.paths import BANK
    from grading.submissions import bank, build_submission, execute_locally, grade_locally

    namespaces = [execute_locally(build_submission(assignment, variant), assignment=assignment)
                  for variant in bank(BANK / assignment)]
    seconds = {}
    for label, carry_forward in (("cascade", False), ("carry-forward", True)):
        started = time.perf_counter()
        for namespace in namespaces:
            grade_locally(assignment, namespace, "benchmark", carry_forward)
        seconds[label] = (time.perf_counter() - started) / len(namespaces)
    return seconds


def main(argv=None):
    parser = class_parser(__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="runs per policy, alternating")
    args = parser.parse_args(argv)
    env = grading_env(PYTHONWARNINGS="ignore")
    with temporary_class("ddasp-carry-cost-", ASSIGNMENTS, args.students) as course:
        print_table_head("carry-forward cost", args.students,
                         [("assignment", "---"), ("policy", "---"),
                          ("s per submission (runs)", "---"), ("median", "---:"),
                          ("ratio to cascade", "---:")], f", {args.repeats} runs per policy")
        for assignment in ASSIGNMENTS:
            runs = {label: [] for label, _ in POLICIES}
            for _ in range(args.repeats):
                for label, extra in POLICIES:
                    runs[label].append(autograde_seconds(course, assignment, args.students,
                                                         env, *extra))
            cascade = statistics.median(runs["cascade"])
            for label, _ in POLICIES:
                median = statistics.median(runs[label])
                shown = ", ".join(f"{value:.2f}" for value in runs[label])
                print(f"| {assignment} | {label} | {shown} | {median:.2f} | "
                      f"{median / cascade:.2f} |", flush=True)
    print("\n# grading alone, in this process (s per bank variant)")
    print("| assignment | cascade | carry-forward | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for assignment in ASSIGNMENTS:
        seconds = in_process(assignment)
        print(f"| {assignment} | {seconds['cascade']:.3f} | {seconds['carry-forward']:.3f} | "
              f"{seconds['carry-forward'] / seconds['cascade']:.2f} |", flush=True)


if __name__ == "__main__":
    main()

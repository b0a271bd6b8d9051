"""Benchmark: what the grader's static scan (grading/scan) costs per submission.

Scans every bank variant's notebook of both assignments as `TrustedExecute` does
(``scan_for_grading``: notebook cells and, here, no extra files), and the largest input
the bounds let through (one 128 kB cell of small functions). Prints the median time per
submission and its ratio to the per-submission time of ``nbgrader autograde`` measured
in docs/scale.md (1.57 s and 2.83 s), and the worst case.

    python benchmarks/static_scan_cost.py [--repeat 5]
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nbformat  # noqa: E402

from grading.paths import BANK  # noqa: E402
from grading.registry import ASSIGNMENTS  # noqa: E402
from grading.scan.sources import MAX_UNIT_BYTES  # noqa: E402
from grading.scan.verdicts import scan_for_grading  # noqa: E402
from grading.submissions import bank, build_submission  # noqa: E402

AUTOGRADE_SECONDS = {"matrix_fundamentals": 1.57, "nonlinear_regression": 2.83}  # docs/scale.md


def timed(nb, assignment, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        scan_for_grading(nb, None, assignment)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for assignment in ASSIGNMENTS:
        notebooks = [build_submission(assignment, variant) for variant in bank(BANK / assignment)]
        scan_for_grading(notebooks[0], None, assignment)  # imports, registry
        seconds = [timed(nb, assignment, args.repeat) for nb in notebooks]
        median = statistics.median(seconds)
        print(f"{assignment}: {len(notebooks)} submissions, scan median {median * 1000:.1f} ms "
              f"(max {max(seconds) * 1000:.1f} ms), ratio to nbgrader autograde per submission "
              f"{median / AUTOGRADE_SECONDS[assignment]:.3f}")
    lines, size, index = ["import numpy as np"], 0, 0
    while size < MAX_UNIT_BYTES - 200:
        line = f"def f{index}(A):\n    return np.linalg.eigh(A @ A.T)[0] + {index}"
        lines.append(line)
        size += len(line) + 1
        index += 1
    big = nbformat.v4.new_notebook()
    big.cells = [nbformat.v4.new_code_cell("\n".join(lines))]
    seconds = timed(big, "matrix_fundamentals", 1)
    print(f"largest cell the bounds scan ({size / 1000:.0f} kB, {index} functions): {seconds:.2f} s")


if __name__ == "__main__":
    main()

"""Time ``ddasp similarity`` on a class of N submissions (default 300).

Builds ``submitted/<student>/matrix_fundamentals/matrix_fundamentals.ipynb`` for N
students from the bank variants (cycled; every student's solution cells renamed with a
different seed, so no two notebooks are byte-identical) in a temporary course folder,
then runs the command's work in this process: read, normalise, fingerprint, compare
every pair, write the report (tables, HTML, histogram, flags). Two boilerplate settings:

- ``release`` (the command's default): every simulated notebook keeps the instructor's
  solution where its variant does not replace it, so nearly every pair shares code and
  is compared in full — the worst case;
- ``instructor`` (``--boilerplate`` the source notebook, as the demo does): each
  student's own code only.

Prints seconds per phase and the peak memory (RSS) of this process. One process: the
comparison runs on one core.

    python benchmarks/similarity_benchmark.py [--students 300]
"""
import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from grading.paths import BANK, release_notebook, source_notebook
from grading.similarity.report import write as write_report
from grading.similarity.run import analyse
from grading.similarity.disguise import disguise_notebook, rename
from grading.submissions import bank, build_submission

ASSIGNMENT = "matrix_fundamentals"


def build_class(root, count):
    (root / "release" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(release_notebook(ASSIGNMENT), root / "release" / ASSIGNMENT)
    variants = bank(BANK / ASSIGNMENT)
    notebooks = {variant.name: build_submission(ASSIGNMENT, variant) for variant in variants}
    for number in range(count):
        variant = variants[number % len(variants)]
        notebook = disguise_notebook(notebooks[variant.name], rename, salt=number)
        folder = root / "submitted" / f"student-{number:03d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(notebook, str(folder / f"{ASSIGNMENT}.ipynb"))


def measure(root, label, boilerplate):
    started = time.perf_counter()
    result = analyse(root, ASSIGNMENT, boilerplate_files=boilerplate)
    analysed = time.perf_counter()
    write_report(result, root / "out" / label)
    written = time.perf_counter()
    compared = sum(1 for pair in result.pairs if pair.tokens)
    print(f"{label:12s} {len(result.fingerprints)} students, {len(result.pairs)} pairs "
          f"({compared} sharing code), {len(result.flagged)} flagged: analyse "
          f"{analysed - started:.1f} s, report {written - analysed:.1f} s, "
          f"total {written - started:.1f} s")
    return written - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="similarity-benchmark-"))
    try:
        started = time.perf_counter()
        build_class(root, args.students)
        print(f"built {args.students} submissions in {time.perf_counter() - started:.1f} s")
        measure(root, "release", [])
        measure(root, "instructor", [source_notebook(ASSIGNMENT)])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory {peak:.0f} MB")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

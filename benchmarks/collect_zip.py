"""Cost of ``collect-zip`` on a platform download of a large class.

    python benchmarks/collect_zip.py [--students 300]

Builds a Moodle "download all submissions" zip (one notebook of the bank per student,
every fifth student with a second, older version) in a temporary course and collects it
once; prints wall time per upload and the peak memory of the process.
"""
import argparse
import resource
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grading.lms import collect_zip  # noqa: E402
from grading.lms.simulate import PlatformFile, PlatformStudent, _notebook, write_zip  # noqa: E402
from grading.paths import COURSE_ROOT  # noqa: E402

ASSIGNMENT = "matrix_fundamentals"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    args = parser.parse_args()
    notebook = _notebook(ASSIGNMENT, "passes_all_reference")
    students = []
    for index in range(args.students):
        files = [PlatformFile(f"{ASSIGNMENT}.ipynb", notebook, datetime(2026, 11, 20, 12))]
        if index % 5 == 0:
            files.append(PlatformFile(f"{ASSIGNMENT} (1).ipynb", notebook, datetime(2026, 11, 19, 9)))
        students.append(PlatformStudent(f"Student {index:04d}", 10000 + index, None, files,
                                        None, "benchmark"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(COURSE_ROOT / "source" / ASSIGNMENT, tmp / "course/source" / ASSIGNMENT)
        archive = write_zip(tmp / "download.zip", students, hostile=False)
        started = time.perf_counter()
        result = collect_zip(tmp / "course", ASSIGNMENT, archive, preset="moodle")
        seconds = time.perf_counter() - started
    uploads = len(result.uploads)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"students: {len(result.students)}, uploads: {uploads} "
          f"({result.count('graded')} graded, {result.count('quarantined')} older versions)")
    print(f"collect-zip: {seconds:.2f} s in all, {1000 * seconds / uploads:.1f} ms per upload, "
          f"peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()

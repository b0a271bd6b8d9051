"""Cost of the course's collect against nbgrader's, on one simulated class.

    python benchmarks/collect_cost.py [--students 200] [--repeat 3]

Builds an exchange with one inbound folder per student, each holding what ``nbgrader
submit`` leaves for ``nonlinear_regression`` (the release notebook, its two data files,
timestamp.txt, submission_secret.txt), and collects the class in-process with nbgrader
0.9.6's ExchangeCollect and with the course's SafeCollect (same gradebook, fresh
``submitted/`` each time). Prints the best wall time per submission of each and the ratio.
"""
import argparse
import datetime
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from grading.toolpath import put_bin_first  # noqa: E402

put_bin_first()

from nbgrader.api import Gradebook  # noqa: E402
from nbgrader.auth import Authenticator  # noqa: E402
from nbgrader.coursedir import CourseDirectory  # noqa: E402
from nbgrader.exchange.default import ExchangeCollect  # noqa: E402
from traitlets.config import Config  # noqa: E402

from grading.nbgrader_integration.collect import SafeCollect  # noqa: E402
from grading.paths import COURSE_ID, RELEASE  # noqa: E402

ASSIGNMENT = "nonlinear_regression"


def build_class(root, students):
    inbound = root / "exchange" / COURSE_ID / "inbound"
    inbound.mkdir(parents=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    for index in range(students):
        folder = inbound / f"student{index:04}+{ASSIGNMENT}+{stamp}+{secrets.token_hex(16)}"
        shutil.copytree(RELEASE / ASSIGNMENT, folder)
        (folder / "timestamp.txt").write_text(stamp)
        (folder / "submission_secret.txt").write_text(secrets.token_hex(64))
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id=COURSE_ID):
        pass


def collect_once(root, collector):
    shutil.rmtree(root / "submitted", ignore_errors=True)
    config = Config()
    config.Exchange.root = str(root / "exchange")
    coursedir = CourseDirectory(root=str(root), course_id=COURSE_ID, assignment_id=ASSIGNMENT,
                                db_url=f"sqlite:///{root / 'gradebook.db'}")
    exchange = collector(coursedir=coursedir, authenticator=Authenticator(), config=config)
    exchange.log.setLevel("ERROR")
    start = time.perf_counter()
    exchange.start()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_class(root, args.students)
        files = sum(1 for path in (root / "exchange").rglob("*") if path.is_file())
        best = {"nbgrader ExchangeCollect": float("inf"), "course SafeCollect": float("inf")}
        for _ in range(args.repeat):  # interleaved rounds
            best["nbgrader ExchangeCollect"] = min(best["nbgrader ExchangeCollect"],
                                                   collect_once(root, ExchangeCollect))
            best["course SafeCollect"] = min(best["course SafeCollect"],
                                             collect_once(root, SafeCollect))
    print(f"{args.students} submissions ({files} files), best of {args.repeat}:")
    baseline = best["nbgrader ExchangeCollect"]
    for name, seconds in best.items():
        print(f"  {name:26s} {1000 * seconds / args.students:7.2f} ms per submission"
              f"   ratio {seconds / baseline:5.2f}")


if __name__ == "__main__":
    main()

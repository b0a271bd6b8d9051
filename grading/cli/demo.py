"""``ddasp demo``: run the whole course pipeline on a simulated class."""
from pathlib import Path

from ..paths import COURSE_ROOT


def _run(args):
    from ..demo import run_demo
    report = run_demo(Path(args.dir))
    print(report.read_text())
    return 0


def register(subparsers):
    parser = subparsers.add_parser(
        "demo", help="run generate/release/fetch/submit/collect/autograde/feedback/export "
                     "on a demo class, and a platform zip through collect-zip/export-lms", description=__doc__)
    parser.add_argument("--dir", default=str(COURSE_ROOT / "demo"),
                        help="working folder, recreated on every run (default: demo/)")
    parser.set_defaults(handler=_run)

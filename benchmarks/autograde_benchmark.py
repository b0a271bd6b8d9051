"""Benchmark: grading a class with ``nbgrader autograde`` versus ``ddasp autograde``.

Builds a simulated class in a temporary course (this repository's nbgrader_config.py and
sources): every student submits, through the real exchange, a notebook built with
``grading.submissions.build_submission`` from the bank variants in
``grading/samples/bank/<assignment>/`` (cycled). Then, per assignment, in one run:

- floor, configured executor: the notebooks executed one after another in one process
  by the Execute step the configuration selects (TrustedExecute: sandboxed kernel,
  verdicts from outside), i.e. nbclient doing exactly the execution autograde does;
- floor, plain kernel: the same notebooks with nbclient and the stock python3 kernel;
- ``nbgrader autograde`` (one process, sequential);
- ``ddasp autograde --workers 1`` and ``--workers N`` (N = cores by default).

Each run is a separate process tree; we report wall time per submission (start-up
included: that is what a class costs) and the peak memory of the whole tree (sum of
proportional set sizes, sampled every 0.2 s), the ratios between runs, and whether the
exported grades of ``ddasp autograde`` equal those of ``nbgrader autograde``.

    python benchmarks/autograde_benchmark.py [--students 60] [--workers N]
"""
import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PYTHON = sys.executable
BIN = os.path.dirname(PYTHON)


# ----------------------------------------------------------------------------- memory
def tree_pss_bytes(pid):
    """Proportional set size of ``pid`` and its descendants, summed (RSS where PSS is
    unreadable; 0 for processes that are gone)."""
    import psutil

    from grading.scale.procs import descendants
    total = 0
    for member in [pid] + descendants(pid):
        try:
            process = psutil.Process(member)
            try:
                total += process.memory_full_info().pss
            except psutil.AccessDenied:
                total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


class PeakMemory(threading.Thread):
    """Samples the summed PSS of a process tree until stopped; ``peak`` in bytes."""

    def __init__(self, pid, interval=0.2):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            self.peak = max(self.peak, tree_pss_bytes(self.pid))
            self._done.wait(self.interval)

    def stop(self):
        self._done.set()
        self.join()


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(argv, cwd, env):
    """Run ``argv``; returns (wall seconds, CPU seconds of the tree, peak bytes, stdout).

    CPU seconds: user + system time of the processes of the tree that were waited for;
    sandboxed kernels end with their bwrap and are not waited for, so their CPU is
    missing (shown while running, kept in --json, not in the report).
    """
    cpu = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    sampler = PeakMemory(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} failed ({process.returncode}):\n"
                           f"{stdout[-2000:]}\n{stderr[-4000:]}")
    return seconds, _children_cpu() - cpu, sampler.peak, stdout


# ------------------------------------------------------------------------------ class
def build_course(root, assignments, students):
    """Course with ``students`` simulated students per assignment, submitted and collected."""
    from grading.course import Course
    from grading.paths import BANK
    from grading.simulated_class import SimulatedStudent, fill_from_variant, simulate_class
    from grading.submissions import bank

    course = Course.create(root, assignments)
    simulated = []
    for assignment in assignments:
        variants = bank(BANK / assignment)
        simulated += [SimulatedStudent(f"student{index:03d}", assignment,
                                       fill_from_variant(assignment, variants[index % len(variants)]))
                      for index in range(students)]
    return simulate_class(course, assignments, simulated, Path(root) / "homes")


def class_parser(description, students=20):
    """An argument parser with ``--students`` (simulated submissions per assignment)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--students", type=int, default=students, help="per assignment")
    return parser


@contextlib.contextmanager
def temporary_class(prefix, assignments, students):
    """A `build_course` class in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as root:
        yield build_course(Path(root) / "course", assignments, students)


def print_table_head(title, students, columns, note=""):
    """Print a benchmark's title line (date, machine, cores, class size, ``note``) and the
    head of its markdown table; ``columns``: (name, alignment row cell) pairs."""
    print(f"# {title}, {date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
          f"{students} submissions per assignment{note}")
    print("| " + " | ".join(name for name, _ in columns) + " |")
    print("| " + " | ".join(align for _, align in columns) + " |")


def grading_env(**extra):
    """The environment of the graders: this environment's bin folder first on PATH, plus
    ``extra`` variables."""
    from grading.toolpath import put_bin_first
    return put_bin_first({**os.environ, **extra})


def autograde_seconds(course, assignment, students, env, *extra_args):
    """Seconds per submission of ``nbgrader autograde ASSIGNMENT --force`` over the class
    (earlier output removed first); ``extra_args`` go to nbgrader."""
    clear_autograded(course.root, assignment)
    seconds, _, _, _ = measured([str(Path(BIN) / "nbgrader"), "autograde", assignment,
                                 "--force", *extra_args], course.root, env)
    return seconds / students


def clear_autograded(root, assignment):
    for folder in Path(root, "autograded").glob(f"*/{assignment}"):
        for path in folder.rglob("*"):
            if path.is_file():
                path.chmod(0o644)
        shutil.rmtree(folder)


def export_rows(course, path):
    """The exported grades as sorted tuples (row order is not defined)."""
    rows = course.export(path)
    return sorted(tuple(sorted(row.items())) for row in rows)


# ------------------------------------------------------------------------------ floor
def floor_run(root, assignment, kind):
    """Execute every submitted notebook of ``assignment`` in this process; print JSON."""
    import nbformat
    from nbclient import NotebookClient
    from nbgrader.utils import setenv

    os.environ.setdefault("MPLBACKEND", "Agg")
    folders = sorted(Path(root, "submitted").glob(f"*/{assignment}"))
    executor = None
    if kind == "configured":
        from nbgrader.converters import Autograde
        from nbgrader.preprocessors import Execute

        from grading.scale.worker import Grader
        grader = Grader(root, assignment)
        steps = Autograde(coursedir=grader.coursedir, parent=grader.app).autograde_preprocessors
        executor = next(step for step in steps if isinstance(step, type)
                        and issubclass(step, Execute))
        app = grader.app
    started = time.perf_counter()
    for folder in folders:
        notebook = nbformat.read(str(folder / f"{assignment}.ipynb"), as_version=4)
        resources = {"metadata": {"path": str(folder)},
                     "nbgrader": {"assignment": assignment, "student": folder.parent.name,
                                  "notebook": assignment}}
        if executor is None:
            NotebookClient(notebook, kernel_name="python3", timeout=60, allow_errors=True,
                           resources=resources).execute()
        else:
            with setenv(NBGRADER_EXECUTION="autograde"):
                executor(parent=app).preprocess(notebook, resources)
    print(json.dumps({"count": len(folders), "seconds": time.perf_counter() - started,
                      "executor": executor.__name__ if executor else "NotebookClient"}))


# ------------------------------------------------------------------------------- main
def benchmark_assignment(course, assignment, worker_counts, env, repeat=1):
    """Every run ``repeat`` times, interleaved; keeps each run's fastest wall time."""
    root = str(course.root)
    count = len(list(Path(root, "submitted").glob(f"*/{assignment}")))
    me = [PYTHON, str(Path(__file__).resolve())]
    plan = [(FLOOR, me + ["--floor-run", root, assignment, "configured"]),
            ("floor: nbclient, python3 kernel, one process",
             me + ["--floor-run", root, assignment, "python3"]),
            (NBGRADER, [os.path.join(BIN, "nbgrader"), "autograde", assignment, "--force"])]
    plan += [(f"ddasp autograde --workers {n}",
              [PYTHON, "-m", "grading", "autograde", assignment, "--force", "-q",
               "--workers", str(n)]) for n in worker_counts]
    runs, identical, reference = {}, True, None
    for round_ in range(repeat):
        for name, argv in plan:
            if not name.startswith("floor"):
                clear_autograded(root, assignment)
            seconds, cpu, peak, out = measured(argv, root, env)
            print(f"  {name:<44} {seconds:7.1f} s  {seconds / count:6.3f} s/submission  "
                  f"cpu {cpu / count:6.3f} s/submission  {peak / 2**20:5.0f} MB", flush=True)
            best = runs.get(name)
            if best is None or seconds < best["seconds"]:
                runs[name] = {"seconds": seconds, "per_submission": seconds / count,
                              "cpu_per_submission": cpu / count, "peak_mb": peak / 2**20}
            if name.startswith("floor"):
                continue
            rows = export_rows(course, Path(root) / f"{assignment}-export.csv")
            if name == NBGRADER:
                reference = rows if reference is None else reference
                identical &= rows == reference
            elif reference is not None:
                identical &= rows == reference
    return count, runs, identical


FLOOR = "floor: configured Execute step, one process"
NBGRADER = "nbgrader autograde (sequential)"


def report(results, workers, students, load):
    lines = [f"## Autograde benchmark, {date.today().isoformat()}",
             f"machine: {os.cpu_count()} cores ({_cpu_model()}), "
             f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB, "
             f"Python {platform.python_version()}, load average {load[0]:.2f} at start, "
             f"{os.getloadavg()[0]:.2f} at end",
             f"class: {students} simulated students per assignment (bank variants cycled)", ""]
    for assignment, (count, runs, identical) in results.items():
        base = runs[NBGRADER]["per_submission"]
        floor = runs[FLOOR]["per_submission"]
        lines += [f"### {assignment} ({count} submissions)", "",
                  "| run | s/submission | peak memory (MB) | speed-up vs nbgrader | x floor |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        for name, run in runs.items():
            lines.append(f"| {name} | {run['per_submission']:.3f} | {run['peak_mb']:.0f} | "
                         f"{base / run['per_submission']:.2f} | "
                         f"{run['per_submission'] / floor:.2f} |")
        many = runs[f"ddasp autograde --workers {workers}"]["per_submission"]
        single = runs["ddasp autograde --workers 1"]["per_submission"]
        lines += ["",
                  f"- ddasp --workers {workers} vs nbgrader autograde: {base / many:.2f}x "
                  f"faster (target >= 1.7x)",
                  f"- per submission, ddasp --workers 1: {single / floor:.2f}x the floor; "
                  f"--workers {workers}: {many / floor:.2f}x (target <= 1.5x)",
                  f"- exported grades identical to nbgrader autograde: "
                  f"{'yes' if identical else 'NO'}", ""]
    return "\n".join(lines)


def _cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def main(argv=None):
    from grading.registry import ASSIGNMENTS
    from grading.scale import default_workers

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="N of the parallel run (default: cores)")
    parser.add_argument("--also-workers", type=int, nargs="*", default=[],
                        help="further worker counts to measure")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run everything this often, interleaved; keep the fastest")
    parser.add_argument("--assignments", nargs="+", default=list(ASSIGNMENTS))
    parser.add_argument("--keep", metavar="DIR", help="build the course here and keep it")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--floor-run", nargs=3, metavar=("ROOT", "ASSIGNMENT", "KIND"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_run:
        return floor_run(*args.floor_run)

    env = grading_env(MPLBACKEND="Agg")
    env.setdefault("DDASP_COURSE_SECRET", "benchmark-secret")
    os.environ.update(env)
    root = Path(args.keep or tempfile.mkdtemp(prefix="ddasp-benchmark-")) / "course"
    print(f"building a class of {args.students} students in {root} ...", flush=True)
    started = time.perf_counter()
    course = build_course(root, args.assignments, args.students)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    load = os.getloadavg()
    counts = sorted({1, args.workers, *args.also_workers})
    results = {}
    for assignment in args.assignments:
        print(f"{assignment}:", flush=True)
        results[assignment] = benchmark_assignment(course, assignment, counts, env,
                                                   args.repeat)
    text = report(results, args.workers, args.students, load)
    print()
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {assignment: {"count": count, "runs": runs, "identical": identical}
             for assignment, (count, runs, identical) in results.items()}, indent=1))
    if not args.keep:
        shutil.rmtree(root.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The sandbox's parts without a kernel: limits, command line, slots, kernelspec, opt-out."""
import fcntl
import io
import json
import logging
import os
import sys

from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import is_solution

from grading.cell_metadata import grade_id, is_autograded_test
from grading.paths import source_notebook
from grading.registry import ASSIGNMENTS
from grading.sandbox import command, kernelspec, launch, optout, preflight, slots
from grading.submissions import build_submission, defined_functions, load_variant
from grading.sandbox.limits import Limits


# ------------------------------------------------------------------ hostile submissions
HOSTILE = sorted((Path(__file__).parent / "hostile").glob("hostile_*.py"))


def test_there_are_enough_hostile_submissions():
    assert len(HOSTILE) >= 18


@pytest.mark.parametrize("path", HOSTILE, ids=lambda path: path.stem)
def test_hostile_submission_is_well_formed(path):
    variant = load_variant(path)
    assert variant.assignment in ASSIGNMENTS and variant.description
    assert path.read_text().split('"""')[2].lstrip().startswith("ASSIGNMENT = ")
    source = nbformat.read(str(source_notebook(variant.assignment)), as_version=4)
    tests = {grade_id(cell) for cell in source.cells if is_autograded_test(cell)}
    solutions = {grade_id(cell): cell.source for cell in source.cells if is_solution(cell)}
    assert set(variant.expected_failing_cells) <= tests
    assert set(variant.cells) <= set(solutions)
    defined = {name for text in solutions.values() for name in defined_functions(text)}
    assert set(variant.functions) <= defined
    notebook = build_submission(variant.assignment, variant)
    for cell in notebook.cells:
        if cell.cell_type == "code" and is_solution(cell):
            compile(cell.source, grade_id(cell), "exec")  # every filled cell is Python


# ------------------------------------------------------------------ limits
def test_limits_come_from_one_place_and_the_environment():
    assert Limits().memory_mb == 2048
    limits = Limits.from_env({"DDASP_SANDBOX_MEMORY_MB": "4096",
                              "DDASP_SANDBOX_WALLCLOCK_SECONDS": "5"})
    assert (limits.memory_mb, limits.wallclock_seconds, limits.processes) == \
        (4096, 5, Limits().processes)


@pytest.mark.parametrize("text", ["lots", "0", "-1", "1.5"])
def test_a_bad_limit_is_refused_with_its_variable_name(text):
    with pytest.raises(ValueError, match="DDASP_SANDBOX_PROCESSES must be a positive integer"):
        Limits.from_env({"DDASP_SANDBOX_PROCESSES": text})


# ------------------------------------------------------------------ kernelspec, opt-out
def test_kernelspec_launches_the_sandbox_with_message_interrupts(tmp_path):
    folder = kernelspec.install(prefix=tmp_path)
    assert folder == tmp_path / "share" / "jupyter" / "kernels" / "ddasp-sandbox"
    spec = json.loads((folder / "kernel.json").read_text())
    assert spec["argv"] == [sys.executable, "-I", "-m", "grading.sandbox.launch", "-f",
                            "{connection_file}"]
    assert spec["interrupt_mode"] == "message" and spec["language"] == "python"


def test_opting_out_needs_the_variable_and_is_loud(capsys, caplog):
    assert optout.sandbox_disabled({"DDASP_UNSANDBOXED": "1"})
    assert not optout.sandbox_disabled({"DDASP_UNSANDBOXED": "0"})
    assert not optout.sandbox_disabled({})
    optout.warn_unsandboxed()
    printed = capsys.readouterr().err
    assert "WITHOUT the grading sandbox" in printed and len(printed.splitlines()) >= 5
    with caplog.at_level(logging.WARNING):
        optout.warn_unsandboxed(logging.getLogger("autograde"))
    assert len(caplog.records) >= 5


# ------------------------------------------------------------------ command line
def _layout(tmp_path, exchange=True):
    return command.Layout(
        uid=2_100_000_007, python=sys.executable,
        prefixes=(os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)),
        submission=str(tmp_path / "course" / "autograded" / "alice" / "ps1"),
        connection=str(tmp_path / "state" / "connection.json"),
        passwd=str(tmp_path / "state" / "passwd"), group=str(tmp_path / "state" / "group"),
        sockets=str(tmp_path / "state" / "sockets"), sockets_inside=str(tmp_path / "ipc"),
        exchange=str(tmp_path / "exchange") if exchange else None)


def _binds(argv):
    binds = {}
    for index, arg in enumerate(argv):
        if arg in ("--bind", "--ro-bind", "--ro-bind-try"):
            binds[argv[index + 2]] = (arg, argv[index + 1])
    return binds


def test_the_sandbox_binds_the_environment_but_not_the_course(tmp_path):
    layout = _layout(tmp_path)
    argv = command.bwrap_argv(layout, Limits(), command.kernel_program(sys.executable))
    binds = _binds(argv)
    writable = {dest for dest, (option, _) in binds.items() if option == "--bind"}
    assert writable == {str(tmp_path / "exchange"), str(tmp_path / "ipc")}
    assert binds[str(tmp_path / "exchange")][1] == str(tmp_path / "exchange")  # same path
    assert binds[command.SUBMISSION] == ("--ro-bind", layout.submission)
    course = str(tmp_path / "course")
    repository = os.path.dirname(os.path.realpath(sys.prefix))
    for dest, (_, source) in binds.items():
        assert source == layout.submission or not source.startswith(course), source
        assert source != repository and not source.startswith(repository + "/grading"), source
    assert "/run/ddasp-sandbox" not in binds and "/" not in binds


def test_the_sandbox_has_its_own_namespaces_and_drops_to_the_slot_uid(tmp_path):
    argv = command.bwrap_argv(_layout(tmp_path, exchange=False), Limits(), ["true"])
    for option in ("--unshare-net", "--unshare-pid", "--unshare-ipc", "--die-with-parent",
                   "--new-session"):
        assert option in argv
    assert "--unshare-all" not in argv and "--unshare-user" not in argv  # needs a uid map
    script = argv[argv.index("-c") + 1]
    assert "setpriv --reuid=2100000007 --regid=2100000007 --clear-groups --no-new-privs" in script
    assert argv[-1] == "true"
    assert argv[argv.index("--tmpfs", argv.index("--tmpfs") + 1) - 1] == str(512 * 2**20)


def test_the_kernel_environment_is_rebuilt_not_inherited():
    env = command.environment({"DDASP_COURSE_SECRET": "s", "PATH": "/secret/bin",
                               "OPENBLAS_CORETYPE": "Haswell",
                               "DDASP_SANDBOX_EXCHANGE": "/x"}, "/venv/bin/python")
    assert "DDASP_COURSE_SECRET" not in env and "/secret" not in env["PATH"]
    assert env["PATH"].startswith("/venv/bin:")
    assert env["OPENBLAS_CORETYPE"] == "Haswell" and env["DDASP_SANDBOX_EXCHANGE"] == "/x"
    assert env["MPLBACKEND"] == "Agg" and env["OMP_NUM_THREADS"] == "1"


def test_no_submitted_file_can_stand_in_for_the_kernel():
    assert command.kernel_program("/py") == ["/py", "-P", "-m", "ipykernel_launcher", "-f",
                                             command.CONNECTION]


# ------------------------------------------------------------------ launcher
def test_the_launcher_needs_ipc_with_an_absolute_path(tmp_path, capsys):
    connection = tmp_path / "kernel.json"
    for info in ({"transport": "tcp", "ip": "127.0.0.1"},
                 {"transport": "ipc", "ip": "kernel-ipc"}):
        connection.write_text(json.dumps(info))
        assert launch.main(["-f", str(connection)]) == 69
        assert "transport = 'ipc' and an absolute ip" in capsys.readouterr().err


def test_a_submission_larger_than_the_scratch_space_is_refused(tmp_path, monkeypatch, capsys):
    (tmp_path / "recording.wav").write_bytes(b"\0" * 3 * 2**20)
    (tmp_path / "kernel.json").write_text(json.dumps({"transport": "ipc", "ip": "/tmp/k/k"}))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DDASP_SANDBOX_SCRATCH_MB", "2")
    assert launch.main(["-f", str(tmp_path / "kernel.json")]) == 70
    assert "holds more than 2 MB" in capsys.readouterr().err


def test_socket_links_point_into_the_slot():
    info = {"ip": "/tmp/k/kernel", **{port: 10 + n for n, port in enumerate(launch.PORTS)}}
    links = launch.socket_links(info, "/run/ddasp-sandbox/uid-1/sockets")
    assert links["/tmp/k/kernel-10"] == "/run/ddasp-sandbox/uid-1/sockets/kernel-10"
    assert len(links) == 5


def test_raw_kernel_output_is_capped():
    read, write = os.pipe()
    target = io.BytesIO()
    target.close = lambda: None
    os.write(write, b"x" * 50_000)
    os.close(write)
    launch.forward_output(read, target, 1000)
    text = target.getvalue()
    passed, note = text.split(b"\n", 1)
    assert passed == b"x" * 1000 and b"further kernel output dropped" in note


# ------------------------------------------------------------------ slots
def test_parallel_sandboxes_get_distinct_uids_and_release_them():
    limits = Limits()
    first, second = slots.acquire(limits), slots.acquire(limits)
    try:
        assert first.uid != second.uid
        for slot in (first, second):
            assert limits.uid_base <= slot.uid < limits.uid_base + limits.uid_count
            assert slot.state.is_dir()
    finally:
        first.release()
        second.release()
    assert not first.state.exists()
    lock = os.open(slots.RUN_DIR / f"uid-{first.uid}.lock", os.O_RDWR)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
    finally:
        os.close(lock)


def test_state_of_a_killed_launcher_is_swept_but_not_that_of_a_running_one():
    limits = Limits()
    running = slots.acquire(limits)
    stale = slots.RUN_DIR / f"uid-{limits.uid_base + limits.uid_count + 7}"  # never handed out
    stale.mkdir()
    (stale / "connection.json").write_text("{}")
    try:
        other = slots.acquire(limits)
        other.release()
        assert not stale.exists() and running.state.is_dir()
    finally:
        running.release()


# ------------------------------------------------------------------ preflight
def test_preflight_names_the_missing_package(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(preflight.SandboxUnavailable, match="apt-get install bubblewrap"):
        preflight.require_sandbox(force=True)
    os.symlink("/usr/bin/bwrap", tmp_path / "bwrap")
    with pytest.raises(preflight.SandboxUnavailable, match="apt-get install util-linux"):
        preflight.require_sandbox(force=True)


@pytest.mark.pipeline   # starts the sandbox
def test_preflight_passes_here():
    preflight.require_sandbox(force=True)

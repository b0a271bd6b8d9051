"""Several machines, one PostgreSQL gradebook: sharded grading equals a one-machine run.

Two "machines" (two copies of the course folder, as two hosts with the collected
submissions would have) share a PostgreSQL gradebook on loopback. Each runs
``ddasp autograde --student <its shard>`` at the same time. ``nbgrader export`` of the
shared gradebook must be identical to the export of one machine grading the whole class
into the default SQLite gradebook.
"""
import os
import subprocess
import sys

import pytest

import scale_fixtures as toy
from postgres import postgres_server  # noqa: F401  (pytest fixture)

# initdb and a PostgreSQL server (session fixture), then three gradings of the toy class
pytestmark = [pytest.mark.pipeline, pytest.mark.timeout(1800)]

CLASS = {
    **{student: answer for student, answer in toy.ANSWERS.items() if student != "erin"},
    "ed": 'def square(x):\n    return x ** 2\n',
    "fay": 'def square(x):\n    return -x * x\n',                # fails both
    "gus": 'def square(x):\n    return x * abs(x)\n',            # fails the negative test
    "ivy": 'def square(x):\n    return float(x) * x\n',
}


def command(course, *args, env=None):
    env = {**os.environ, **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "grading", "autograde", toy.ASSIGNMENT,
                             "-q", *map(str, args)],
                            cwd=course.root, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finished(process):
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    return stdout


def graded_all(summary, course, count):
    """Assert the summary counts ``count`` graded students; else show every failure log."""
    logs = sorted((course.root / "logs" / "autograde").rglob("*.log"))
    shown = "\n".join(f"--- {path}\n{path.read_text()[-3000:]}" for path in logs)
    assert f"graded  {count:4d}" in summary, f"{summary}\n{shown}"


def export(course, path, env=None):
    saved = dict(course.env)
    course.env.update(env or {})
    try:
        rows = course.export(path)
    finally:
        course.env = saved
    return sorted(tuple(sorted(row.items())) for row in rows)


def test_two_machines_sharing_postgres_match_one_machine_with_sqlite(tmp_path,
                                                                     postgres_server):  # noqa: F811
    built = toy.build_class(tmp_path / "built", CLASS)
    students = sorted(CLASS)

    # one machine, whole class, SQLite
    single = toy.copy_course(built, tmp_path / "single")
    summary = finished(command(single, "--workers", 2))
    assert f"graded  {len(students):4d}" in summary
    expected = export(single, tmp_path / "single.csv")
    scores = {dict(row)["student_id"]: float(dict(row)["score"]) for row in expected}
    assert scores == {**toy.POINTS, "ed": 3.0, "fay": 0.0, "gus": 2.0, "ivy": 3.0}

    # the instructor puts the assignment into the shared gradebook once
    shared = {"DDASP_DB_URL": postgres_server.create_database()}
    first, second = (toy.copy_course(built, tmp_path / name) for name in ("host1", "host2"))
    first.env.update(shared)
    first.generate(toy.ASSIGNMENT)

    # both machines grade their shard at the same time
    shards = students[0::2], students[1::2]
    running = [command(first, "--workers", 1, "--db-url", shared["DDASP_DB_URL"],
                       "--student", *shards[0]),
               command(second, "--workers", 1, "--db-url", shared["DDASP_DB_URL"],
                       "--student", *shards[1])]
    for process, shard, course in zip(running, shards, (first, second)):
        graded_all(finished(process), course, len(shard))

    sharded = export(first, tmp_path / "shared.csv", env=shared)
    assert sharded == expected
    assert len(sharded) == len(students)

    # the shared gradebook also drives resume: host2 has nothing left to do
    again = finished(command(second, "--db-url", shared["DDASP_DB_URL"],
                             "--student", *shards[1]))
    assert f"skipped {len(shards[1]):4d}" in again

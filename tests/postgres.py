"""A throwaway PostgreSQL server on loopback, for tests that need a shared gradebook.

Uses Debian's server binaries (``apt-get install postgresql``: ``initdb`` and ``pg_ctl``
in ``/usr/lib/postgresql/<version>/bin``; the package also creates the ``postgres``
user). The cluster lives in a fresh folder under /tmp, listens on 127.0.0.1 on a free
port (no Unix socket in the system folders), trusts local connections, and is removed
when the fixture ends. As root the server runs as ``postgres`` (``runuser -u postgres``),
because PostgreSQL refuses to run as root.

Use in a test module::

    from postgres import postgres_server  # noqa: F401  (pytest fixture)
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid

import pytest

SERVER_USER = "postgres"


def server_binaries():
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0)
    return os.path.dirname(found[-1]) if found else None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One PostgreSQL cluster in a temporary folder; see the module docstring."""

    def __init__(self, binaries):
        self.binaries = binaries
        self.folder = tempfile.mkdtemp(prefix="ddasp-postgres-")
        self.data = os.path.join(self.folder, "data")
        self.log = os.path.join(self.folder, "server.log")
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            user = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, user.pw_uid, user.pw_gid)

    def _run(self, tool, *args):
        command = [os.path.join(self.binaries, tool), *args]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120,
                              cwd=self.folder)

    def start(self):
        done = self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
                         "-E", "UTF8", "--locale=C", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=100")
        done = self._run("pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w",
                         "-t", "60", "start")
        if done.returncode:
            log = open(self.log).read() if os.path.exists(self.log) else ""
            raise RuntimeError(f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\n{log}")
        return self

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database="postgres"):
        """SQLAlchemy URL of ``database`` (driver psycopg2, the pinned one)."""
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name=None):
        """A new empty database; returns its URL."""
        import psycopg2

        name = name or f"gradebook_{uuid.uuid4().hex[:12]}"
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres",
                                      dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server():
    """A running `PostgreSQL server <PostgresServer>`; skips if the server is not installed."""
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL server not installed: apt-get install postgresql")
    server = PostgresServer(binaries).start()
    try:
        yield server
    finally:
        server.stop()

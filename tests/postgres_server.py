"""A real PostgreSQL server for the store and server tests (and benchmarks/api.py): Debian's
``postgresql`` binaries, a fresh data directory in /tmp, 127.0.0.1 on a free port, run as a
non-root user (PostgreSQL refuses to run as root; CI runs as root, so we use the ``postgres``
system user, creating it if needed). A missing PostgreSQL is a failure, never a skip.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

RUN_AS = "postgres"
SUPERUSER = "romulus"


def postgres_bin() -> Path:
    """The folder of Debian's PostgreSQL programs (the newest version installed)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl): "
            "apt-get install postgresql (./dev test does it)"
        )
    return Path(found[-1]).parent


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One PostgreSQL server in a temporary folder; `url(name)` of a new database per caller."""

    def __init__(self, *, durable: bool = False):
        self.bin = postgres_bin()
        self.durable = durable  # False: fsync off, fine for tests (the data is thrown away)
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="romulus-pg-"))
        self._names = itertools.count()
        self._user = RUN_AS if os.geteuid() == 0 else None
        self.started = False

    def _run(self, *argv: str) -> str:
        command = [str(self.bin / argv[0]), *argv[1:]]
        if self._user:
            command = ["runuser", "-u", self._user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self) -> PostgresServer:
        if self._user:
            _ensure_user(self._user)
            uid = pwd.getpwnam(self._user).pw_uid
            os.chown(self.root, uid, -1)
        data, log = self.root / "data", self.root / "server.log"
        self._run(
            "initdb",
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        options += " -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            "pg_ctl", "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "120", "start"
        )
        self.started = True
        return self

    def create_database(self, name: str | None = None) -> str:
        """A new, empty database; returns its name."""
        name = name or f"romulus_{next(self._names)}"
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, name)
        return name

    def url(self, name: str | None = None) -> str:
        """The URL of a new, empty database (``name``: of that existing database)."""
        name = name or self.create_database()
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{name}"

    def pid(self) -> int:
        """The process id of the server's postmaster (its backends are its children)."""
        return int((self.root / "data" / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        if self.started:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "fast", "-w", "stop")
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)


def _ensure_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", name], check=True)


_shared: PostgresServer | None = None


def shared_server() -> PostgresServer:
    """One server for the whole test session (started on first use); see `stop_shared`."""
    global _shared
    if _shared is None:
        _shared = PostgresServer().start()
    return _shared


def stop_shared() -> None:
    global _shared
    if _shared is not None:
        _shared.stop()
        _shared = None


# --- fixtures, imported by tests/store/conftest.py and tests/server/conftest.py ---------------
@pytest.fixture(scope="session")
def postgres():
    yield shared_server()
    stop_shared()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The URL of a new, empty database on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'games.db'}"
    return request.getfixturevalue("postgres").url()

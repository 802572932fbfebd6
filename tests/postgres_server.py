"""A real, throwaway PostgreSQL server for the tests and the class benchmark.

`initdb` + `pg_ctl` into a temporary directory, listening on a Unix socket in that directory
and on a free loopback port. As root, the server runs as the `postgres` user (PostgreSQL
refuses to run as root), so the directory is made over to that user. Password
authentication (scram-sha-256) everywhere, as in a training room, so that wrong passwords
and roles can be tested; the superuser's password is only known to the fixture.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SEARCH = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/usr/pgsql-*/bin")


def server_binaries() -> Path | None:
    """The directory holding initdb and pg_ctl, newest version first; None when not installed."""
    found = shutil.which("pg_ctl")
    candidates = [Path(found).resolve().parent] if found else []
    for pattern in SEARCH:
        candidates += sorted(Path("/").glob(pattern.lstrip("/")), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """One running server; `url(...)` builds libpq URLs to it."""

    binaries: Path
    directory: Path
    port: int
    superuser_password: str

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def socket_dir(self) -> Path:
        return self.directory / "socket"

    def url(self, database: str = "postgres", user: str = "postgres", password: str | None = None) -> str:
        """A URL over TCP on loopback (the way a trainee's machine reaches the room's server)."""
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def admin_url(self, database: str = "postgres") -> str:
        return self.url(database, "postgres", self.superuser_password)

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(_as_postgres(list(command)), capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> None:
        self._run(
            str(self.binaries / "pg_ctl"),
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.data),
            "-l",
            str(self.directory / "server.log"),
            "-o",
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; `immediate` is a crash as far as clients can tell (recovery on restart)."""
        self._run(str(self.binaries / "pg_ctl"), "stop", "-w", "-m", mode, "-D", str(self.data), check=False)

    def running(self) -> bool:
        return self._run(str(self.binaries / "pg_ctl"), "status", "-D", str(self.data), check=False).returncode == 0

    def remove(self) -> None:
        if self.running():
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def stop_orphans() -> None:
    """Stop servers left by a test run that was killed before its teardown (its owner is gone)."""
    for directory in Path(tempfile.gettempdir()).glob("cybercourse-pg-*"):
        try:
            owner = int((directory / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # being made by another process this very moment
        try:
            os.kill(owner, 0)
            continue  # its test run is still going
        except ProcessLookupError:
            pass
        except OSError:
            continue
        binaries = server_binaries()
        if binaries is not None and (directory / "data" / "postmaster.pid").exists():
            stale = PostgresServer(binaries, directory, 0, "")
            stale.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


def start_server(settings: dict[str, str] | None = None, durable: bool = False) -> PostgresServer:
    """initdb and start a new server; the caller stops it (`remove`). Raises RuntimeError when
    PostgreSQL's server programs are not installed.

    Tests run with `fsync=off`: a server stopped by pg_ctl, even `-m immediate`, keeps what it
    handed the operating system, and every commit is still written before it returns
    (`synchronous_commit` stays on). `durable=True` keeps PostgreSQL's defaults, for benchmarks.
    """
    binaries = server_binaries()
    if binaries is None:
        raise RuntimeError("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    stop_orphans()
    directory = Path(tempfile.mkdtemp(prefix="cybercourse-pg-"))
    (directory / ".owner").write_text(str(os.getpid()))
    os.replace(directory / ".owner", directory / "owner.pid")  # whole, or not there at all
    password = secrets.token_urlsafe(18)
    server = PostgresServer(binaries, directory, free_port(), password)
    (directory / "socket").mkdir()
    (directory / "pwfile").write_text(password + "\n")
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        for path in (directory, directory / "socket", directory / "pwfile"):
            os.chown(path, account.pw_uid, account.pw_gid)
    directory.chmod(0o700)
    server._run(
        str(binaries / "initdb"),
        "-D",
        str(server.data),
        "-U",
        "postgres",
        "--auth=scram-sha-256",
        f"--pwfile={directory / 'pwfile'}",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    config = {
        "max_connections": "300",
        "shared_buffers": "64MB",
        "log_min_messages": "warning",
        **({} if durable else {"fsync": "off", "full_page_writes": "off"}),
        **(settings or {}),
    }
    with open(server.data / "postgresql.conf", "a") as handle:
        handle.writelines(f"{key} = '{value}'\n" for key, value in config.items())
    server.start()
    return server


@dataclass
class ClassDatabase:
    """One test's database on a shared server, and the .pgpass file that holds its passwords."""

    server: PostgresServer
    name: str
    pgpass: Path

    @classmethod
    def create(cls, server: PostgresServer, pgpass: Path) -> ClassDatabase:
        import psycopg

        name = "t" + secrets.token_hex(5)
        with psycopg.connect(server.admin_url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        database = cls(server, name, pgpass)
        database.add_password("postgres", server.superuser_password)
        return database

    def add_password(self, role: str, password: str) -> None:
        with open(self.pgpass, "a") as handle:
            handle.write(f"127.0.0.1:{self.server.port}:*:{role}:{password}\n")
        self.pgpass.chmod(0o600)

    @property
    def url(self) -> str:
        """The administrator's URL, without a password (libpq finds it in .pgpass)."""
        return self.server.url(self.name)

    def url_for(self, role: str) -> str:
        return self.server.url(self.name, role)

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.server.admin_url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            for (role,) in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (self.name + "\\_%",)):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')

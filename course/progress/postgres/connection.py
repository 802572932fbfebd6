"""Reaching the class server: the `--store` target, connecting, and saying what went wrong.

Passwords are never taken from the command line: libpq reads them from `PGPASSWORD`,
`~/.pgpass` (or `PGPASSFILE`) or a service file. A `--store` value holding one is refused,
and every message names the server by a form of the target that has no password in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import conninfo

from course.i18n import _
from course.progress.errors import StoreError, StoreRefused
from course.progress.postgres.schema import APPLICATION, SCHEMA_VERSION

if TYPE_CHECKING:
    from collections.abc import Iterator

MIN_SERVER_VERSION = 130000  # gen_random_uuid, FOR EACH ROW triggers on partitioned… 13 is enough
CONNECT_TIMEOUT_SECONDS = 5


class ServerUnreachable(StoreError):
    """The server cannot be reached now (network, server down): a trainee can go on offline."""


class AccessRefused(StoreError):
    """The server answered but refused us (password, role, rights): only a person can fix it."""


class ClassMissing(StoreError):
    """The database exists but holds no class (or an older one): `class init` is needed."""


def is_postgres_target(value: str) -> bool:
    """A libpq URL (`postgresql://…`) or connection string (`service=room`), not a file path."""
    return value.startswith(("postgresql://", "postgres://")) or ("=" in value.split()[0] if value.split() else False)


def _parts(target: str) -> dict[str, Any]:
    try:
        return conninfo.conninfo_to_dict(target)
    except psycopg.ProgrammingError as error:
        raise StoreError(
            _(
                "--store: {target} is not a PostgreSQL connection URL ({reason}). Write it as "
                "postgresql://USER@HOST:PORT/DATABASE or service=NAME."
            ).format(target=redact(target), reason=str(error).strip())
        ) from None


def redact(target: str) -> str:
    """The target without a password, to show in messages."""
    try:
        parts = conninfo.conninfo_to_dict(target)
    except psycopg.ProgrammingError:
        return target.split("@")[-1] if "@" in target else target
    parts.pop("password", None)
    if set(parts) <= {"user", "host", "port", "dbname"}:
        user = f"{parts['user']}@" if parts.get("user") else ""
        port = f":{parts['port']}" if parts.get("port") else ""
        return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"
    return conninfo.make_conninfo("", **parts)


def check_target(target: str) -> dict[str, Any]:
    """The target's parts; refuses a password written into it."""
    parts = _parts(target)
    if "password" in parts:
        raise StoreError(
            _(
                "--store: do not write the password in the URL (other users of this computer can see "
                "command lines); put it in ~/.pgpass or set PGPASSWORD, and use {target}."
            ).format(target=redact(target))
        )
    return parts


def connect(target: str, *, autocommit: bool = True, timeout: int = CONNECT_TIMEOUT_SECONDS) -> psycopg.Connection:
    """A connection to the class server, or a StoreError subclass saying what to do."""
    check_target(target)
    try:
        conn = psycopg.connect(
            target,
            autocommit=autocommit,
            connect_timeout=timeout,
            application_name="cybercourse",
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=3,
            tcp_user_timeout=10_000,  # a send into a dropped network fails in 10 s, not minutes
        )
    except psycopg.OperationalError as error:
        raise connection_error(target, error) from None
    if conn.info.server_version < MIN_SERVER_VERSION:
        version = conn.info.server_version
        conn.close()
        raise StoreRefused(
            _(
                "the server at {target} runs PostgreSQL {version}; class mode needs PostgreSQL 13 or newer. "
                "Use a newer server."
            ).format(target=redact(target), version=f"{version // 10000}.{version % 10000}")
        )
    return conn


def connection_error(target: str, error: BaseException) -> StoreError:
    """Our sentence for a failed connection (libpq's reason kept at the end, it never holds a password)."""
    where = redact(target)
    reason = " ".join(str(error).replace("connection failed:", "").split())
    text = reason.lower()
    user = _parts(target).get("user") or _("your user name")
    if "password authentication failed" in text or "authentication failed" in text:
        return AccessRefused(
            _(
                "the class server at {target} refused the password for {user}. Check the line for this "
                "server in ~/.pgpass (or PGPASSWORD) against what the instructor gave you."
            ).format(target=where, user=user)
        )
    if "no password supplied" in text:
        return AccessRefused(
            _(
                "the class server at {target} asks for a password and none was found for {user}. Add the "
                "line the instructor gave you to ~/.pgpass (chmod 600), or set PGPASSWORD."
            ).format(target=where, user=user)
        )
    if "does not exist" in text and "database" in text:
        return ClassMissing(
            _(
                "there is no database {database} on the class server at {target}. Check the URL, or create "
                "it (createdb) and run `cybercourse class init --store URL`."
            ).format(database=_parts(target).get("dbname") or user, target=where)
        )
    if "service" in text and ("not found" in text or "service file" in text):
        return StoreError(
            _(
                "the PostgreSQL service in {target} is not defined. Add it to ~/.pg_service.conf (or "
                "PGSERVICEFILE) as the instructor showed, or use a postgresql:// URL."
            ).format(target=where)
        )
    return ServerUnreachable(
        _(
            "cannot reach the class server at {target} ({reason}). Check the network and that the server is running."
        ).format(target=where, reason=reason)
    )


def schema_version(conn: psycopg.Connection) -> int | None:
    """The class schema version in this database; None when it holds no class."""
    row = conn.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return None
    try:
        found: dict[str, str] = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except psycopg.errors.InsufficientPrivilege:
        return None
    if found.get("application") != APPLICATION:
        return None
    return int(found.get("schema_version", "0"))


def check_class(conn: psycopg.Connection, target: str) -> None:
    """Refuse a database without a class, or with a class of another schema version."""
    where = redact(target)
    try:
        version = schema_version(conn)
    except psycopg.Error as error:
        raise StoreError(str(error).strip()) from None
    if version is None:
        raise ClassMissing(
            _(
                "the database at {target} holds no class yet. The instructor runs `cybercourse class init "
                "--store URL` first."
            ).format(target=where)
        )
    if version > SCHEMA_VERSION:
        raise StoreRefused(
            _(
                "the class at {target} was set up by a newer cybercourse (schema {found}, this version knows "
                "{known}). Update cybercourse."
            ).format(target=where, found=version, known=SCHEMA_VERSION)
        )
    if version < SCHEMA_VERSION:
        raise ClassMissing(
            _(
                "the class at {target} needs upgrading (schema {found}, this version uses {known}). The "
                "instructor runs `cybercourse class init --store URL` again."
            ).format(target=where, found=version, known=SCHEMA_VERSION)
        )


def rows(conn: psycopg.Connection, sql: str, args: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
    from psycopg.rows import dict_row

    with conn.cursor(row_factory=dict_row) as cursor:
        cursor.execute(sql, args)
        yield from cursor.fetchall()

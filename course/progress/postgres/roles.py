"""Setting up a class database and its people: `class init`, `enrol`, `list`, `remove`.

Run by the person who administers the server (a superuser, or the database's owner with
CREATEROLE). PostgreSQL roles belong to the whole server, so a class's roles are named
after its database: `<db>_instructor` and `<db>_trainee` (groups, no login) and one login
role per learner, `<db>_<name>`.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from course.i18n import _
from course.progress.errors import StoreError, StoreRefused
from course.progress.postgres.connection import rows, schema_version
from course.progress.postgres.schema import APPLICATION, MIGRATIONS, SCHEMA_VERSION
from course.progress.store import ProfileNameError, ProgressStore, utc_now

MAX_ROLE_BYTES = 63
INIT_LOCK = 0x43594243  # advisory lock: two `class init` at once take turns


def slug(text: str) -> str:
    """`Nguyễn Văn Đức` -> `nguyen_van_duc`: a role name part PostgreSQL takes unquoted."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


@dataclass(frozen=True)
class ClassRoles:
    instructor: str
    trainee: str
    prefix: str


def class_roles(conn: psycopg.Connection) -> ClassRoles:
    row = conn.execute("SELECT current_database()").fetchone()
    prefix = (slug(str(row[0]) if row else "") or "class")[:30]
    return ClassRoles(f"{prefix}_instructor", f"{prefix}_trainee", prefix)


def _role_exists(conn: psycopg.Connection, role: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None


def _foreign_tables(conn: psycopg.Connection) -> list[str]:
    found = conn.execute(
        """SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
             AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'
           ORDER BY 1 LIMIT 5"""
    ).fetchall()
    return [str(r[0]) for r in found]


def init_class(conn: psycopg.Connection, where: str) -> tuple[int, int]:
    """Create or migrate the class in this database; returns (version before, version now).

    Refuses a database that holds anything else, and one set up by a newer cybercourse.
    """
    roles = class_roles(conn)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (INIT_LOCK,))
        before = schema_version(conn)
        if before is None:
            others = _foreign_tables(conn)
            if others:
                raise StoreRefused(
                    _(
                        "the database at {target} already holds other tables ({tables}); it was not changed. "
                        "Create a database for the class (createdb) and run class init on it."
                    ).format(target=where, tables=", ".join(others))
                )
        elif before > SCHEMA_VERSION:
            raise StoreRefused(
                _(
                    "the class at {target} was set up by a newer cybercourse (schema {found}, this version knows "
                    "{known}); it was not changed. Update cybercourse."
                ).format(target=where, found=before, known=SCHEMA_VERSION)
            )
        for role in (roles.instructor, roles.trainee):
            if not _role_exists(conn, role):
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            conn.execute(
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                    sql.Identifier(_database(conn)), sql.Identifier(role)
                )
            )
        start = before or 0
        for number in range(start, SCHEMA_VERSION):
            conn.execute(MIGRATIONS[number].format(instructor=roles.instructor, trainee=roles.trainee).encode())
        meta = {
            "application": APPLICATION,
            "schema_version": str(SCHEMA_VERSION),
            "instructor_role": roles.instructor,
            "trainee_role": roles.trainee,
        }
        for key, value in meta.items():
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        if not (superuser and superuser[0]):
            conn.execute(sql.SQL("GRANT {} TO current_user").format(sql.Identifier(roles.instructor)))
    return before or 0, SCHEMA_VERSION


def _database(conn: psycopg.Connection) -> str:
    row = conn.execute("SELECT current_database()").fetchone()
    return str(row[0]) if row else ""


def check_name(name: str) -> str:
    """The learner's name as it will be stored (the same rules as a local profile's)."""
    return ProgressStore.clean_name(name)


@dataclass(frozen=True)
class Enrolment:
    name: str
    role: str
    password: str


def enrol(conn: psycopg.Connection, name: str, locale: str, role: str | None = None) -> Enrolment:
    """Create a learner's login role with a generated password, and their profile."""
    name = check_name(name)
    roles = class_roles(conn)
    if role is None:
        role = f"{roles.prefix}_{slug(name) or 'learner'}"
        while len(role.encode()) > MAX_ROLE_BYTES:
            role = role[:-1]
    elif not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ProfileNameError(
            _("A role name is lower-case letters, digits and _ (at most 63), starting with a letter.")
        )
    password = secrets.token_urlsafe(15)
    with conn.transaction():
        key = ProgressStore.name_key(name)
        known = conn.execute("SELECT role_name FROM profiles WHERE name_key = %s", (key,)).fetchone()
        if known is not None:
            # Imported from a local file, or removed earlier: the learner gets a login again.
            if _role_exists(conn, str(known[0])):
                raise ProfileNameError(_("There is already a learner called {name}.").format(name=name))
            role = str(known[0])
        elif _role_exists(conn, role):
            raise ProfileNameError(
                _("The role {role} already exists on this server; choose another with --role.").format(role=role)
            )
        # The password leaves this program only as a SCRAM verifier: never in a statement the
        # server could log.
        verifier = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256").decode()
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(role), sql.Literal(verifier), sql.Identifier(roles.trainee)
            )
        )
        if known is None:
            now = utc_now().isoformat(timespec="milliseconds")
            conn.execute(
                """INSERT INTO profiles (role_name, name, name_key, locale, created_at, last_used_at)
                   VALUES (%s, %s, %s, %s, %s, %s)""",
                (role, name, key, locale, now, now),
            )
    return Enrolment(name, role, password)


def is_trainee(conn: psycopg.Connection, role: str) -> bool:
    """Whether `role` is one of this class's learners' login roles (never the instructor's)."""
    found = conn.execute(
        """SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
           WHERE g.rolname = %s AND u.rolname = %s""",
        (class_roles(conn).trainee, role),
    ).fetchone()
    return found is not None


def learners(conn: psycopg.Connection) -> list[dict[str, Any]]:
    """Every learner of the class: name, role, whether the role can still log in, activity."""
    return list(
        rows(
            conn,
            """SELECT p.name, p.role_name AS role, p.created_at, r.rolname IS NOT NULL AS can_log_in,
                      (SELECT count(*) FROM responses s WHERE s.role_name = p.role_name) AS answers,
                      pr.seen_at, pr.state
               FROM profiles p LEFT JOIN pg_roles r ON r.rolname = p.role_name
               LEFT JOIN presence pr ON pr.profile_id = p.id
               ORDER BY lower(p.name), p.name""",
        )
    )


def remove(conn: psycopg.Connection, name: str, erase: bool) -> str:
    """Take a learner's login away (and, with `erase`, their progress). Returns the role."""
    with conn.transaction():
        row = conn.execute(
            "SELECT id, role_name FROM profiles WHERE name_key = %s", (ProgressStore.name_key(name),)
        ).fetchone()
        if row is None:
            raise StoreError(_("No learner called {name}. See `cybercourse class list`.").format(name=name))
        role = str(row[1])
        if is_trainee(conn, role):
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
        if erase:
            conn.execute("DELETE FROM profiles WHERE id = %s", (row[0],))
    return role

"""Opening an SQLite progress file safely: checks, migrations, and what to do with a bad file.

A trainee's progress is their work, so nothing here ever overwrites or deletes a file it
cannot use:

- a damaged file (empty, truncated, not SQLite, failing its integrity check) is moved aside
  with a timestamp, with its WAL journal, and a new one is started: `StoreDamaged` says
  where the old one went;
- a database of another program, or one written by a newer cybercourse, is refused and left
  exactly as it was: `StoreRefused` says what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from course.i18n import _
from course.progress.errors import StoreDamaged, StoreError, StoreRefused
from course.progress.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000
JOURNAL_SUFFIXES = ("-wal", "-shm")


@contextlib.contextmanager
def creation_lock(path: Path) -> Iterator[None]:
    """Serialise first-time creation and migration between instances (a training room).

    Without it, a second instance could see the first one's brand-new, still empty file
    and take it for a damaged one.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: SQLite's own locking suffices there
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _damaged(path: Path, reason: str) -> StoreDamaged:
    return StoreDamaged(
        _("the progress file {path} is damaged or is not a database ({reason})").format(path=path, reason=reason)
    )


def connect(path: Path) -> sqlite3.Connection:
    """A checked, migrated connection to the database at `path` (created if absent)."""
    try:
        with creation_lock(path):
            if not path.exists():
                _create(path)
            elif path.stat().st_size == 0:
                raise _damaged(path, _("the file is empty"))
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
            try:
                _check(conn, path)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
                _migrate(conn)
            except BaseException:
                conn.close()
                raise
            return conn
    except StoreError:
        raise
    except sqlite3.DatabaseError as error:
        raise _damaged(path, str(error)) from None
    except OSError as error:
        raise StoreError(
            _(
                "cannot open the progress file {path}: {reason}. Check that the folder exists and is "
                "writable, or choose another with --data-dir or $CYBERCOURSE_DATA_DIR."
            ).format(path=path, reason=error.strerror or error)
        ) from None


def _create(path: Path) -> None:
    """Build a new database under a temporary name and rename it into place.

    A program killed while creating its first database (SQLite makes the file at once, empty)
    would otherwise leave an empty file that the next start must treat as damaged.
    """
    partial = path.with_name(path.name + ".new")
    for leftover in (partial, *(partial.with_name(partial.name + suffix) for suffix in JOURNAL_SUFFIXES)):
        leftover.unlink(missing_ok=True)  # from a creation that was itself interrupted
    conn = sqlite3.connect(partial, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        _migrate(conn)
    finally:
        conn.close()  # checkpoints and removes the journal: everything is in the one file
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, path)
    _sync_directory(path.parent)


def _sync_directory(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _check(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables and application_id != APPLICATION_ID:
        raise StoreRefused(
            _(
                "{path} is a database of another program, not a cybercourse progress file; it was "
                "not changed. Choose another location with --data-dir."
            ).format(path=path)
        )
    if version > SCHEMA_VERSION:
        raise StoreRefused(
            _(
                "the progress file {path} was written by a newer version of cybercourse (schema {found}, "
                "this version knows {known}). Update cybercourse; the file was not changed."
            ).format(path=path, found=version, known=SCHEMA_VERSION)
        )
    if tables:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise _damaged(path, str(result))


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another instance may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                conn.execute("COMMIT")
                continue
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def move_aside(path: Path, now: dt.datetime) -> Path:
    """Keep a damaged database (and its journal) under a new, timestamped name."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    os.replace(path, target)
    for suffix in JOURNAL_SUFFIXES:
        journal = path.with_name(path.name + suffix)
        if journal.exists():
            os.replace(journal, target.with_name(target.name + suffix))
    return target

"""Opening an SQLite progress file safely: checks, migrations, what to do with a bad file.

A trainee's progress is their work, so nothing here ever overwrites or deletes a file it
cannot use:

- a damaged file (empty, truncated, not SQLite, failing its integrity check) is moved aside
  with a timestamp, with its WAL journal, and a new one is started: `StoreDamaged` says
  where the old one went;
- a database of another program, or one written by a newer cybercourse, is refused and left
  exactly as it was: `StoreRefused` says what to do;
- a file that cannot be written (read-only, or in a read-only folder) is refused before
  anything is written, with what to do.

Reading only is snapshot.py's. Every SQLite error is turned into a `StoreError` by `failure`.
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
from course.progress.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, run_script

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


def damaged(path: Path, reason: str) -> StoreDamaged:
    return StoreDamaged(
        _("the progress file {path} is damaged or is not a database ({reason})").format(path=path, reason=reason)
    )


def failure(error: sqlite3.Error, path: Path, writing: bool) -> StoreError:
    """What an SQLite error means for the person using the progress file at `path`."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF  # the primary code
    if code == sqlite3.SQLITE_NOTADB:
        return damaged(path, _("it is not an SQLite database"))
    if code == sqlite3.SQLITE_CORRUPT:
        return damaged(path, _("SQLite finds its contents malformed"))
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
        return read_only(path)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(
            _(
                "the progress file {path} is busy: another program is writing to it. Nothing was lost; try again."
            ).format(path=path)
        )
    if code == sqlite3.SQLITE_FULL:
        return StoreError(
            _("the disk holding {path} is full. Nothing was lost; free some space and try again.").format(path=path)
        )
    if writing:
        return StoreError(
            _("could not save to {path}: {reason}. Nothing was lost; try again.").format(path=path, reason=error)
        )
    return StoreError(_("could not read the progress file {path}: {reason}").format(path=path, reason=error))


def read_only(path: Path) -> StoreError:
    return StoreError(
        _(
            "cannot write to the progress file {path}: the file or its folder is read-only. Nothing was "
            "changed. Make both writable (for example with chmod u+w), or choose another place with "
            "--data-dir or $CYBERCOURSE_DATA_DIR."
        ).format(path=path)
    )


def connect(path: Path) -> tuple[sqlite3.Connection, list[str]]:
    """A checked, migrated connection to the database at `path` (created if absent).

    Also what the migrations had to tell (see schema.py).
    """
    try:
        # Before anything is created beside it (the lock, SQLite's journal files).
        if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
            raise read_only(path)
        with creation_lock(path):
            if not path.exists():
                _create(path)
            elif not path.is_file():
                raise StoreRefused(_("{path} is not a file; it was not changed.").format(path=path))
            elif path.stat().st_size == 0:
                raise damaged(path, _("the file is empty"))
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
            try:
                check(conn, path, choose_another=True)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
                notices = migrate(conn)
            except BaseException:
                conn.close()
                raise
            return conn, notices
    except StoreError:
        raise
    except sqlite3.Error as error:
        raise failure(error, path, writing=True) from None
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
        migrate(conn)
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


def check(conn: sqlite3.Connection, path: Path, choose_another: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables and application_id != APPLICATION_ID:
        if choose_another:
            message = _(
                "{path} is a database of another program, not a cybercourse progress file; it was "
                "not changed. Choose another location with --data-dir."
            )
        else:
            message = _("{path} is a database of another program, not a cybercourse progress file.")
        raise StoreRefused(message.format(path=path))
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
            raise damaged(path, _("SQLite finds its contents malformed"))


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Bring the database to SCHEMA_VERSION, one version per transaction; what to tell people."""
    notices: list[str] = []
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another instance may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                conn.execute("COMMIT")
                continue
            migration = MIGRATIONS[number]
            if isinstance(migration, str):
                run_script(conn, migration)
            else:
                notices += migration(conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return notices


def move_aside(path: Path, now: dt.datetime) -> Path:
    """Keep a damaged database (and its journal) under a new, timestamped name.

    All or nothing: if one of the files cannot be moved, those already moved are put back
    and the OSError is raised, so a new database never meets the old one's journal.
    """
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    moves = [(path, target)]
    for suffix in JOURNAL_SUFFIXES:
        journal = path.with_name(path.name + suffix)
        if journal.exists():
            moves.append((journal, target.with_name(target.name + suffix)))
    done: list[tuple[Path, Path]] = []
    try:
        for source, destination in moves:
            os.replace(source, destination)
            done.append((source, destination))
    except OSError:
        for source, destination in reversed(done):
            with contextlib.suppress(OSError):
                os.replace(destination, source)
        raise
    return target

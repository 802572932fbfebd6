"""Reading a progress file without touching it: `report`, `analysis` and `progress`.

The input is never opened with SQLite: SQLite would create `-wal`/`-shm` files beside a WAL
database even when asked to open it read-only (`mode=ro`), cannot open one in a read-only
folder without them, and ignores the `-wal` when told the file is immutable, losing what was
written last. The file and its `-wal` journal (a copy made while an app had it open may come
with one, with or without the `-shm`) are copied instead, again if they changed meanwhile,
into a private folder; the copy is opened, checked and migrated there.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

from course.i18n import _
from course.progress.database import check, damaged, failure, migrate
from course.progress.errors import StoreError

COPY_TRIES = 5


def snapshot(path: Path) -> tuple[sqlite3.Connection, list[str], Path]:
    """A connection to a private, migrated copy of the database at `path`, which is only read.

    Also the migrations' notices, and the private folder (the caller removes it when done).
    """
    try:
        if not path.is_file():
            raise StoreError(_("no progress file at {path}").format(path=path))
        if path.stat().st_size == 0:
            raise damaged(path, _("the file is empty"))
    except OSError as error:
        raise StoreError(
            _("cannot read the progress file {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None
    scratch = Path(tempfile.mkdtemp(prefix="cybercourse-read-"))
    try:
        copy = scratch / path.name
        _copy_unchanged(path, copy)
        conn = sqlite3.connect(copy, isolation_level=None, check_same_thread=False)
        try:
            check(conn, path, choose_another=False)
            conn.execute("PRAGMA foreign_keys = ON")
            notices = migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn, notices, scratch
    except BaseException as error:
        shutil.rmtree(scratch, ignore_errors=True)
        if isinstance(error, sqlite3.Error):
            raise failure(error, path, writing=False) from None
        if isinstance(error, OSError):
            raise StoreError(
                _("cannot read the progress file {path}: {reason}").format(path=path, reason=error.strerror or error)
            ) from None
        raise


def _state(path: Path) -> list[tuple[int, int] | None]:
    found: list[tuple[int, int] | None] = []
    for name in (path, path.with_name(path.name + "-wal")):
        try:
            stat = name.stat()
        except FileNotFoundError:
            found.append(None)
        else:
            found.append((stat.st_size, stat.st_mtime_ns))
    return found


def _copy_unchanged(path: Path, copy: Path) -> None:
    """Copy the database and its WAL journal, again if either changed while being copied."""
    wal = path.with_name(path.name + "-wal")
    for _try in range(COPY_TRIES):
        before = _state(path)
        shutil.copyfile(path, copy)
        copy.with_name(copy.name + "-wal").unlink(missing_ok=True)
        if before[1] is not None:
            with contextlib.suppress(FileNotFoundError):  # the last connection closed meanwhile
                shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        if _state(path) == before:
            return
    raise StoreError(
        _("the progress file {path} kept changing while it was read; try again in a moment.").format(path=path)
    )

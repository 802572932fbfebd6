"""Opening a progress store: the one way every caller gets a `ProgressStore`.

The location is a progress file (SQLite) today; another backend would be chosen here from
the location it is given, so that no caller names a backend.
"""

from __future__ import annotations

from pathlib import Path

from course.i18n import _
from course.progress.database import creation_lock, move_aside
from course.progress.errors import StoreDamaged
from course.progress.store import Clock, ProgressStore, utc_now


def open_store(path: Path, *, clock: Clock = utc_now, recover: bool = False) -> ProgressStore:
    """The store at `path`, created if absent; a `StoreError` says why it cannot be used.

    With `recover` (the app), a damaged file is kept aside and a new one started, and the
    store's `notice` says where the old file is; without it (commands), a damaged file is
    refused and left as it was. A refused file (another program's, or a newer version's)
    is never changed.
    """
    from course.progress.sqlite_store import SqliteStore

    try:
        return SqliteStore(path, clock)
    except StoreDamaged as damage:
        if not recover:
            raise
        with creation_lock(path):
            kept = move_aside(path, clock()) if path.exists() else None
        store = SqliteStore(path, clock)
        store.notice = _(
            "{problem}. It was kept as {kept} and a new progress file was started. To get the old "
            "progress back, restore a backup of it in place of {path}."
        ).format(problem=str(damage), kept=kept, path=path)
        return store

"""Opening a progress store: the one way every caller gets a `ProgressStore`.

The location is a progress file (SQLite), or a class server's `postgresql://` URL or
`service=NAME` string (PostgreSQL, see course.progress.postgres); the backend is chosen here
from the location it is given, so that no caller names a backend.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from course.i18n import _
from course.progress.database import creation_lock, move_aside
from course.progress.errors import StoreDamaged, StoreError
from course.progress.store import Clock, ProgressStore, utc_now

if TYPE_CHECKING:
    import fsrs


def open_store(
    path: Path | str,
    *,
    clock: Clock = utc_now,
    recover: bool = False,
    read_only: bool = False,
    scheduler: fsrs.Scheduler | None = None,
) -> ProgressStore:
    """The store at `path`; a `StoreError` says why it cannot be used.

    - default (commands that write): created if absent; a damaged file is refused and left
      as it was;
    - `recover` (the app): a damaged file is kept aside and a new one started, and the
      store's `notice` says where the old file is;
    - `read_only` (report, analysis, progress): the file is only read, nothing is created
      or changed beside it, and the store refuses to write.

    A refused file (another program's, or a newer version's) is never changed. The store's
    `notice` also carries what a migration had to tell (two learner names that now compare
    equal, see schema.py). `clock` is the app's one clock; `scheduler` the FSRS scheduler of
    review cards (py-fsrs's defaults; tests give one without fuzzing, see spacing.py).
    """
    if isinstance(path, str):
        from course.progress.selection import is_class_server, require_driver

        if is_class_server(path):  # a class server: its roles, not this flag, decide who may write
            require_driver()
            from course.progress.postgres.store import PostgresStore

            return PostgresStore(path, clock, scheduler=scheduler)
        path = Path(path)
    from course.progress.sqlite_store import SqliteStore

    if read_only:
        return SqliteStore(path, clock, read_only=True, scheduler=scheduler)
    try:
        return SqliteStore(path, clock, scheduler=scheduler)
    except StoreDamaged as damage:
        if not recover:
            raise
        try:
            with creation_lock(path):
                kept = move_aside(path, clock()) if path.exists() else None
        except OSError as error:
            raise StoreError(
                _(
                    "{problem}. It could not be kept aside ({reason}), so nothing was changed. Move it "
                    "elsewhere yourself and keep it (a backup of it may restore the progress), or choose "
                    "another place with --data-dir or $CYBERCOURSE_DATA_DIR."
                ).format(problem=str(damage), reason=error.strerror or error)
            ) from None
        store = SqliteStore(path, clock, scheduler=scheduler)
        notice = _(
            "{problem}. It was kept as {kept} and a new progress file was started. To get the old "
            "progress back, restore a backup of it in place of {path}."
        ).format(problem=str(damage), kept=kept, path=path)
        store.notice = f"{notice}\n{store.notice}" if store.notice else notice
        return store

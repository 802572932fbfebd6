"""Which store a command uses: `--store`, then $CYBERCOURSE_STORE, then the local SQLite file.

A `postgresql://` URL or a libpq connection string (`service=room`) is a class server;
anything else is the path of a SQLite progress file. The PostgreSQL code (and psycopg) is
imported only for a class server, so the local course never loads it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from course.i18n import _
from course.progress.errors import StoreError
from course.progress.location import data_dir, database_path

if TYPE_CHECKING:
    from course.progress.store import ProgressStore

STORE_VARIABLE = "CYBERCOURSE_STORE"


def store_target(explicit: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """`--store`, else $CYBERCOURSE_STORE, else None (the local file)."""
    if explicit:
        return explicit
    value = (environ if environ is not None else os.environ).get(STORE_VARIABLE, "").strip()
    return value or None


def is_class_server(target: str | None) -> bool:
    if not target:
        return False
    return target.startswith(("postgresql://", "postgres://")) or (
        bool(target.split()) and "=" in target.split()[0] and not Path(target).exists()
    )


def require_driver() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(
            _(
                "class mode needs the PostgreSQL driver: install it with pip install 'cybercourse[class]' "
                "(or pip install 'psycopg[binary]')."
            )
        ) from None


def store_location(explicit: str | None, data: Path | None = None) -> Path | str:
    """Where a command keeps progress: a class server's target, or a progress file's path."""
    target = store_target(explicit)
    if is_class_server(target):
        assert target is not None
        return target
    return Path(target) if target else database_path(data)


def open_for_trainee(target: str | None, data: Path | None = None) -> ProgressStore:
    """The app's store; its `notice` tells the trainee of a damaged file kept aside, or of offline.

    On a class server, answers go to a local outbox first; a server that is merely
    unreachable opens the course offline (once this computer has a copy of the learner).
    """
    if not is_class_server(target):
        from course.progress.opening import open_store

        return open_store(Path(target) if target else database_path(data), recover=True)
    assert target is not None
    require_driver()
    from course.progress.postgres.outbox import ClassroomStore, mirror_path

    store = ClassroomStore(target, mirror_path(data_dir(data), target))
    if not store.online:
        store.notice = _(
            "Offline: the class server at {target} cannot be reached. Your answers are saved on this computer "
            "and sent when it is back."
        ).format(target=store.where)
    return store

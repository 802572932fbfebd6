"""Where the progress database lives: `--data-dir`, then $CYBERCOURSE_DATA_DIR, then the user data dir."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

ENV_VARIABLE = "CYBERCOURSE_DATA_DIR"
DATABASE_NAME = "progress.sqlite3"


def data_dir(explicit: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    if explicit is not None:
        return explicit
    value = (environ if environ is not None else os.environ).get(ENV_VARIABLE, "").strip()
    if value:
        return Path(value).expanduser()
    from platformdirs import user_data_path

    return user_data_path("cybercourse", appauthor=False)


def database_path(explicit: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    return data_dir(explicit, environ) / DATABASE_NAME


def damaged_copies(database: Path) -> list[Path]:
    """Damaged progress files kept aside next to `database`, oldest first (see move_aside)."""
    kept = re.compile(re.escape(database.name) + r"\.damaged-\d{8}-\d{6}(-\d+)?")
    try:
        entries = list(database.parent.iterdir())
    except OSError:
        return []
    return sorted(entry for entry in entries if kept.fullmatch(entry.name))

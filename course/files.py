"""Writing a file whole or not at all, for every place that replaces one (no Textual)."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: str | bytes, durable: bool = False) -> None:
    """Replace `path` with `data`: a reader sees the old file or the new one, never half of either.

    `durable` also flushes it to the disk before the rename (an instructor's file; caches need
    not). Raises OSError; the temporary file is never left behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)

"""The content cache: a validated course, kept between runs, keyed by its files.

The key covers every YAML file under `lessons/` and `quizzes/` (relative path, size and
modification time), the program version and the Python version: editing, adding,
removing or renaming any content file gives a new key, so a stale course is never shown.
An entry holds the outline (JSON, read at start-up) and the full course (a pickle, read
after the first frame). Entries live in the user cache directory; a damaged or unreadable
entry is ignored and rebuilt, and an unwritable cache only costs time.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from course import __version__
from course.content.outline import Outline, outline_of
from course.i18n.catalogs import cache_dir

if TYPE_CHECKING:
    from course.content.course import Course

FORMAT = 2  # 2: the outline lists each quiz's question ids
KEEP = 8  # entries kept; older ones are removed when a new one is written
SUFFIXES = (".yaml", ".yml")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pickling a course allocates a million small objects but no garbage cycles; with the
    collector on, those allocations set off repeated full passes over the whole heap
    (10,000 questions: 2.9 s to write instead of 0.4 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cache_root() -> Path:
    return cache_dir() / "content"


def content_key(root: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}|{__version__}|{sys.version_info[:3]}|{root.resolve()}".encode())
    for folder in ("lessons", "quizzes"):
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(SUFFIXES):
                    path = Path(dirpath) / name
                    stat = path.stat()
                    digest.update(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def read_outline(key: str) -> Outline | None:
    try:
        data = json.loads((cache_root() / key / "outline.json").read_text("utf-8"))
        return Outline.from_json(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_course(key: str) -> Course | None:
    import pickle

    try:
        with (cache_root() / key / "course.pickle").open("rb") as handle, _collector_paused():
            course = pickle.load(handle)
    except Exception:
        return None
    from course.content.course import Course

    return course if isinstance(course, Course) else None


def write(key: str, course: Course) -> None:
    """Store a validated course (without its YAML node trees, which are only for errors)."""
    import pickle
    import shutil

    root = cache_root()
    target = root / key
    temporary = root / f".{key}.{os.getpid()}.tmp"
    try:
        temporary.mkdir(parents=True, exist_ok=True)
        slim = replace(course, origins={}, unreadable={kind: set() for kind in course.unreadable})
        with (temporary / "course.pickle").open("wb") as handle, _collector_paused():
            pickle.dump(slim, handle, protocol=pickle.HIGHEST_PROTOCOL)
        (temporary / "outline.json").write_text(json.dumps(outline_of(course).to_json(), ensure_ascii=False), "utf-8")
        if target.exists():  # a damaged entry (a sound one would have been read instead)
            stale = root / f".{key}.{os.getpid()}.stale"
            target.rename(stale)
            shutil.rmtree(stale, ignore_errors=True)
        temporary.rename(target)  # atomic: a reader sees no entry or a whole one
        _prune(root)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)


def _prune(root: Path) -> None:
    import shutil

    entries = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime
    )
    for old in entries[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)

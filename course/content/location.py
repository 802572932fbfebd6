"""Which course a command works on: `--content DIR`, else the working directory, else the shipped one."""

from __future__ import annotations

from pathlib import Path

from course.shipped import data_root

MANIFEST = Path("lessons") / "course.yaml"


def is_course_dir(path: Path) -> bool:
    return (path / MANIFEST).is_file()


def find_content_dir(explicit: Path | None, cwd: Path | None = None) -> Path:
    """The course directory to use.

    An explicit directory is returned as given (even if it holds no course, so the
    loader can say exactly what is missing there); the working directory is used when it
    holds a course, so an instructor can `cd` into their own course and run any command.
    """
    if explicit is not None:
        return explicit
    here = cwd or Path.cwd()
    if is_course_dir(here):
        return here
    return data_root()

"""Which files of a course directory are read: YAML files, never through a link out of the course."""

from __future__ import annotations

import stat
from pathlib import Path

from course.content.problems import Problem
from course.i18n import _

YAML_SUFFIXES = (".yaml", ".yml")


def yaml_files(directory: Path, recursive: bool = False) -> list[Path]:
    """The YAML files in `directory` (a directory that `directory_problem` found readable)."""
    if not directory.is_dir():
        return []
    try:
        found = list(directory.rglob("*") if recursive else directory.iterdir())
    except OSError:  # a sub-directory that cannot be read: its files are not found, like none
        return []
    return sorted(p for p in found if p.suffix in YAML_SUFFIXES and p.is_file())


def outside_link(root: Path, path: Path) -> tuple[Path, Path] | None:
    """The symbolic link on the way from `root` down to `path` that leads out of `root`, and where.

    A course is one directory: a link inside it that points elsewhere (another course, a
    home directory, /etc) would have the course show, and its messages quote, files the
    instructor never meant to publish. Links that stay inside the course are fine; a link
    that leads nowhere (a loop, a missing file) is left to the reading to report.
    """
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if not current.is_symlink():
            continue
        try:
            target = current.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not target.is_relative_to(root):
            return current, target
    return None


def link_problem(path: Path, link: Path, target: Path) -> Problem:
    return Problem(
        path,
        1,
        1,
        "",
        _(
            "{link} is a link to {target}, outside the course directory; course files must be inside it: "
            "copy the file into the course instead of linking to it"
        ).format(link=link.name, target=target),
        "outside_link",
    )


def directory_problem(root: Path, relative: Path) -> Problem | None:
    """Why the course directory `relative` (lessons/, quizzes/, ...) cannot be read, if it cannot.

    Said once, at the directory: otherwise every reference into it would be reported as
    missing, burying the one real problem.
    """
    path = root / relative
    link = outside_link(root, path)
    if link is not None:
        return link_problem(path, *link)
    name = relative.as_posix()
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            next(path.iterdir(), None)
    except FileNotFoundError:
        return None  # a missing directory holds nothing; what refers to it says so
    except OSError as error:
        return Problem(
            path,
            1,
            1,
            "",
            _("cannot read the directory {name}: {reason}").format(name=name, reason=error.strerror or error),
            "unreadable_directory",
        )
    if not stat.S_ISDIR(mode):
        return Problem(
            path,
            1,
            1,
            "",
            _("{name} is a file, but it must be a directory holding course files; rename the file").format(name=name),
            "not_a_directory",
        )
    return None

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


def manifest_locales(root: Path) -> tuple[list[str], str]:
    """The locales course.yaml lists and its source locale, read without validating the course."""
    from course.content.yamlfile import YamlError, read_yaml

    try:
        data = read_yaml(root / MANIFEST).data
    except (YamlError, OSError):
        return [], "en"
    locales = data.get("locales") if isinstance(data, dict) else None
    source = data.get("source_locale") if isinstance(data, dict) else None
    return (
        [x for x in locales if isinstance(x, str)] if isinstance(locales, list) else [],
        source if isinstance(source, str) else "en",
    )

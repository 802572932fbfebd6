"""Where the course and catalogs that ship with the package live.

A wheel carries `lessons/`, `quizzes/` and `locales/` under `course/_data/` (see
`pyproject.toml`); a source checkout or an editable install keeps them at the
repository root, next to the package. Both layouts are looked up the same way so
that every command finds them without configuration.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_root() -> Path:
    """The directory that holds the shipped `lessons/`, `quizzes/` and `locales/`."""
    bundled = _PACKAGE_DIR / "_data"
    if (bundled / "lessons").is_dir():
        return bundled
    return _PACKAGE_DIR.parent


def locales_dir() -> Path:
    """The shipped gettext catalogs (`locales/<lang>/LC_MESSAGES/messages.po`)."""
    return data_root() / "locales"

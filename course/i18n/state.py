"""The interface language in effect, and the gettext functions bound to it.

One process shows one interface language at a time; the app switches it at run time,
so every string is looked up when it is shown, never cached at import.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from course.i18n.catalogs import load_translations
from course.shipped import locales_dir as shipped_locales_dir

_locale = "en"
_translations: gettext.NullTranslations = gettext.NullTranslations()
_cache: dict[tuple[Path, str], gettext.NullTranslations] = {}
_locales_dir: Path | None = None


def set_locales_dir(directory: Path | None) -> None:
    """Read interface catalogs from `directory` instead of the shipped `locales/`."""
    global _locales_dir
    _locales_dir = directory


def locales_dir() -> Path:
    return _locales_dir or shipped_locales_dir()


def translations_for(locale: str, locales_dir: Path | None = None) -> gettext.NullTranslations:
    """The catalog of `locale` (read once per process), e.g. for a side-by-side column."""
    directory = locales_dir or _locales_dir or shipped_locales_dir()
    key = (directory, locale)
    if key not in _cache:
        _cache[key] = load_translations(directory, locale)
    return _cache[key]


def set_locale(locale: str, locales_dir: Path | None = None) -> None:
    """Make `locale` the interface language (catalogs are read once per process)."""
    global _locale, _translations
    _translations = translations_for(locale, locales_dir)
    _locale = locale


def current_locale() -> str:
    return _locale


def gettext_(message: str) -> str:
    return _translations.gettext(message)


def gettext_in(locale: str, message: str) -> str:
    """`message` in `locale`, which need not be the interface language (a side-by-side column)."""
    return gettext_(message) if locale == _locale else translations_for(locale).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message

"""Loading the interface's gettext catalogs from `locales/<lang>/LC_MESSAGES/`.

A translator edits a `.po` file and expects to see the change on the next start, with no
compile step. A `.po` is compiled with Babel (about 20 ms for the Vietnamese catalog) and
the result is kept in the user cache directory, keyed by the file's path, size and
modification time: every later start reads the cached `.mo` in about a millisecond, and
any edit to the `.po` makes a new key.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import io
import os
from pathlib import Path

from course.files import write_atomically
from course.printable import printable

DOMAIN = "messages"


def catalog_path(locales_dir: Path, locale: str, suffix: str = ".po") -> Path:
    return locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def catalog_locales(locales_dir: Path) -> list[str]:
    """Locales that have an interface catalog, sorted."""
    if not locales_dir.is_dir():
        return []
    found = []
    for child in locales_dir.iterdir():
        if catalog_path(locales_dir, child.name).is_file() or catalog_path(locales_dir, child.name, ".mo").is_file():
            found.append(child.name)
    return sorted(found)


def _compile_po(po_path: Path, locale: str) -> tuple[gettext.GNUTranslations, bytes]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain=DOMAIN)
    # Babel would write an untranslated plural entry with the English singular for every
    # form; leaving it out lets the English fallback choose singular or plural itself.
    for message in list(catalog):
        if message.id and isinstance(message.string, tuple) and not any(message.string):
            catalog.delete(message.id, context=message.context)
        elif message.id:  # a control character in a translation is shown, not sent (`i18n check` names it)
            if isinstance(message.string, str):
                message.string = printable(message.string, keep="\n")
            elif message.string is not None:
                message.string = tuple(printable(s or "", keep="\n") for s in message.string)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    data = buffer.getvalue()
    return gettext.GNUTranslations(io.BytesIO(data)), data


def _cache_file(po: Path) -> Path | None:
    try:
        stat = po.stat()
    except OSError:
        return None
    key = hashlib.sha256(f"{po.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:32]
    return cache_dir() / "catalogs" / f"{key}.mo"


def cache_dir() -> Path:
    """Where the program keeps what it can rebuild: compiled catalogs, number tables, content.

    `$CYBERCOURSE_CACHE_DIR`, else the user cache directory.
    """
    override = os.environ.get("CYBERCOURSE_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path("cybercourse", appauthor=False)


def _compile_cached(po: Path, locale: str) -> gettext.GNUTranslations:
    cached = _cache_file(po)
    if cached is not None and cached.is_file():
        try:
            with cached.open("rb") as handle:
                return gettext.GNUTranslations(handle)
        except (OSError, ValueError):
            pass  # a damaged cache entry is simply rebuilt
    translations, data = _compile_po(po, locale)
    if cached is not None:
        # No writable cache: compile again next time, still correct.
        with contextlib.suppress(OSError):
            write_atomically(cached, data)  # a concurrent start never reads half a file
    return translations


def _load_one(locales_dir: Path, locale: str) -> gettext.NullTranslations | None:
    po = catalog_path(locales_dir, locale)
    mo = catalog_path(locales_dir, locale, ".mo")
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as handle:
                return gettext.GNUTranslations(handle)
        if po.is_file():
            return _compile_cached(po, locale)
    except (OSError, ValueError, SyntaxError) as error:
        # A broken catalog must not stop the course: fall back to English text.
        import sys

        print(f"warning: cannot read {po}: {error}", file=sys.stderr)
    return None


def load_translations(locales_dir: Path, locale: str) -> gettext.NullTranslations:
    """Translations for `locale`, falling back to its bare language, then to the msgids."""
    chain: list[gettext.NullTranslations] = []
    candidates = [locale]
    if "_" in locale:
        candidates.append(locale.split("_", 1)[0])
    for candidate in candidates:
        loaded = _load_one(locales_dir, candidate)
        if loaded is not None:
            chain.append(loaded)
    result: gettext.NullTranslations = gettext.NullTranslations()
    for translations in reversed(chain):
        translations.add_fallback(result)
        result = translations
    return result

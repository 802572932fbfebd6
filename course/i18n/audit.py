"""Checks on the interface catalogs: completeness, sync with the source, placeholders.

These are what `msgfmt --check` and a careful reviewer would catch, done with Babel so
they run wherever the course runs. A translation that drops or renames a `{placeholder}`
would raise an error (or show the wrong value) at run time, so it is an error here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.i18n.catalogs import DOMAIN, catalog_locales, catalog_path
from course.i18n.state import gettext_ as _
from course.printable import find_unsafe

# The language the msgids are written in: its catalog needs no translations.
SOURCE_LANGUAGE = "en"
KEYWORDS = ("_", "N_", "ngettext")
_BRACE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_PERCENT = re.compile(r"%%|%(\([A-Za-z_][A-Za-z0-9_]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXoeEgGc]")


@dataclass
class CatalogStats:
    locale: str
    path: Path
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    @property
    def complete(self) -> bool:
        return self.fuzzy == 0 and self.untranslated == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "locale": self.locale,
            "file": str(self.path),
            "total": self.total,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "obsolete": self.obsolete,
        }


@dataclass(order=True)
class CatalogProblem:
    path: Path
    line: int
    message: str = field(compare=False)

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "line": self.line, "message": self.message}


def _read(path: Path) -> Any:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, domain=DOMAIN)


def _msgids(path: Path) -> set[str]:
    """The msgids of a catalog (the singular one for a plural entry)."""
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in _read(path) if m.id}


def _translated(message: Any) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(bool(s) for s in strings)


def catalog_stats(locales_dir: Path) -> list[CatalogStats]:
    """Per locale: translated, fuzzy, untranslated and obsolete entries of messages.po."""
    result = []
    for locale in catalog_locales(locales_dir):
        path = catalog_path(locales_dir, locale)
        stats = CatalogStats(locale, path)
        catalog = _read(path)
        for message in catalog:
            if not message.id:
                continue
            stats.total += 1
            if message.fuzzy:
                stats.fuzzy += 1
            elif _translated(message) or locale == SOURCE_LANGUAGE:
                stats.translated += 1
            else:
                stats.untranslated += 1
        stats.obsolete = len(catalog.obsolete)
        result.append(stats)
    return result


def placeholders(text: str) -> Counter[str]:
    """The replacement fields of a message: `{name}`, `{n:02x}`, `%(name)s`, `%d`."""
    found: Counter[str] = Counter()
    for match in _BRACE.finditer(text):
        if match.group(0) not in ("{{", "}}"):
            found["{" + re.split(r"[:!]", match.group(1), maxsplit=1)[0] + "}"] += 1
    for match in _PERCENT.finditer(text):
        if match.group(0) != "%%":
            found[match.group(0)] += 1
    return found


def _describe(counter: Counter[str]) -> str:
    return ", ".join(sorted(counter.elements())) or _("none")


def check_placeholders(path: Path) -> list[CatalogProblem]:
    """Every translation keeps exactly the placeholders of its msgid."""
    problems = []
    catalog = _read(path)
    plural_forms = catalog.num_plurals
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple) and any(strings) and len(strings) != plural_forms:
            problems.append(
                CatalogProblem(
                    path,
                    message.lineno,
                    _("'{msgid}' has {found} plural forms but the header's Plural-Forms says {expected}").format(
                        msgid=ids[0], found=len(strings), expected=plural_forms
                    ),
                )
            )
        for index, string in enumerate(strings):
            if not string:
                continue
            original = ids[min(index, len(ids) - 1)] if len(ids) > 1 and index > 0 else ids[0]
            want, got = placeholders(original), placeholders(string)
            if len(ids) > 1:  # a plural form may drop the count ("one lesson"), never add or rename
                want_any = placeholders(ids[0]) | placeholders(ids[-1])
                extra = got - want_any
                missing = Counter({k: v for k, v in (want_any - got).items() if k not in ("{n}", "%d")})
            else:
                extra, missing = got - want, want - got
            if extra or missing:
                problems.append(
                    CatalogProblem(
                        path,
                        message.lineno,
                        _(
                            "the translation of '{msgid}' has placeholders {got} but the original has {want}; "
                            "a missing or extra placeholder breaks the message at run time"
                        ).format(msgid=ids[0][:60], got=_describe(got), want=_describe(want)),
                    )
                )
    return problems


def check_characters(path: Path) -> list[CatalogProblem]:
    """No translation holds a control or bidi character: it would reach every learner's terminal.

    (The app shows such a character visibly, as `printable` does, rather than send it.)
    """
    problems = []
    for message in _read(path):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            index = find_unsafe(string or "", keep="\n")
            if message.id and index is not None:
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                problems.append(
                    CatalogProblem(
                        path,
                        message.lineno,
                        _(
                            "the translation of '{msgid}' contains the control character U+{code}; remove it "
                            "(control characters can rewrite a terminal's screen)"
                        ).format(msgid=msgid[:60], code=f"{ord(string[index]):04X}"),
                    )
                )
                break
    return problems


def check_plural_header(path: Path, locale: str) -> list[CatalogProblem]:
    """The Plural-Forms header says what the language's grammar needs (per CLDR)."""
    from babel.messages.plurals import get_plural

    catalog = _read(path)
    try:
        expected = get_plural(locale)
    except (ValueError, KeyError):
        return []
    if catalog.num_plurals != expected.num_plurals:
        return [
            CatalogProblem(
                path,
                1,
                _("Plural-Forms says nplurals={found} but {locale} has {expected} plural forms ({rule})").format(
                    found=catalog.num_plurals, locale=locale, expected=expected.num_plurals, rule=expected.plural_forms
                ),
            )
        ]
    return []


def extracted_messages(source_dir: Path, mapping_file: Path) -> set[str]:
    """The msgids the source code uses, as `pybabel extract -F babel.cfg -k N_` finds them."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with mapping_file.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(source_dir), method_map, options_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def check_sync(locales_dir: Path, source_dir: Path, mapping_file: Path) -> list[CatalogProblem]:
    """The template matches the source, and every catalog has every entry of the template."""
    problems = []
    template = locales_dir / f"{DOMAIN}.pot"
    if not template.is_file():
        return [
            CatalogProblem(
                template,
                0,
                _("the template is missing; run the pybabel extract command of TRANSLATING.md"),
            )
        ]
    pot_ids = _msgids(template)
    used = extracted_messages(source_dir, mapping_file)
    for msgid in sorted(used - pot_ids):
        problems.append(
            CatalogProblem(
                template,
                0,
                _(
                    "'{msgid}' is used in the code but missing from the template; run the pybabel extract command of TRANSLATING.md"
                ).format(msgid=msgid[:70]),
            )
        )
    for msgid in sorted(pot_ids - used):
        problems.append(
            CatalogProblem(
                template,
                0,
                _(
                    "'{msgid}' is in the template but no longer in the code; run the pybabel extract command of TRANSLATING.md"
                ).format(msgid=msgid[:70]),
            )
        )
    for locale in catalog_locales(locales_dir):
        path = catalog_path(locales_dir, locale)
        po_ids = _msgids(path)
        for msgid in sorted(pot_ids - po_ids):
            problems.append(
                CatalogProblem(
                    path,
                    0,
                    _("'{msgid}' is missing; run the pybabel update command of TRANSLATING.md").format(
                        msgid=msgid[:70]
                    ),
                )
            )
    return problems

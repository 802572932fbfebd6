"""`cybercourse i18n status|check`: what is translated, and whether translations are sound."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.commands import add_format_option, load_or_report
from course.content import Course
from course.content.texts import localized_texts
from course.content.translation import coverage, markup_problems
from course.i18n import _, format_percent, locales_dir
from course.i18n.audit import (
    SOURCE_LANGUAGE,
    CatalogProblem,
    catalog_stats,
    check_characters,
    check_placeholders,
    check_plural_header,
    check_sync,
)
from course.i18n.catalogs import catalog_locales, catalog_path
from course.printable import printable_json
from course.shipped import data_root

SOURCE_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Workspace:
    """The catalogs a translator works on, and the code and mapping their template comes from."""

    locales: Path
    source: Path
    mapping: Path


def workspace(course: Course) -> Workspace:
    """The checkout's catalogs when the course is a checkout (a `locales/` beside `lessons/`), so a
    translator's edits are checked, not the installed package's; else the catalogs in use."""
    if not os.environ.get("CYBERCOURSE_LOCALES_DIR") and (course.root / "locales").is_dir():
        source = course.root / "course"
        return Workspace(
            course.root / "locales",
            source if (source / "__init__.py").is_file() else SOURCE_DIR,
            course.root / "babel.cfg",
        )
    return Workspace(locales_dir(), SOURCE_DIR, data_root() / "babel.cfg")


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "i18n",
        parents=[common],
        help=_("translation status and checks for translators"),
        description=_("Status and checks of the interface catalogs (locales/) and of the content's languages."),
    )
    actions = parser.add_subparsers(title=_("actions"), metavar="ACTION", required=True)
    status = actions.add_parser(
        "status",
        parents=[common],
        help=_("per locale: catalog entries translated, fuzzy, untranslated, obsolete; content fields present"),
    )
    add_format_option(status)
    status.set_defaults(handler=run_status)
    check = actions.add_parser(
        "check",
        parents=[common],
        help=_("catalogs in sync with the code, placeholders intact, content markup consistent"),
    )
    add_format_option(check)
    check.set_defaults(handler=run_check)


def _course(args: argparse.Namespace) -> Course | None:
    result = load_or_report(args, require_valid=False)
    return result.course if result is not None else None


def _all_locales(course: Course) -> list[str]:
    found = set(course.locales) | set(catalog_locales(workspace(course).locales))
    everything = [course.manifest, *course.lessons.values(), *course.quizzes.values(), *course.glossary.values()]
    for text in localized_texts(everything):
        found |= text.locales()
    ordered = list(course.locales)
    return ordered + sorted(found - set(ordered))


def status_data(course: Course) -> dict[str, Any]:
    locales = _all_locales(course)
    catalogs = {stats.locale: stats for stats in catalog_stats(workspace(course).locales)}
    files = coverage(course, locales)
    data: dict[str, Any] = {"shipped": list(course.locales), "source_locale": course.source_locale, "locales": {}}
    for locale in locales:
        stats = catalogs.get(locale)
        total = sum(f.total for f in files)
        present = sum(f.present[locale] for f in files)
        data["locales"][locale] = {
            "interface": stats.to_json() if stats else None,
            "content": {
                "total": total,
                "present": present,
                "files": [
                    {
                        "file": str(f.path.relative_to(course.root))
                        if f.path.is_relative_to(course.root)
                        else str(f.path),
                        "total": f.total,
                        "present": f.present[locale],
                        "missing": f.missing[locale],
                    }
                    for f in files
                ],
            },
            "complete": bool(stats and stats.complete) and present == total,
        }
    return data


def run_status(args: argparse.Namespace) -> int:
    course = _course(args)
    if course is None:
        return 1
    data = status_data(course)
    incomplete = [loc for loc in data["shipped"] if not data["locales"][loc]["complete"]]
    if args.format == "json":
        sys.stdout.write(printable_json(data) + "\n")
        return 1 if incomplete else 0
    print(_("Interface catalogs ({path}):").format(path=workspace(course).locales))
    for locale, info in data["locales"].items():
        stats = info["interface"]
        if stats is None:
            print(
                f"  {locale:6} "
                + _("no catalog (run: pybabel init -i locales/messages.pot -d locales -l {locale})").format(
                    locale=locale
                )
            )
            continue
        share = stats["translated"] / stats["total"] if stats["total"] else 1.0
        line = _(
            "{translated}/{total} translated ({percent}), {fuzzy} fuzzy, {untranslated} untranslated, {obsolete} obsolete"
        ).format(
            percent=format_percent(share),
            **{k: stats[k] for k in ("translated", "total", "fuzzy", "untranslated", "obsolete")},
        )
        if locale == SOURCE_LANGUAGE:
            line += " · " + _("the language of the source strings")
        print(f"  {locale:6} {line}")
    print(_("Content ({path}):").format(path=course.root))
    for locale, info in data["locales"].items():
        content = info["content"]
        share = content["present"] / content["total"] if content["total"] else 1.0
        marker = (
            _("shipped")
            if locale in data["shipped"]
            else _("optional; missing fields fall back to {source}").format(source=course.source_locale)
        )
        print(
            f"  {locale:6} "
            + _("{present}/{total} text fields ({percent}) · {marker}").format(
                present=content["present"], total=content["total"], percent=format_percent(share), marker=marker
            )
        )
        for entry in content["files"]:
            if entry["missing"]:
                shown = ", ".join(entry["missing"][:4]) + (" …" if len(entry["missing"]) > 4 else "")
                print(
                    f"         {entry['file']}: "
                    + _("{present}/{total}, missing {fields}").format(
                        present=entry["present"], total=entry["total"], fields=shown
                    )
                )
    if incomplete:
        print(_("Incomplete shipped locales: {locales}").format(locales=", ".join(incomplete)), file=sys.stderr)
        return 1
    return 0


def check_problems(course: Course) -> tuple[list[CatalogProblem], list[Any], list[str]]:
    notes = []
    catalog_problems: list[CatalogProblem] = []
    place = workspace(course)
    if place.mapping.is_file():
        catalog_problems += check_sync(place.locales, place.source, place.mapping)
    else:
        notes.append(
            _(
                "babel.cfg not found next to locales/: the template was not compared with the code (run from a source checkout)"
            )
        )
    for locale in catalog_locales(place.locales):
        path = catalog_path(place.locales, locale)
        catalog_problems += check_placeholders(path) + check_plural_header(path, locale) + check_characters(path)
    return sorted(catalog_problems), markup_problems(course), notes


def run_check(args: argparse.Namespace) -> int:
    course = _course(args)
    if course is None:
        return 1
    catalog_problems, content_problems, notes = check_problems(course)
    if args.format == "json":
        payload = {
            "ok": not catalog_problems and not content_problems,
            "catalogs": [p.to_json() for p in catalog_problems],
            "content": [p.to_json() for p in content_problems],
            "notes": notes,
        }
        sys.stdout.write(printable_json(payload) + "\n")
    else:
        for problem in catalog_problems:
            print(problem.format())
        for content_problem in content_problems:
            print(content_problem.format())
        for note in notes:
            print(note, file=sys.stderr)
        if not catalog_problems and not content_problems:
            print(
                _(
                    "Translations are consistent: catalogs match the code, placeholders are intact, content markup matches."
                )
            )
    return 1 if catalog_problems or content_problems else 0

"""How complete each language of the content is, and whether translations keep the markup.

A translator works field by field; these checks tell them which fields are missing for a
locale, file by file, and which translated fields lost a link, a code span, a list item
or a table row on the way (the sort of slip that shows on screen but not in a diff).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from course.content.base import LocalizedText
from course.content.course import Course, Origin
from course.content.problems import Problem, problem_at
from course.i18n import N_, _

Loc = tuple[str | int, ...]


def localized_fields(obj: Any, loc: Loc = ()) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every LocalizedText inside `obj`, with its location (as in the YAML file)."""
    if isinstance(obj, LocalizedText):
        yield loc, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if value is not None:
                yield from localized_fields(value, (*loc, name))
    elif isinstance(obj, (list, tuple)):
        for index, item in enumerate(obj):
            yield from localized_fields(item, (*loc, index))


def _objects(course: Course) -> Iterator[tuple[Origin, Any]]:
    manifest = course.origins.get(("manifest", course.manifest.id))
    if manifest is not None:
        yield manifest, course.manifest
    for kind, items in (("lesson", course.lessons), ("quiz", course.quizzes), ("term", course.glossary)):
        for item_id, item in items.items():
            origin = course.origins.get((kind, item_id))
            if origin is not None:
                yield origin, item


@dataclass
class FileCoverage:
    """How many text fields of one file exist in each locale."""

    path: Path
    total: int
    present: dict[str, int]
    missing: dict[str, list[str]]  # locale -> field paths without text


def coverage(course: Course, locales: list[str]) -> list[FileCoverage]:
    files: dict[Path, FileCoverage] = {}
    for origin, obj in _objects(course):
        entry = files.setdefault(
            origin.doc.path,
            FileCoverage(origin.doc.path, 0, dict.fromkeys(locales, 0), {loc: [] for loc in locales}),
        )
        fields: list[tuple[Loc, set[str]]] = [(loc, text.locales()) for loc, text in localized_fields(obj, origin.loc)]
        for question_index, question in enumerate(getattr(obj, "questions", [])):
            accepted = getattr(question, "accepted", None)
            if accepted is not None:  # accepted answers are per-locale text too
                have = {loc for loc, answers in accepted.items() if any(a.strip() for a in answers)}
                fields.append(((*origin.loc, "questions", question_index, "accepted"), have))
        for loc, have in fields:
            entry.total += 1
            for locale in locales:
                if locale in have:
                    entry.present[locale] += 1
                else:
                    entry.missing[locale].append(origin.doc.locate(loc)[2])
    return sorted(files.values(), key=lambda f: str(f.path))


_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+\S", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)
_TABLE_ROW = re.compile(r"^[ \t]*\|", re.MULTILINE)
_URL = re.compile(r"https?://[^\s)>\]]+")
_CODE = re.compile(r"`([^`\n]+)`")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _shape(text: str) -> dict[str, Any]:
    return {
        N_("list items"): len(_ITEM.findall(text)),
        N_("headings"): len(_HEADING.findall(text)),
        N_("table rows"): len(_TABLE_ROW.findall(text)),
        N_("links"): sorted(_URL.findall(text)),
        N_("code spans"): sorted(_CODE.findall(text)),
        N_("placeholders"): sorted(_PLACEHOLDER.findall(text)),
    }


def markup_problems(course: Course) -> list[Problem]:
    """Translated fields whose Markdown structure differs from the source locale's."""
    source = course.source_locale
    problems = []
    for origin, obj in _objects(course):
        for loc, text in localized_fields(obj, origin.loc):
            reference = text.root.get(source)
            if reference is None:
                continue
            expected = _shape(reference)
            for locale, translated in sorted(text.root.items()):
                if locale == source:
                    continue
                for name, value in _shape(translated).items():
                    if value != expected[name]:
                        problems.append(
                            problem_at(
                                origin.doc,
                                (*loc, locale),
                                _(
                                    "the {locale} text has {found} {what} but the {source} text has {expected}; "
                                    "keep the same Markdown structure in every language"
                                ).format(
                                    locale=locale,
                                    source=source,
                                    what=_(name),
                                    found=_count(value),
                                    expected=_count(expected[name]),
                                ),
                                "markup",
                            )
                        )
                if translated.count("**") % 2:
                    problems.append(
                        problem_at(
                            origin.doc,
                            (*loc, locale),
                            _("the {locale} text has an unclosed ** (bold)").format(locale=locale),
                            "markup",
                        )
                    )
    return problems


def _count(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) if value else _("none")
    return str(value)

"""Whole question banks: a cybercourse quiz out to GIFT or Moodle XML, a Moodle file into YAML."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from course.content import Course
from course.content.yamlfile import MAX_FILE_BYTES, YamlError, parse_yaml
from course.exchange import gift, gift_reader, moodle_xml, moodle_xml_reader
from course.exchange.carriage import merged
from course.exchange.markup import category_parts, category_path
from course.exchange.merging import to_yaml
from course.exchange.neutral import (
    Exchanged,
    ExchangeError,
    Exported,
    Read,
    from_question,
    quiz_meta,
    refused_note,
    slug,
)
from course.exchange.reading import read_regular_file
from course.files import write_atomically
from course.i18n import _
from course.printable import find_unsafe

WRITERS = {"gift": gift.write, "moodle-xml": moodle_xml.write}
SUFFIX = {"gift": ".gift", "moodle-xml": ".xml"}
NEW_BANK = {"mode": "practice", "pass_mark": 70, "shuffle": True}  # written out, so instructors see them


def export_quiz(course: Course, quiz_id: str, fmt: str, lang: str) -> Exported:
    """A quiz's own questions in `fmt`, in `lang`; and what the format could not carry."""
    quiz = course.quizzes[quiz_id]
    if not quiz.questions:
        raise ExchangeError(
            _("quiz '{id}' has no questions of its own (it draws from other quizzes); export those instead").format(
                id=quiz_id
            )
        )
    items = [from_question(question, lang, course.source_locale) for question in quiz.questions]
    title = quiz.title.get(lang, course.source_locale)
    carried = quiz_meta(quiz, lang)
    if category_parts(category_path(title)) != [title]:  # a title a category name cannot hold exactly
        carried["title"] = {lang: title}
    return WRITERS[fmt](items, title, lang, carried)


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".gift", ".txt"):
        return "gift"
    if suffix == ".xml":
        return "moodle-xml"
    raise ExchangeError(_("{path}: use a .gift or a .xml file (Moodle's GIFT or Moodle XML format)").format(path=path))


def read_file(path: Path) -> Read:
    fmt = detect_format(path)
    data = read_regular_file(path)
    if fmt == "gift":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ExchangeError(
                _("{path}:{line}: not UTF-8 text; save the file as UTF-8").format(path=path, line=line)
            ) from None
        found = gift_reader.read(text, path)
    else:
        found = moodle_xml_reader.read(data, path)
    return _without_unsafe_text(found)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _texts(getattr(value, item.name))


def _without_unsafe_text(found: Read) -> Read:
    """Refuse, by name and line, a question holding a control or bidi character.

    The course refuses such text (it could rewrite a trainee's terminal), so importing it
    would write a bank that `validate` then rejects; the instructor is told which question,
    which character, and the others are imported.
    """
    kept = []
    for item in found.items:
        bad = next((text[i] for text in _texts(item) if (i := find_unsafe(text, keep="\n\t")) is not None), None)
        if bad is None:
            kept.append(item)
            continue
        found.skipped.append(
            refused_note(
                item.name or item.id,
                item.line,
                _(
                    "its text holds U+{code:04X}, a control or text-direction character, which the course refuses "
                    "(it could rewrite a trainee's screen); remove it in Moodle and export again"
                ).format(code=ord(bad)),
            )
        )
    found.items = kept
    return found


@dataclass
class ImportReport:
    target: Path
    quiz_id: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # left out of the file, by name and line
    notes: list[str] = field(default_factory=list)  # what the instructor must still do or know


def _existing_bank(target: Path, quiz_id: str | None) -> dict[str, Any] | None:
    """The bank already at `target`, or None; anything that is not a bank (with that id) is refused."""
    if not target.exists() and not target.is_symlink():
        return None
    try:
        loaded = parse_yaml(read_regular_file(target), target).data
    except YamlError as error:
        raise ExchangeError(f"{target}:{error.line}:{error.column}: {error.message}") from None
    if not isinstance(loaded, dict) or not isinstance(loaded.get("questions"), list) or "id" not in loaded:
        raise ExchangeError(
            _(
                "{path} is not a question bank (a quiz file with an id and a questions list); it was left as it is"
            ).format(path=target)
        )
    if quiz_id is not None and loaded["id"] != quiz_id:
        raise ExchangeError(
            _(
                "{path} is the bank '{found}', not '{id}'; it was left as it is. Choose another --output or --quiz."
            ).format(path=target, found=loaded["id"], id=quiz_id)
        )
    return loaded


def _title(found: Read, report: ImportReport) -> str:
    """The bank's title: the last name of the category every question shares (Moodle's nesting kept apart)."""
    paths = [item.category for item in found.items if item.category] or found.categories
    if not paths:
        return ""
    common: list[str] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    distinct = {tuple(p) for p in paths}
    if len(distinct) > 1:
        report.notes.append(
            _(
                "the file's questions come from {n} Moodle categories ({names}); they are one bank here, tagged by category"
            ).format(n=len(distinct), names="; ".join(" / ".join(p) for p in sorted(distinct)))
        )
        for item in found.items:
            extra = item.category[len(common) :]
            tag = slug(extra[-1]) if extra else ""
            if tag and tag not in item.meta.setdefault("tags", []):
                item.meta["tags"] = [*item.meta["tags"], tag]
    return common[-1] if common else paths[0][-1]


def import_file(
    path: Path, target: Path, lang: str, quiz_id: str | None = None, default_source: str | None = None
) -> ImportReport:
    """Merge the questions of a Moodle file, in `lang`, into the YAML bank at `target`.

    A new bank is created if `target` does not exist; an existing file is rewritten only when
    it is a bank (with id `quiz_id`, when given). Questions are matched by id (the Moodle name
    or idnumber, or cybercourse's own comment), so importing the file of the other language
    fills in that language and keeps the answer keys. Nothing is written when no question of
    the file can be imported.
    """
    existing_bank = _existing_bank(target, quiz_id)
    found = read_file(path)
    if not found.items:
        raise ExchangeError(
            _("{path}: no question in this file can be imported; nothing was written").format(path=path),
            notes=found.skipped + found.notes,
        )
    identifier = str((existing_bank or {}).get("id") or quiz_id or slug(target.stem) or "imported-quiz")
    report = ImportReport(target, identifier, skipped=list(found.skipped), notes=list(found.notes))
    title = _title(found, report)
    carried_quiz = {k: v for k, v in found.quiz_meta.items() if k != "id"}
    if existing_bank is None:
        bank: dict[str, Any] = {"id": identifier, "title": {lang: title or target.stem}}
        bank.update(merged(NEW_BANK, carried_quiz))
        bank["questions"] = []
    else:
        bank = existing_bank
        if found.quiz_meta.get("id") == identifier:
            bank = {**merged(bank, carried_quiz), "questions": bank["questions"]}
        if title and lang not in (bank.get("title") or {}):
            bank["title"] = {**(bank.get("title") or {}), lang: title}
        if any(line.lstrip().startswith("#") for line in target.read_text("utf-8").splitlines()):
            report.notes.append(_("{path} is rewritten: its # comments are not kept").format(path=target))
    bank["questions"] = _merge_questions(found.items, bank["questions"], lang, default_source, report)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(bank, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ExchangeError(
            _(
                "{path}: the bank would be {size} bytes, over the {limit} bytes a course file may hold; nothing was written. Split the file."
            ).format(path=target, size=len(text.encode("utf-8")), limit=MAX_FILE_BYTES)
        )
    try:
        write_atomically(target, text, durable=True)
    except OSError as error:
        raise ExchangeError(_("cannot write to {path}: {reason}").format(path=target, reason=error.strerror)) from None
    return report


def _merge_questions(
    items: list[Exchanged], questions: list[Any], lang: str, default_source: str | None, report: ImportReport
) -> list[Any]:
    questions = list(questions)
    existing = {q.get("id"): (index, q) for index, q in enumerate(questions) if isinstance(q, dict)}
    in_this_file: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not item.id:
            by_position = questions[number - 1].get("id") if number - 1 < len(questions) else None
            item.id = by_position or f"{report.quiz_id}-q{number}"
        if item.id in in_this_file:  # two questions with one Moodle name: both kept, the second renamed
            base_id, suffix = item.id, 2
            while f"{base_id}-{suffix}" in in_this_file or f"{base_id}-{suffix}" in existing:
                suffix += 1
            item.id = f"{base_id}-{suffix}"
            report.notes.append(
                _("line {line}: a second question named '{name}' was imported as '{id}'").format(
                    line=item.line, name=base_id, id=item.id
                )
            )
        in_this_file.add(item.id)
        if item.id in existing:
            index, old = existing[item.id]
            question, notes = to_yaml(item, lang, old)
            questions[index] = question
            report.updated.append(item.id)
        else:
            question, notes = to_yaml(item, lang, None)
            questions.append(question)
            existing[item.id] = (len(questions) - 1, question)
            report.added.append(item.id)
        report.notes += notes
        if "source" not in question:
            if default_source:
                question["source"] = {"ref": default_source}
            else:
                report.notes.append(
                    _("{id}: no source; add `source: {{ref: KEY}}` (or import with --source KEY)").format(id=item.id)
                )
        if not (question.get("explanation") or {}).get(lang):
            report.notes.append(
                _("{id}: no general feedback in the file, so no explanation in {lang}; add one").format(
                    id=item.id, lang=lang
                )
            )
    return questions

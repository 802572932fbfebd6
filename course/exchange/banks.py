"""Whole question banks: a cybercourse quiz out to GIFT or Moodle XML, a Moodle file into YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from course.content import Course
from course.content.yamlfile import YamlError, read_yaml
from course.exchange import gift, moodle_xml
from course.exchange.neutral import Exchanged, ExchangeError, Exported, from_question, slug, to_yaml
from course.files import write_atomically
from course.i18n import _

FORMATS = {"gift": gift, "moodle-xml": moodle_xml}
SUFFIX = {"gift": ".gift", "moodle-xml": ".xml"}


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
    return FORMATS[fmt].write(items, category=title)


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".gift", ".txt"):
        return "gift"
    if suffix == ".xml":
        return "moodle-xml"
    raise ExchangeError(_("{path}: use a .gift or a .xml file (Moodle's GIFT or Moodle XML format)").format(path=path))


def read_file(path: Path) -> tuple[list[Exchanged], str, list[str]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExchangeError(_("cannot read {path}: {reason}").format(path=path, reason=error.strerror)) from None
    if detect_format(path) == "gift":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ExchangeError(
                _("{path}:{line}: not UTF-8 text; save the file as UTF-8").format(path=path, line=line)
            ) from None
        return gift.read(text, path)
    return moodle_xml.read(data, path)


@dataclass
class ImportReport:
    target: Path
    quiz_id: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # left out of the file, by name
    notes: list[str] = field(default_factory=list)  # what the instructor must still do


def import_file(
    path: Path, target: Path, lang: str, quiz_id: str | None = None, default_source: str | None = None
) -> ImportReport:
    """Merge the questions of a Moodle file, in `lang`, into the YAML bank at `target`.

    A new bank is created if `target` does not exist. Questions are matched by id (the
    Moodle name or idnumber, or cybercourse's own comment), so importing the file of the
    other language fills in that language and keeps the answer keys.
    """
    items, category, skipped = read_file(path)
    bank: dict[str, Any]
    first_notes: list[str] = []
    if target.exists():
        try:
            loaded = read_yaml(target).data or {}
        except YamlError as error:
            raise ExchangeError(f"{target}:{error.line}:{error.column}: {error.message}") from None
        if not isinstance(loaded, dict) or not isinstance(loaded.get("questions", []), list):
            raise ExchangeError(
                _("{path}: not a question bank (a YAML mapping with a questions list)").format(path=target)
            )
        bank = loaded
        if any(line.lstrip().startswith("#") for line in target.read_text("utf-8").splitlines()):
            first_notes.append(_("{path} is rewritten: its # comments are not kept").format(path=target))
    else:
        identifier = quiz_id or slug(target.stem) or "imported-quiz"
        bank = {
            "id": identifier,
            "title": {lang: category or target.stem},
            "mode": "practice",
            "pass_mark": 70,
            "shuffle": True,
            "questions": [],
        }
    report = ImportReport(target, str(bank.get("id")), skipped=list(skipped), notes=first_notes)
    if category and lang not in (bank.get("title") or {}):
        bank["title"] = {**(bank.get("title") or {}), lang: category}
    existing = {q.get("id"): (index, q) for index, q in enumerate(bank.get("questions") or []) if isinstance(q, dict)}
    questions = list(bank.get("questions") or [])
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
            merged, notes = to_yaml(item, lang, old)
            questions[index] = merged
            report.updated.append(item.id)
        else:
            merged, notes = to_yaml(item, lang, None)
            questions.append(merged)
            existing[item.id] = (len(questions) - 1, merged)
            report.added.append(item.id)
        report.notes += notes
        if "source" not in merged:
            if default_source:
                merged["source"] = {"ref": default_source}
            else:
                report.notes.append(
                    _("{id}: no source; add `source: {{ref: KEY}}` (or import with --source KEY)").format(id=item.id)
                )
        if not (merged.get("explanation") or {}).get(lang):
            report.notes.append(
                _("{id}: no general feedback in the file, so no explanation in {lang}; add one").format(
                    id=item.id, lang=lang
                )
            )
    bank["questions"] = questions
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(bank, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    try:
        write_atomically(target, text, durable=True)
    except OSError as error:
        raise ExchangeError(_("cannot write to {path}: {reason}").format(path=target, reason=error.strerror)) from None
    return report

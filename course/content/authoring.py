"""New lessons and quizzes from a skeleton: valid at once, in every language of the course.

A skeleton is a real lesson or quiz that passes `cybercourse validate`, so an instructor can
preview it before writing a word. Its texts say what to write, in each course language the
program has a catalog for (other languages get the English wording). A new lesson is listed
in `course.yaml`; a new quiz is named by the lesson it closes. Files are edited as text, so
the instructor's comments and layout in `course.yaml` and in the lesson are kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from course.content.base import ID_PATTERN
from course.content.location import MANIFEST
from course.content.yamlfile import YamlError, read_yaml
from course.files import write_atomically
from course.i18n import N_, _, locales_dir
from course.i18n.catalogs import load_translations


class AuthoringError(Exception):
    """Why a skeleton cannot be written; the message says what to do."""


@dataclass(frozen=True)
class Written:
    path: Path
    changed: list[Path]  # other files edited (course.yaml, the lesson)


# What a skeleton says, in the course's languages. Kept as messages so translators see them.
LESSON_TITLE = N_("New lesson {id}: write its title")
LESSON_SUMMARY = N_("One or two sentences shown on the course map: what the lesson covers.")
LESSON_OBJECTIVE = N_("What a trainee can do after the lesson, starting with a verb.")
SECTION_HEADING = N_("First section: write its heading")
SECTION_BODY = N_(
    "Write the section in Markdown: paragraphs, **bold** key terms, lists.\n\n"
    "Keep a section to one screen; add sections for the rest of the lesson."
)
QUIZ_TITLE = N_("Quiz: {lesson}")
QUIZ_DESCRIPTION = N_("What this quiz checks, shown before the trainee starts.")
CHOICE_PROMPT = N_("Write a question with one right answer.")
CHOICE_RIGHT = N_("The right answer")
CHOICE_WRONG = N_("A plausible wrong answer")
CHOICE_FEEDBACK = N_("Why a trainee might pick this, and why it is wrong.")
CHOICE_EXPLANATION = N_("Why the right answer is right, in one or two sentences.")
TRUE_FALSE_PROMPT = N_("Write a statement that is true or false.")
TRUE_FALSE_EXPLANATION = N_("Why the statement is true (or false).")


def _texts(locales: list[str], message: str, **values: str) -> dict[str, str]:
    texts = {}
    for locale in locales:
        translated = load_translations(locales_dir(), locale).gettext(message)
        texts[locale] = translated.format(**values)
    return texts


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _localized(texts: dict[str, str], indent: int) -> str:
    pad = " " * indent
    lines = []
    for locale, text in texts.items():
        if "\n" in text:
            lines.append(f"{pad}{locale}: |")
            lines += [f"{pad}  {line}" if line else "" for line in text.splitlines()]
        else:
            lines.append(f"{pad}{locale}: {_scalar(text)}")
    return "\n".join(lines)


@dataclass(frozen=True)
class CourseFacts:
    """What a skeleton needs to know about the course it joins."""

    root: Path
    locales: list[str]
    lessons: list[str]
    source: str


def _facts(root: Path) -> CourseFacts:
    manifest = root / MANIFEST
    try:
        data = read_yaml(manifest).data
    except YamlError as error:
        raise AuthoringError(f"{manifest}:{error.line}:{error.column}: {error.message}") from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("locales"), list)
        or not isinstance(data.get("lessons"), list)
    ):
        raise AuthoringError(
            _("{path}: the manifest needs `locales` and `lessons` lists; run `cybercourse validate`").format(
                path=manifest
            )
        )
    sources_file = root / "lessons" / "sources.yaml"
    try:
        sources = read_yaml(sources_file).data
    except YamlError as error:
        raise AuthoringError(f"{sources_file}:{error.line}:{error.column}: {error.message}") from None
    keys = (
        [s.get("id") for s in (sources or {}).get("sources") or [] if isinstance(s, dict)]
        if isinstance(sources, dict)
        else []
    )
    if not keys:
        raise AuthoringError(
            _("{path} lists no sources; every lesson and question cites one, so add a source there first").format(
                path=sources_file
            )
        )
    locales = [str(x) for x in data["locales"]]
    source = data.get("source_locale")
    if source in locales:  # authors write the source language first
        locales.remove(source)
        locales.insert(0, source)
    return CourseFacts(root, locales, [str(x) for x in data["lessons"]], str(keys[0]))


def _check_id(identifier: str) -> None:
    if not re.fullmatch(ID_PATTERN, identifier):
        raise AuthoringError(
            _("'{id}' cannot be an id: use lowercase letters, digits and hyphens, e.g. data-interception").format(
                id=identifier
            )
        )


def _content_files(root: Path) -> list[tuple[Path, Any]]:
    """Every lesson and quiz file with its data (None when unreadable), read once per command."""
    found = []
    for folder in ("lessons", "quizzes"):
        for path in sorted((root / folder).rglob("*.y*ml")):
            try:
                found.append((path, read_yaml(path).data))
            except (YamlError, OSError):
                found.append((path, None))
    return found


def _refuse_taken(files: list[tuple[Path, Any]], identifier: str) -> None:
    """Refuse an id some content file already uses as its file name or its id."""
    for path, data in files:
        if path.stem == identifier or (isinstance(data, dict) and data.get("id") == identifier):
            raise AuthoringError(
                _("{path} already uses the id '{id}'; choose another id (nothing was written)").format(
                    path=path, id=identifier
                )
            )


def new_lesson(root: Path, lesson_id: str, after: str | None = None) -> Written:
    """Write `lessons/ID.yaml` and list it in `course.yaml` (at the end, or after `after`)."""
    _check_id(lesson_id)
    facts = _facts(root)
    _refuse_taken(_content_files(root), lesson_id)
    if after is not None and after not in facts.lessons:
        raise AuthoringError(
            _("course.yaml lists no lesson '{id}'; lessons: {ids}").format(id=after, ids=", ".join(facts.lessons))
        )
    locales = facts.locales
    comment = _(
        "# A new lesson. Replace each text, in every language; `cybercourse preview {id}` shows it as you save."
    )
    text = "\n".join(
        [
            comment.format(id=lesson_id),
            f"id: {lesson_id}",
            "title:",
            _localized(_texts(locales, LESSON_TITLE, id=lesson_id), 2),
            "summary:",
            _localized(_texts(locales, LESSON_SUMMARY), 2),
            "minutes: 10",
            "objectives:",
            "  - " + _localized(_texts(locales, LESSON_OBJECTIVE), 4).lstrip(),
            "key_terms: []",
            "sources:",
            f"  - {facts.source}",
            "prerequisites: []",
            "sections:",
            "  - heading:",
            _localized(_texts(locales, SECTION_HEADING), 6),
            "    body:",
            _localized(_texts(locales, SECTION_BODY), 6),
            "",
        ]
    )
    path = root / "lessons" / f"{lesson_id}.yaml"
    manifest = root / MANIFEST
    edited = _insert_in_list(manifest, "lessons", lesson_id, after)
    _create(path, text)
    write_atomically(manifest, edited, durable=True)
    return Written(path, [manifest])


def new_quiz(root: Path, quiz_id: str, lesson_id: str) -> Written:
    """Write `quizzes/ID.yaml` and make it the quiz of `lesson_id` (which must have none yet)."""
    _check_id(quiz_id)
    facts = _facts(root)
    files = _content_files(root)
    _refuse_taken(files, quiz_id)
    lesson_path, lesson = _lesson(root, files, lesson_id)
    if lesson.get("quiz"):
        raise AuthoringError(
            _("lesson '{lesson}' already has the quiz '{quiz}'; a lesson has one quiz (nothing was written)").format(
                lesson=lesson_id, quiz=lesson["quiz"]
            )
        )
    locales = facts.locales
    title = lesson.get("title")
    lesson_titles = title if isinstance(title, dict) else {}
    titles = {
        locale: load_translations(locales_dir(), locale)
        .gettext(QUIZ_TITLE)
        .format(lesson=lesson_titles.get(locale) or lesson_id)
        for locale in locales
    }
    comment = _(
        "# A new quiz for lesson '{lesson}'. Replace each text; `cybercourse schema` lists every question type."
    )
    ref = f"{{ref: {facts.source}}}"
    text = "\n".join(
        [
            comment.format(lesson=lesson_id),
            f"id: {quiz_id}",
            "title:",
            _localized(titles, 2),
            "description:",
            _localized(_texts(locales, QUIZ_DESCRIPTION), 2),
            "mode: practice",
            "pass_mark: 70",
            "shuffle: true",
            "questions:",
            f"  - id: {quiz_id}-1",
            "    type: single_choice",
            "    prompt:",
            _localized(_texts(locales, CHOICE_PROMPT), 6),
            "    options:",
            "      - id: a",
            "        text:",
            _localized(_texts(locales, CHOICE_RIGHT), 10),
            "      - id: b",
            "        text:",
            _localized(_texts(locales, CHOICE_WRONG), 10),
            "        feedback:",
            _localized(_texts(locales, CHOICE_FEEDBACK), 10),
            "      - id: c",
            "        text:",
            _localized(_texts(locales, CHOICE_WRONG), 10),
            "    answer: a",
            "    explanation:",
            _localized(_texts(locales, CHOICE_EXPLANATION), 6),
            f"    source: {ref}",
            "",
            f"  - id: {quiz_id}-2",
            "    type: true_false",
            "    prompt:",
            _localized(_texts(locales, TRUE_FALSE_PROMPT), 6),
            "    answer: true",
            "    explanation:",
            _localized(_texts(locales, TRUE_FALSE_EXPLANATION), 6),
            f"    source: {ref}",
            "",
        ]
    )
    path = root / "quizzes" / f"{quiz_id}.yaml"
    edited = _set_key(lesson_path, "quiz", quiz_id)
    _create(path, text)
    write_atomically(lesson_path, edited, durable=True)
    return Written(path, [lesson_path])


def _lesson(root: Path, files: list[tuple[Path, Any]], lesson_id: str) -> tuple[Path, dict[str, Any]]:
    """The file and data of the lesson `lesson_id`."""
    lessons = root / "lessons"
    for path, data in files:
        if (
            path.is_relative_to(lessons)
            and isinstance(data, dict)
            and data.get("id") == lesson_id
            and "sections" in data
        ):
            return path, data
    raise AuthoringError(
        _("there is no lesson '{id}'; say which lesson the quiz closes (--lesson LESSON_ID)").format(id=lesson_id)
    )


# -- editing YAML as text, so comments and layout survive --------------------------------------


def _insert_in_list(path: Path, key: str, item: str, after: str | None) -> str:
    """`path`'s text with `item` added to the list under the top-level `key`."""
    text = path.read_text("utf-8")
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    node = next((v for k, v in root.value if k.value == key), None) if isinstance(root, yaml.MappingNode) else None
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise AuthoringError(_("{path}: `{key}` is not a list; run `cybercourse validate`").format(path=path, key=key))
    items = node.value
    anchor = next((n for n in items if n.value == after), items[-1]) if after else items[-1]
    offset = _offset(text, anchor.end_mark.line, anchor.end_mark.column)
    if node.flow_style:
        return text[:offset] + f", {item}" + text[offset:]
    line_start = text.rfind("\n", 0, _offset(text, anchor.start_mark.line, 0)) + 1
    prefix = text[line_start : _offset(text, anchor.start_mark.line, anchor.start_mark.column)]
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    return text[:line_end] + "\n" + prefix + item + text[line_end:]


def _set_key(path: Path, key: str, value: str) -> str:
    """`path`'s text with the top-level `key` set to `value` (an empty `key:` line is filled in)."""
    text = path.read_text("utf-8")
    empty = re.search(rf"^{key}:[ \t]*(null|~)?[ \t]*(#.*)?$", text, flags=re.MULTILINE)
    if empty is not None:
        return text[: empty.start()] + f"{key}: {value}" + text[empty.end() :]
    match = re.search(r"^id:.*$", text, flags=re.MULTILINE)
    if match is None:
        raise AuthoringError(_("{path}: no top-level `id:` line; run `cybercourse validate`").format(path=path))
    return text[: match.end()] + f"\n{key}: {value}" + text[match.end() :]


def _offset(text: str, line: int, column: int) -> int:
    position = 0
    for _i in range(line):
        position = text.index("\n", position) + 1
    return position + column


def _create(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise AuthoringError(_("{path} already exists; nothing was written").format(path=path)) from None

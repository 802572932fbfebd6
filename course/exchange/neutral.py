"""One question, in one language, in the shape both Moodle formats can be written from and read into."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from course.content.questions import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    QuestionBase,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from course.i18n import _

META_PREFIX = "cybercourse:"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


class ExchangeError(Exception):
    """A file that cannot be imported; the message names the file and line."""


@dataclass
class Answer:
    """An option (choice types), an accepted answer (short answer), an item, a pair or a distractor."""

    text: str
    fraction: float = 0.0  # Moodle's grade for choosing it, -1..1
    feedback: str = ""
    right: str = ""  # the right-hand side of a matching pair
    id: str = ""


@dataclass
class Exchanged:
    """A question in one language, as Moodle sees it plus what cybercourse adds."""

    id: str
    type: str  # one of cybercourse's seven types
    prompt: str
    explanation: str = ""
    hint: str = ""
    answers: list[Answer] = field(default_factory=list)
    truth: bool | None = None  # true_false
    value: float | None = None  # numeric
    tolerance: float = 0.0
    unit: str = ""
    distractors: list[Answer] = field(default_factory=list)  # matching: right-hand items without a pair
    meta: dict[str, Any] = field(default_factory=dict)
    line: int = 0  # where it starts in an imported file
    markup: str = "markdown"  # of the texts as read; GIFT's [html] ones are converted after parsing

    def meta_comment(self) -> str:
        return META_PREFIX + " " + json.dumps(self.meta, ensure_ascii=False, sort_keys=True)


@dataclass
class Exported:
    """A bank written in a Moodle format: the text, the questions in it, what Moodle loses."""

    text: str
    written: list[str]  # question ids
    warnings: list[str]  # by question id: left out, or written with less than cybercourse has


def _text(value: Any, lang: str, fallback: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(value.get(lang, fallback))


def from_question(question: QuestionBase, lang: str, fallback: str) -> Exchanged:
    """The neutral form of a cybercourse question, in `lang`."""
    meta: dict[str, Any] = {
        "id": question.id,
        "type": question.type,  # type: ignore[attr-defined]
        "source": question.source.model_dump(mode="json", exclude_none=True),
        "difficulty": question.difficulty,
        "tags": list(question.tags),
    }
    if question.source.at is not None and not isinstance(question.source.at, str):
        meta["source"]["at"] = _text(question.source.at, lang, fallback)
        meta["at_per_language"] = True
    result = Exchanged(
        id=question.id,
        type=question.type,  # type: ignore[attr-defined]
        prompt=_text(question.prompt, lang, fallback),
        explanation=_text(question.explanation, lang, fallback),
        hint=_text(question.hint, lang, fallback),
        meta=meta,
    )
    if isinstance(question, SingleChoice | MultipleChoice):
        right = [question.answer] if isinstance(question, SingleChoice) else list(question.answers)
        share = 1 / len(right)
        wrong_share = -share if isinstance(question, MultipleChoice) else 0.0
        result.answers = [
            Answer(
                _text(option.text, lang, fallback),
                share if option.id in right else wrong_share,
                _text(option.feedback, lang, fallback),
                id=option.id,
            )
            for option in question.options
        ]
        meta["ids"] = [option.id for option in question.options]
        meta["shuffle_options"] = question.shuffle_options
        if isinstance(question, MultipleChoice):
            meta["scoring"] = question.scoring
    elif isinstance(question, TrueFalse):
        result.truth = question.answer
    elif isinstance(question, ShortAnswer):
        result.answers = [Answer(text, 1.0) for text in question.accepted.get(lang) or []]
        meta["match"] = question.match
        meta["accept_without_diacritics"] = question.accept_without_diacritics
    elif isinstance(question, Numeric):
        result.value = question.value
        result.tolerance = question.tolerance
        result.unit = _text(question.unit, lang, fallback)
    elif isinstance(question, Ordering):
        result.answers = [Answer(_text(item.text, lang, fallback), 1.0, id=item.id) for item in question.items]
        meta["ids"] = [item.id for item in question.items]
        meta["scoring"] = question.scoring
    elif isinstance(question, Matching):
        result.answers = [
            Answer(_text(pair.left, lang, fallback), 1.0, right=_text(pair.right, lang, fallback), id=pair.id)
            for pair in question.pairs
        ]
        result.distractors = [Answer(_text(item.text, lang, fallback), id=item.id) for item in question.distractors]
        meta["ids"] = [pair.id for pair in question.pairs]
        meta["distractor_ids"] = [item.id for item in question.distractors]
        meta["scoring"] = question.scoring
    return result


class _HtmlToMarkdown(HTMLParser):
    """Moodle's HTML texts as the Markdown cybercourse shows: paragraphs, lists, emphasis, links."""

    BLOCKS = {"p", "div", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
    MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str] = []
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.out.append("\n\n")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in self.MARKS:
            self.out.append(self.MARKS[tag])
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.out.append("[")
        elif tag == "img":
            self.images += 1
            alt = dict(attrs).get("alt")
            self.out.append(f"[{alt}]" if alt else "")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("**")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("**")
        if tag in self.BLOCKS:
            self.out.append("\n\n")
        elif tag in self.MARKS:
            self.out.append(self.MARKS[tag])
        elif tag == "a":
            href = self.links.pop() if self.links else ""
            self.out.append(f"]({href})" if href else "]")
        elif tag in ("td", "th"):
            self.out.append(" | ")

    def handle_data(self, data: str) -> None:
        self.out.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> tuple[str, int]:
    """Markdown for an HTML text from Moodle, and how many images it showed (not imported)."""
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out).replace("\u00a0", " ")
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip(), parser.images


def category_title(category: str) -> str:
    """A Moodle category path (`$course$/Top/Cybercrime`) made a bank title: its last part."""
    parts = [p.strip() for p in re.sub(r"^\$[a-z]+\$/?", "", category.strip()).split("/") if p.strip()]
    return parts[-1] if parts else ""


def slug(text: str) -> str:
    """A question name from Moodle made into a cybercourse id, or '' when nothing is left."""
    value = re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower()).strip("-._")[:64]
    return value if ID_RE.match(value) else ""


def loc(lang: str, text: str) -> dict[str, str]:
    return {lang: text} if text else {}


def to_yaml(item: Exchanged, lang: str, existing: dict[str, Any] | None) -> tuple[dict[str, Any], list[str]]:
    """The YAML of a question with `lang` filled in from `item`; other languages kept from `existing`.

    Returns the question and notes on what did not fit (answer keys that disagree with the
    other language's file, counts that differ).
    """
    notes: list[str] = []
    meta = item.meta
    kind = meta.get("type", item.type)
    base: dict[str, Any] = dict(existing or {})
    base["id"] = item.id
    base["type"] = kind

    def put(key: str, text: str) -> None:
        if text:
            base[key] = {**(base.get(key) or {}), lang: text}

    put("prompt", item.prompt)
    put("explanation", item.explanation)
    put("hint", item.hint)
    if "source" in meta:
        source = dict(meta["source"])
        old_at = (existing or {}).get("source", {}).get("at")
        if meta.get("at_per_language") and isinstance(source.get("at"), str):
            source["at"] = {**(old_at if isinstance(old_at, dict) else {}), lang: source["at"]}
        base["source"] = source
    for key in ("difficulty", "tags", "shuffle_options", "scoring", "match", "accept_without_diacritics"):
        if key in meta:
            base[key] = meta[key]
    ids = list(meta.get("ids") or [])

    def parts(key: str, answers: list[Answer], fields: dict[str, str], default_ids: list[str]) -> None:
        old = base.get(key) or []
        if old and len(old) != len(answers):
            notes.append(
                _("{id}: the {lang} file has {found} {what} but the bank has {expected}; they were replaced").format(
                    id=item.id, lang=lang, found=len(answers), what=key, expected=len(old)
                )
            )
            old = []
        result = []
        for index, answer in enumerate(answers):
            entry = dict(old[index]) if index < len(old) else {}
            entry["id"] = entry.get("id") or (ids[index] if index < len(ids) else default_ids[index])
            for target, attribute in fields.items():
                value = getattr(answer, attribute)
                if value:
                    entry[target] = {**(entry.get(target) or {}), lang: value}
            result.append(entry)
        base[key] = result

    letters = [chr(ord("a") + i) if i < 26 else f"o{i}" for i in range(max(len(item.answers), 1))]
    if kind in ("single_choice", "multiple_choice"):
        parts("options", item.answers, {"text": "text", "feedback": "feedback"}, letters)
        right = [base["options"][i]["id"] for i, answer in enumerate(item.answers) if answer.fraction > 0]
        key = "answer" if kind == "single_choice" else "answers"
        value: Any = right[0] if kind == "single_choice" and right else right
        if key in (existing or {}) and (existing or {})[key] != value:
            notes.append(
                _(
                    "{id}: the {lang} file marks other options as right than the bank does; the bank's key was kept"
                ).format(id=item.id, lang=lang)
            )
        else:
            base[key] = value
    elif kind == "true_false":
        if "answer" in (existing or {}) and (existing or {})["answer"] != item.truth:
            notes.append(
                _("{id}: the {lang} file gives the other answer; the bank's key was kept").format(id=item.id, lang=lang)
            )
        else:
            base["answer"] = item.truth
    elif kind == "short_answer":
        base["accepted"] = {**(base.get("accepted") or {}), lang: [a.text for a in item.answers]}
    elif kind == "numeric":
        base["value"] = item.value
        if item.tolerance:
            base["tolerance"] = item.tolerance
        put("unit", item.unit)
    elif kind == "ordering":
        parts("items", item.answers, {"text": "text"}, [f"i{n + 1}" for n in range(len(item.answers))])
    elif kind == "matching":
        parts(
            "pairs", item.answers, {"left": "text", "right": "right"}, [f"p{n + 1}" for n in range(len(item.answers))]
        )
        distractor_ids = list(meta.get("distractor_ids") or [])
        if item.distractors:
            old = base.get("distractors") or []
            base["distractors"] = [
                {
                    "id": (
                        old[i]["id"]
                        if i < len(old)
                        else (distractor_ids[i] if i < len(distractor_ids) else f"d{i + 1}")
                    ),
                    "text": {**((old[i].get("text") or {}) if i < len(old) else {}), lang: d.text},
                }
                for i, d in enumerate(item.distractors)
            ]
    return base, notes

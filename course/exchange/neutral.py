"""One question, in one language, in the shape both Moodle formats are written from and read into."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from course.content import Quiz
from course.content.questions import (
    Choice,
    Item,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Pair,
    QuestionBase,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from course.exchange.carriage import carried
from course.exchange.numbers import moodle_grade, percent_text, plain_number
from course.i18n import _

META_PREFIX = "cybercourse:"
QUIZ_META_PREFIX = "cybercourse-quiz:"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
RIGHT = 1 - 1e-9  # a fraction this close to 1 is full marks


class ExchangeError(Exception):
    """A file that cannot be imported; the message names the file and line, `notes` say more."""

    def __init__(self, message: str, notes: list[str] | None = None) -> None:
        super().__init__(message)
        self.notes = notes or []


class Refused(Exception):
    """One question of a file that cannot be imported; the others still are."""


@dataclass
class Answer:
    """An option (choice types), an accepted answer (short answer), an item, a pair or a distractor."""

    text: str
    fraction: float = 0.0  # Moodle's grade for choosing it, -1..1
    feedback: str = ""
    right: str = ""  # the right-hand side of a matching pair


@dataclass
class Exchanged:
    """A question in one language, as Moodle sees it, plus what cybercourse adds (`meta`)."""

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
    meta: dict[str, Any] = field(default_factory=dict)  # carried fields, as YAML data (see carriage)
    line: int = 0  # where it starts in an imported file
    name: str = ""  # as the file names it, for messages
    category: list[str] = field(default_factory=list)  # the Moodle category it was read in

    def meta_comment(self) -> str:
        return META_PREFIX + " " + json.dumps(self.meta, ensure_ascii=False, sort_keys=True)


@dataclass
class Exported:
    """A bank written in a Moodle format: the text, the questions in it, what Moodle loses."""

    text: str
    written: list[str]  # question ids
    warnings: list[str]  # by question id: left out, or written with less than cybercourse has


@dataclass
class Read:
    """What a Moodle file holds: its questions, category, the quiz's carried fields, what was left out."""

    items: list[Exchanged]
    quiz_meta: dict[str, Any] = field(default_factory=dict)
    categories: list[list[str]] = field(default_factory=list)  # every $CATEGORY of the file
    skipped: list[str] = field(default_factory=list)  # by name and line: left out or refused
    notes: list[str] = field(default_factory=list)  # imported, but read with a caveat


# -- out of cybercourse ---------------------------------------------------------------------------

_HELD_BY_TYPE: dict[type[QuestionBase], set[str]] = {
    SingleChoice: {"answer"},
    MultipleChoice: {"answers"},
    TrueFalse: {"answer"},
    ShortAnswer: {"accepted"},
    Numeric: {"value", "tolerance", "unit"},
}


def held_by_moodle(model: BaseModel, name: str) -> bool:
    """Whether Moodle's files hold this field themselves (the rest travels in the comment)."""
    if isinstance(model, QuestionBase):
        return name in ("prompt", "explanation", "hint") or name in _HELD_BY_TYPE.get(type(model), set())
    if isinstance(model, Choice):
        return name in ("text", "feedback")
    if isinstance(model, Item):
        return name == "text"
    if isinstance(model, Pair):
        return name in ("left", "right")
    if isinstance(model, Quiz):
        return name in ("title", "questions")
    return False


def _text(value: Any, lang: str, fallback: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(value.get(lang, fallback))


def quiz_meta(quiz: Quiz, lang: str) -> dict[str, Any]:
    """The quiz's own fields Moodle has no place for (pass mark, mode, draw...), in `lang`."""
    return carried(quiz, lang, held_by_moodle)


def from_question(question: QuestionBase, lang: str, fallback: str) -> Exchanged:
    """The neutral form of a cybercourse question, in `lang`."""
    result = Exchanged(
        id=question.id,
        type=question.type,  # type: ignore[attr-defined]
        prompt=_text(question.prompt, lang, fallback),
        explanation=_text(question.explanation, lang, fallback),
        hint=_text(question.hint, lang, fallback),
        meta=carried(question, lang, held_by_moodle),
    )
    if isinstance(question, SingleChoice | MultipleChoice):
        credits = question.credits()
        result.answers = [
            Answer(_text(o.text, lang, fallback), credits[o.id] / 100, _text(o.feedback, lang, fallback))
            for o in question.options
        ]
    elif isinstance(question, TrueFalse):
        result.truth = question.answer
    elif isinstance(question, ShortAnswer):
        result.answers = [Answer(text, 1.0) for text in question.accepted.get(lang) or []]
    elif isinstance(question, Numeric):
        result.value = question.value
        result.tolerance = question.tolerance
        result.unit = _text(question.unit, lang, fallback)
    elif isinstance(question, Ordering):
        result.answers = [Answer(_text(item.text, lang, fallback), 1.0) for item in question.items]
    elif isinstance(question, Matching):
        result.answers = [
            Answer(_text(p.left, lang, fallback), 1.0, right=_text(p.right, lang, fallback)) for p in question.pairs
        ]
        result.distractors = [Answer(_text(d.text, lang, fallback)) for d in question.distractors]
    return result


def unlisted_grades(item: Exchanged, warnings: list[str]) -> None:
    """Say which grades Moodle's import would refuse (not in its list)."""
    odd = sorted({percent_text(a.fraction) for a in item.answers if moodle_grade(a.fraction) is None})
    if odd:
        warnings.append(
            _(
                "{id}: the grades {grades} are not in Moodle's list; Moodle refuses the question unless the "
                "import is set to 'Nearest grade if not listed', which changes the score"
            ).format(id=item.id, grades=", ".join(f"{grade}%" for grade in odd))
        )


def all_or_nothing_matching(question_id: str) -> str:
    return _(
        "{id}: scoring all_or_nothing has no Moodle equivalent for matching; Moodle will give partial credit"
    ).format(id=question_id)


# -- into cybercourse -----------------------------------------------------------------------------


def choose_choice_type(item: Exchanged, single: bool) -> None:
    """Make `item` single or multiple choice the way Moodle grades it, or raise Refused.

    `single` is Moodle's own flag (in GIFT: the answers hold an `=`). A single-answer question
    scores the fraction of the option picked; a multiple-answer one the sum of the picks'
    fractions, kept between 0 and 1; both map onto cybercourse's `credit` exactly.
    """
    fractions = [a.fraction for a in item.answers]
    if single:
        item.type = "single_choice"
        if not any(f >= RIGHT for f in fractions):
            raise Refused(_("no option earns 100%, so it has no right answer (Moodle refuses it too)"))
        negative = [a.text for a in item.answers if a.fraction < 0]
        if negative:
            raise Refused(
                _(
                    "option '{text}' takes marks away ({percent}%); a single-answer question here scores "
                    "0 to 100%, never below, so it would score differently"
                ).format(text=negative[0][:40], percent=plain_number(round(min(fractions) * 100, 5)))
            )
        return
    item.type = "multiple_choice"
    total = sum(f for f in fractions if f > 0)
    if not any(f > 0 for f in fractions):
        raise Refused(_("no option earns marks, so it has no right answer"))
    if abs(total - 1) > 0.0001:
        raise Refused(
            _("the right options' grades add up to {total}%, not 100% (Moodle refuses it too)").format(
                total=plain_number(round(total * 100, 5))
            )
        )


def slug(text: str) -> str:
    """A question name from Moodle made into a cybercourse id, or '' when nothing is left."""
    value = re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower()).strip("-._")[:64]
    return value if ID_RE.match(value) else ""


def refused_note(name: str, line: int, reason: str) -> str:
    """A question left out of an import, by its name and line."""
    return _("{name} (line {line}): {reason}").format(name=name, line=line, reason=reason)


def accept_short_answer(item: Exchanged, text: str, fraction: float, found: Read) -> None:
    """One weighted short answer as Moodle wrote it: accepted at 100%, else named and left out.

    cybercourse compares short answers as text with no part marks, so a wildcard or a part
    mark would silently change what is accepted; both formats' readers say so instead.
    """
    if fraction >= RIGHT and "*" not in text:
        item.answers.append(Answer(text, 1.0))
    elif fraction >= RIGHT:
        found.skipped.append(
            refused_note(
                item.name,
                item.line,
                _("'{answer}' uses Moodle's * wildcard, which cybercourse would compare as text; left out").format(
                    answer=text
                ),
            )
        )
    elif fraction > 0:
        found.skipped.append(
            refused_note(
                item.name,
                item.line,
                _(
                    "'{answer}' earns {percent}% (its Moodle grade); cybercourse has no part marks for short answers, "
                    "so it was left out"
                ).format(answer=text, percent=plain_number(round(fraction * 100, 5))),
            )
        )


def take_number(item: Exchanged, text: str, value: float, tolerance: float, fraction: float, found: Read) -> None:
    """One weighted numerical answer: the first at 100% is the question's; any other is named.

    cybercourse keeps one right number with its tolerance, so a second right answer or a
    part-mark answer would be silently dropped; both formats' readers say so instead.
    """
    if fraction >= RIGHT and item.value is None:
        item.value, item.tolerance = value, abs(tolerance)
        return
    found.skipped.append(
        refused_note(
            item.name,
            item.line,
            _("the answer {value} ({percent}%) was left out: cybercourse keeps one right number").format(
                value=text, percent=plain_number(round(fraction * 100, 5))
            ),
        )
    )


def json_object(text: str) -> dict[str, Any] | None:
    """A cybercourse comment's JSON, or None when it is not a JSON object (the caller says so)."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None

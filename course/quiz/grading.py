"""Grading one answer against a question's single answer key.

An answer is plain JSON data, so it can be stored as given and graded again later:

    single_choice   {"choice": "a"}             multiple_choice {"choices": ["a", "c"]}
    true_false      {"value": true}             short_answer    {"text": "Budapest"}
    numeric         {"text": "2004"}            ordering        {"order": ["x", "y", "z"]}
    matching        {"pairs": {"pair-id": "right-id", ...}}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from course.content import (
    LocalizedText,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from course.content.questions import QuestionBase
from course.quiz.matching import parse_number, text_matches
from course.quiz.plan import Answer

EPSILON = 1e-9


class InvalidAnswer(ValueError):
    """The answer cannot be graded as given (e.g. text where a number belongs)."""


@dataclass(frozen=True)
class Grade:
    """The result of one answer: a score in [0, 1] and the feedback it earns."""

    score: float
    feedback: list[LocalizedText] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return self.score >= 1 - EPSILON


def grade(question: QuestionBase, answer: Answer, locale: str = "en") -> Grade:
    """Grade `answer`; `locale` is the one the number was typed in. Raises InvalidAnswer."""
    try:
        if isinstance(question, SingleChoice):
            return _single(question, answer["choice"])
        if isinstance(question, MultipleChoice):
            return _multiple(question, list(answer["choices"]))
        if isinstance(question, TrueFalse):
            if not isinstance(answer["value"], bool):
                raise InvalidAnswer("value must be true or false")
            return Grade(1.0 if answer["value"] == question.answer else 0.0)
        if isinstance(question, ShortAnswer):
            return _short(question, str(answer["text"]))
        if isinstance(question, Numeric):
            return _numeric(question, str(answer["text"]), locale)
        if isinstance(question, Ordering):
            return _ordering(question, list(answer["order"]))
        if isinstance(question, Matching):
            return _matching(question, dict(answer["pairs"]))
    except (KeyError, TypeError) as error:
        raise InvalidAnswer(f"answer does not fit a {type(question).__name__}: {error}") from None
    raise InvalidAnswer(f"unknown question type {type(question).__name__}")  # pragma: no cover


def _single(question: SingleChoice, choice: str) -> Grade:
    option = next((o for o in question.options if o.id == choice), None)
    if option is None:
        raise InvalidAnswer(f"no option {choice!r}")
    feedback = [option.feedback] if option.feedback else []
    return Grade(question.credits()[choice] / 100, feedback)


def _multiple(question: MultipleChoice, choices: list[str]) -> Grade:
    known = {o.id for o in question.options}
    if not set(choices) <= known:
        raise InvalidAnswer(f"no option {sorted(set(choices) - known)!r}")
    right = set(question.answers)
    picked = set(choices)
    feedback = [o.feedback for o in question.options if o.id in picked - right and o.feedback]
    if question.scoring == "all_or_nothing":
        return Grade(1.0 if picked == right else 0.0, feedback)
    credits = question.credits()
    score = sum(credits[choice] for choice in picked) / 100
    if picked == right:
        score = 1.0  # the right set earns full marks, whatever the float sum says
    return Grade(min(1.0, max(0.0, score)), feedback)


def _short(question: ShortAnswer, text: str) -> Grade:
    if not text.strip():
        raise InvalidAnswer("empty answer")
    ok = text_matches(
        text,
        question.accepted,
        exact=question.match == "exact",
        without_diacritics=question.accept_without_diacritics,
        optional=question.optional_words,
    )
    return Grade(1.0 if ok else 0.0)


def _numeric(question: Numeric, text: str, locale: str) -> Grade:
    value = parse_number(text, locale)
    if value is None:
        raise InvalidAnswer("not a number")
    if question.format == "year" and value != value.to_integral_value():
        raise InvalidAnswer("a year is a whole number")
    return Grade(1.0 if abs(float(value) - question.value) <= question.tolerance + EPSILON else 0.0)


def _ordering(question: Ordering, order: list[str]) -> Grade:
    right = [item.id for item in question.items]
    if sorted(order) != sorted(right):
        raise InvalidAnswer("the order must name every item once")
    placed = sum(1 for given, expected in zip(order, right, strict=True) if given == expected)
    if question.scoring == "all_or_nothing":
        return Grade(1.0 if placed == len(right) else 0.0)
    return Grade(placed / len(right))


def _matching(question: Matching, pairs: dict[str, Any]) -> Grade:
    lefts = {pair.id for pair in question.pairs}
    rights = lefts | {d.id for d in question.distractors}
    if not set(pairs) <= lefts or not {v for v in pairs.values() if v is not None} <= rights:
        raise InvalidAnswer("unknown pair or answer id")
    matched = sum(1 for pair in question.pairs if pairs.get(pair.id) == pair.id)
    if question.scoring == "all_or_nothing":
        return Grade(1.0 if matched == len(question.pairs) else 0.0)
    return Grade(matched / len(question.pairs))


def correct_answer(question: QuestionBase) -> Answer:
    """The answer that scores 1, in the same shape as a trainee's (for review and tests)."""
    if isinstance(question, SingleChoice):
        return {"choice": question.answer}
    if isinstance(question, MultipleChoice):
        return {"choices": list(question.answers)}
    if isinstance(question, TrueFalse):
        return {"value": question.answer}
    if isinstance(question, ShortAnswer):
        return {"text": next(a for answers in question.accepted.values() for a in answers)}
    if isinstance(question, Numeric):
        return {"text": format(question.value, "g")}
    if isinstance(question, Ordering):
        return {"order": [item.id for item in question.items]}
    if isinstance(question, Matching):
        return {"pairs": {pair.id: pair.id for pair in question.pairs}}
    raise InvalidAnswer(f"unknown question type {type(question).__name__}")  # pragma: no cover

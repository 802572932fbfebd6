"""Answers in words: what a trainee chose, what was right, and where to check it."""

from __future__ import annotations

from rich.text import Text

from course.content import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from course.content.questions import QuestionBase
from course.i18n import N_, _, current_locale, format_number
from course.quiz import Answer, Presented, correct_answer
from course.tui.session import Session

TYPE_NAMES = {
    "single_choice": N_("Choose one"),
    "multiple_choice": N_("Choose all that apply"),
    "true_false": N_("True or false"),
    "short_answer": N_("Type the answer"),
    "numeric": N_("Type a number"),
    "ordering": N_("Put in order"),
    "matching": N_("Match the pairs"),
}


def type_name(question: QuestionBase) -> str:
    return _(TYPE_NAMES[question.type])  # type: ignore[attr-defined]


def letter(index: int) -> str:
    return chr(ord("A") + index)


def true_false_label(value: bool) -> str:
    return _("True") if value else _("False")


def describe(session: Session, question: QuestionBase, answer: Answer | None, presented: Presented) -> str:
    """An answer as the trainee would say it, using the letters they saw."""
    if answer is None:
        return _("(no answer)")
    if isinstance(question, SingleChoice):
        return _option(session, question, presented, answer.get("choice", ""))
    if isinstance(question, MultipleChoice):
        chosen = [c for c in presented.order if c in answer.get("choices", [])]
        return "; ".join(_option(session, question, presented, c) for c in chosen) or _("(nothing selected)")
    if isinstance(question, TrueFalse):
        return true_false_label(bool(answer.get("value")))
    if isinstance(question, ShortAnswer):
        return str(answer.get("text", ""))
    if isinstance(question, Numeric):
        unit = session.text(question.unit)
        return f"{answer.get('text', '')} {unit}".strip()
    if isinstance(question, Ordering):
        items = {item.id: session.text(item.text) for item in question.items}
        return " → ".join(items.get(i, i) for i in answer.get("order", []))
    if isinstance(question, Matching):
        rights = _matching_rights(session, question)
        lines = []
        for pair in question.pairs:
            chosen = answer.get("pairs", {}).get(pair.id)
            target = rights.get(chosen, "—") if chosen else "—"
            lines.append(f"{session.text(pair.left)} → {target}")
        return "; ".join(lines)
    return str(answer)  # pragma: no cover


def describe_correct(session: Session, question: QuestionBase, presented: Presented) -> str:
    """The right answer in words (for short answers, the accepted answers of this language)."""
    if isinstance(question, ShortAnswer):
        accepted = question.accepted.get(current_locale()) or next(iter(question.accepted.values()))
        return accepted[0]  # the authors list the preferred form first; variants are for marking
    if isinstance(question, Numeric):
        value = format_number(question.value)
        unit = session.text(question.unit)
        text = f"{value} {unit}".strip()
        if question.tolerance:
            text += " " + _("(± {tolerance})").format(tolerance=format_number(question.tolerance))
        return text
    return describe(session, question, correct_answer(question), presented)


def _option(session: Session, question: SingleChoice | MultipleChoice, presented: Presented, choice: str) -> str:
    options = {o.id: o for o in question.options}
    if choice not in options:
        return choice
    position = presented.order.index(choice) if choice in presented.order else 0
    return f"{letter(position)}. {session.text(options[choice].text)}"


def _matching_rights(session: Session, question: Matching) -> dict[str, str]:
    rights = {pair.id: session.text(pair.right) for pair in question.pairs}
    rights.update({d.id: session.text(d.text) for d in question.distractors})
    return rights


def source_line(session: Session, question: QuestionBase) -> Text:
    """`Source: Convention on Cybercrime, ETS No. 185 (treaty text), Art. 2 — https://…`"""
    ref = question.source
    source = session.content.sources.get(ref.ref)
    where = ""
    if ref.at is not None:
        where = ref.at if isinstance(ref.at, str) else session.text(ref.at)
    title = session.text(source.title) if source else ref.ref
    text = Text(_("Source: "), style="dim")
    text.append(title + (f", {where}" if where else ""))
    if source is not None and source.url:
        text.append(f" — {source.url}", style="dim")
    return text

"""Answers in words: what a trainee chose, what was right, and where to check it."""

from __future__ import annotations

import re

from rich.text import Text

from course.content import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    SourceRef,
    TrueFalse,
)
from course.content.questions import QuestionBase
from course.i18n import N_, _, as_of, current_locale, format_number, gettext_in
from course.printable import one_line, printable
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
    """An answer as the trainee would say it, using the letters they saw.

    Answers come from the progress file: what it holds beyond the question's own ids and
    texts (typed text, unknown ids) is shown through `printable`, never sent raw.
    """
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
        return printable(str(answer.get("text", "")))
    if isinstance(question, Numeric):
        unit = session.text(question.unit)
        return f"{printable(str(answer.get('text', '')))} {unit}".strip()
    if isinstance(question, Ordering):
        items = {item.id: session.text(item.text) for item in question.items}
        return " → ".join(items.get(i) or one_line(str(i)) for i in answer.get("order", []))
    if isinstance(question, Matching):
        rights = _matching_rights(session, question)
        lines = []
        for pair in question.pairs:
            chosen = answer.get("pairs", {}).get(pair.id)
            target = rights.get(chosen, "—") if chosen else "—"
            lines.append(f"{session.text(pair.left)} → {target}")
        return "; ".join(lines)
    return printable(str(answer))  # pragma: no cover


def describe_correct(session: Session, question: QuestionBase, presented: Presented) -> str:
    """The right answer in words (for short answers, the accepted answers of this language)."""
    if isinstance(question, ShortAnswer):
        accepted = question.accepted.get(current_locale()) or next(iter(question.accepted.values()))
        return accepted[0]  # the authors list the preferred form first; variants are for marking
    if isinstance(question, Numeric):
        grouping = question.format == "decimal"  # years and article numbers are never grouped
        value = format_number(question.value, grouping)
        unit = session.text(question.unit)
        text = f"{value} {unit}".strip()
        if question.tolerance:
            text += " " + _("(± {tolerance})").format(tolerance=format_number(question.tolerance, grouping))
        return text
    return describe(session, question, correct_answer(question), presented)


def _option(session: Session, question: SingleChoice | MultipleChoice, presented: Presented, choice: str) -> str:
    options = {o.id: o for o in question.options}
    if choice not in options:
        return one_line(str(choice))
    position = presented.order.index(choice) if choice in presented.order else 0
    return f"{letter(position)}. {session.text(options[choice].text)}"


def _matching_rights(session: Session, question: Matching) -> dict[str, str]:
    rights = {pair.id: session.text(pair.right) for pair in question.pairs}
    rights.update({d.id: session.text(d.text) for d in question.distractors})
    return rights


def as_of_line(question: QuestionBase) -> Text:
    """`As of January 2026` under a dated question's explanation; empty when it is not dated."""
    if question.as_of is None:
        return Text()
    return Text(as_of(question.as_of) + "\n", style="italic")


def source_line(session: Session, question: QuestionBase) -> Text:
    """`Source: Convention on Cybercrime, ETS No. 185 (treaty text), Art. 2 — https://…`"""
    text = Text(_("Source: "), style="dim")
    refs = [question.source, *(SourceRef(ref=key) for key in question.source.also)]
    for index, ref in enumerate(refs):
        title, url = _cited(session, ref)
        if index:
            text.append("; " + _("also: "), style="dim")
        text.append(title)
        if url:
            text.append(f" — {url}", style="dim")
    return text


def _cited(session: Session, ref: SourceRef, locale: str | None = None) -> tuple[str, str]:
    """A cited source's title (with where in it) and its address, in `locale`."""
    source = session.content.sources.get(ref.ref)
    where = ""
    if ref.at is not None:
        where = ref.at if isinstance(ref.at, str) else session.text(ref.at, locale)
    title = session.text(source.title, locale) if source else ref.ref
    return title + (f", {where}" if where else ""), (source.url or "") if source else ""


def sources_markdown(session: Session, refs: list[SourceRef], locale: str) -> str:
    """The sources of a lesson as a Markdown list, each with its address to open."""
    heading = gettext_in(locale, N_("Sources of this lesson"))
    lines = [f"**{heading}**", ""]
    for cited in refs:
        for ref in [cited, *(SourceRef(ref=key) for key in cited.also)]:
            title, url = _cited(session, ref, locale)
            lines.append(f"- {_escape(title)}" + (f" — <{url}>" if url else ""))
    return "\n".join(lines)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _escape(text: str) -> str:
    """Content shown as text inside Markdown: its own `*`, `[` or `#` never become markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)

"""Answering each question type by keyboard alone (the mouse works too)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Label

from course.content import Matching, MultipleChoice, Numeric, Ordering, ShortAnswer, SingleChoice, TrueFalse
from course.content.questions import QuestionBase
from course.i18n import N_, _, decimal_symbol
from course.printable import printable
from course.quiz import Answer, Presented
from course.tui.answers import true_false_label
from course.tui.session import Session
from course.tui.widgets.answer_input import AnswerInput
from course.tui.widgets.answer_lists import ChoiceList, TickList
from course.tui.widgets.entry import TextEntry
from course.tui.widgets.matching import MatchingInput
from course.tui.widgets.ordering import OrderingInput

__all__ = ["AnswerInput", "MatchingInput", "OrderingInput", "answer_input"]


class ChoiceInput(AnswerInput):
    """Choose one option (single choice, and true/false with two options)."""

    HELP_KEYS = [("↑ ↓  A–Z", N_("Choose an option")), ("Enter", N_("Answer"))]

    def compose(self) -> ComposeResult:
        choices = self._choices()
        ids = [choice_id for choice_id, _label in choices]
        chosen = self._chosen_id(self.initial)
        yield ChoiceList(choices, highlight=ids.index(chosen) if chosen in ids else None, classes="choices")
        yield from self.compose_instructions()
        yield from self.compose_buttons()

    def _choices(self) -> list[tuple[str, str]]:
        if isinstance(self.question, TrueFalse):
            return [("true", true_false_label(True)), ("false", true_false_label(False))]
        assert isinstance(self.question, SingleChoice)
        options = {o.id: o for o in self.question.options}
        return [(oid, self.session.text(options[oid].text)) for oid in self.presented.order]

    def render_texts(self) -> None:
        self.query_one(ChoiceList).redraw(self._choices())
        self.instruct(_("Choose with ↑ ↓ or the option's letter; Enter gives your answer."))

    def _chosen_id(self, answer: Answer | None) -> str | None:
        if answer is None:
            return None
        if isinstance(self.question, TrueFalse):
            return "true" if answer.get("value") else "false"
        return str(answer.get("choice"))

    def current_answer(self) -> Answer | None:
        choice = self.query_one(ChoiceList).chosen
        if choice is None:
            return None
        if isinstance(self.question, TrueFalse):
            return {"value": choice == "true"}
        return {"choice": choice}

    def missing(self) -> str:
        return _("Choose an option first: ↑ ↓ or its letter, then Enter.")


class MultiChoiceInput(AnswerInput):
    """Select all that apply."""

    HELP_KEYS = [
        ("↑ ↓", N_("Move between options")),
        ("Space  A–Z", N_("Tick or untick an option")),
        ("Enter", N_("Answer")),
    ]

    def compose(self) -> ComposeResult:
        chosen = list((self.initial or {}).get("choices", []))
        yield TickList(self._labels(), chosen, classes="choices")
        yield from self.compose_instructions()
        yield from self.compose_buttons()

    def _labels(self) -> list[tuple[str, str]]:
        assert isinstance(self.question, MultipleChoice)
        options = {o.id: o for o in self.question.options}
        return [(oid, self.session.text(options[oid].text)) for oid in self.presented.order]

    def render_texts(self) -> None:
        self.query_one(TickList).redraw(self._labels())
        self.instruct(_("Space or an option's letter ticks it; Enter gives your answer."))

    def current_answer(self) -> Answer | None:
        ticked = self.query_one(TickList).ticked
        if not ticked:
            return None
        return {"choices": [oid for oid in self.presented.order if oid in ticked]}

    def missing(self) -> str:
        return _("Tick at least one option first: Space or its letter, then Enter.")


class AnswerEntry(TextEntry):
    """The answer field; Enter answers (shown in the footer)."""

    BINDINGS = [Binding("enter", "submit", N_("Answer"), show=True)]


class TypedInput(AnswerInput):
    """Type a word, a phrase or a number."""

    HELP_KEYS = [("Enter", N_("Answer"))]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="typed"):
            yield AnswerEntry(id="typed", max_length=200)
            yield Label(id="unit")
        yield from self.compose_instructions()
        yield from self.compose_buttons()

    def on_mount(self) -> None:
        if self.initial is not None:
            self.query_one(TextEntry).value = printable(str(self.initial.get("text", "")))

    def render_texts(self) -> None:
        entry = self.query_one(TextEntry)
        unit = self.query_one("#unit", Label)
        if isinstance(self.question, Numeric):
            entry.placeholder = _("a year") if self.question.format == "year" else _("a number")
            unit.update(Text(self.session.text(self.question.unit)))
            self.instruct(self._number_instructions(self.question))
        else:
            entry.placeholder = _("your answer")
            unit.display = False
            self.instruct(
                _("Type your answer and press Enter. Capitals and accents are forgiven where the question allows.")
            )

    @staticmethod
    def _number_instructions(question: Numeric) -> str:
        if question.format == "year":
            return _("Type a year (e.g. 2004) and press Enter.")
        if question.format == "number":
            return _("Type a number (e.g. 24) and press Enter.")
        return _("Type a number (e.g. {example}) and press Enter.").format(example="1" + decimal_symbol() + "5")

    def current_answer(self) -> Answer | None:
        text = self.query_one(TextEntry).value
        return {"text": text} if text.strip() else None

    def missing(self) -> str:
        if isinstance(self.question, Numeric):
            return _("Type a number first, then press Enter.")
        return _("Type your answer first, then press Enter.")

    @on(TextEntry.Submitted)
    def _submitted(self, event: TextEntry.Submitted) -> None:
        event.stop()
        self.submit()


def answer_input(session: Session, question: QuestionBase, presented: Presented, answer: Answer | None) -> AnswerInput:
    """The widget for a question's type."""
    if isinstance(question, (SingleChoice, TrueFalse)):
        return ChoiceInput(session, question, presented, answer)
    if isinstance(question, MultipleChoice):
        return MultiChoiceInput(session, question, presented, answer)
    if isinstance(question, (ShortAnswer, Numeric)):
        return TypedInput(session, question, presented, answer)
    if isinstance(question, Ordering):
        return OrderingInput(session, question, presented, answer)
    if isinstance(question, Matching):
        return MatchingInput(session, question, presented, answer)
    raise TypeError(type(question).__name__)  # pragma: no cover

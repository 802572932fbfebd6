"""Matching questions: give each item its partner by letter (or ← →, or a click)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import OptionList

from course.content import Matching
from course.content.questions import QuestionBase
from course.i18n import N_, _
from course.quiz import Answer, Presented
from course.tui.answers import letter
from course.tui.session import Session
from course.tui.widgets.answer_input import AnswerInput
from course.tui.widgets.answer_lists import AnswerList, hanging, letter_index


class PairList(AnswerList):
    """The items to match, each with the partner given so far (`→ C. …` or `→ ?`) under it."""

    def __init__(self, labels: list[tuple[str, str]], partner: dict[str, tuple[int, str] | None], **kwargs: object):
        super().__init__(labels, highlight=0, **kwargs)
        self.partner = partner  # left id -> (position, text) of its chosen partner

    def prompt(self, index: int) -> RenderableType:
        left_id, text = self.labels[index]
        chosen = self.partner.get(left_id)
        if chosen is None:
            under: RenderableType = Text("→ ?", style="dim")
        else:
            position, right = chosen
            under = hanging(["→", letter(position) + "."], Text(right, style="bold"))
        return hanging([f"{index + 1}."], Group(Text(text), under))


class PartnerList(AnswerList, can_focus=False):
    """The answers to choose from, by letter; a click gives the clicked one to the highlighted item."""


class MatchingInput(AnswerInput):
    """Pair each item with its partner: a letter (or ← →) chooses the partner of the highlighted item."""

    HELP_KEYS = [
        ("↑ ↓", N_("Move between items")),
        ("A–Z  ← →", N_("Choose the partner of the highlighted item")),
        ("Delete", N_("Clear the partner")),
        ("Enter", N_("Answer")),
    ]

    def __init__(self, session: Session, question: QuestionBase, presented: Presented, answer: Answer | None) -> None:
        super().__init__(session, question, presented, answer)
        self.pairs: dict[str, str | None] = dict((answer or {}).get("pairs") or {})

    def compose(self) -> ComposeResult:
        yield PairList(self._lefts(), self._partners(), id="lefts", classes="choices")
        yield PartnerList(self._rights_in_order(), id="rights", classes="choices")
        yield from self.compose_instructions()
        yield from self.compose_buttons()

    def _lefts(self) -> list[tuple[str, str]]:
        assert isinstance(self.question, Matching)
        return [(pair.id, self.session.text(pair.left)) for pair in self.question.pairs]

    def _rights(self) -> dict[str, str]:
        assert isinstance(self.question, Matching)
        rights = {pair.id: self.session.text(pair.right) for pair in self.question.pairs}
        rights.update({d.id: self.session.text(d.text) for d in self.question.distractors})
        return rights

    def _rights_in_order(self) -> list[tuple[str, str]]:
        rights = self._rights()
        return [(right_id, rights[right_id]) for right_id in self.presented.order]

    def _partners(self) -> dict[str, tuple[int, str] | None]:
        rights = self._rights()
        order = self.presented.order
        return {
            left: (order.index(right), rights[right]) if right in order else None for left, right in self.pairs.items()
        }

    def render_texts(self) -> None:
        lefts = self.query_one(PairList)
        lefts.partner = self._partners()
        lefts.redraw(self._lefts())
        self.query_one(PartnerList).redraw(self._rights_in_order())
        self.instruct(
            _("Highlight an item with ↑ ↓, then type the letter of its partner (or ← →); Enter gives your answer.")
        )

    def _assign(self, right_id: str | None) -> None:
        lefts = self.query_one(PairList)
        left_id = lefts.option_id(lefts.highlighted)
        if left_id is None:
            return
        self.pairs[left_id] = right_id
        lefts.partner = self._partners()
        lefts.redraw()

    def on_key(self, event: events.Key) -> None:
        lefts = self.query_one(PairList)
        if self.app.focused is not lefts:
            return
        order = self.presented.order
        index = letter_index(event, len(order))
        if index is not None:
            event.stop()
            self._assign(order[index])
        elif event.key in ("left", "right"):
            event.stop()
            current = self.pairs.get(lefts.option_id(lefts.highlighted) or "")
            position = order.index(current) if current in order else -1
            self._assign(order[(position + (1 if event.key == "right" else -1)) % len(order)])
        elif event.key in ("delete", "backspace"):
            event.stop()
            self._assign(None)

    def current_answer(self) -> Answer | None:
        chosen = {k: v for k, v in self.pairs.items() if v}
        return {"pairs": chosen} if chosen else None

    def missing(self) -> str:
        return _("Give at least one item its partner first: highlight it and type a letter, then Enter.")

    @on(OptionList.OptionSelected, "#lefts")
    def _left_clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on an item only highlights it; Enter answers

    @on(OptionList.OptionSelected, "#rights")
    def _partner_clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._assign(event.option.id)
        self.query_one(PairList).focus()

"""Ordering questions: put the items in order with the keyboard (or the ▲ ▼ buttons)."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from course.content import Ordering
from course.content.questions import QuestionBase
from course.i18n import N_, _
from course.quiz import Answer, Presented
from course.tui.session import Session
from course.tui.widgets.answer_input import AnswerInput
from course.tui.widgets.answer_lists import AnswerList, hanging


class OrderList(AnswerList):
    """Items in their current order: Shift+↑/↓ (or [ and ]) move the highlighted item; Space picks it up."""

    BINDINGS = [
        Binding("shift+up,ctrl+up,left_square_bracket", "move(-1)", N_("Move up"), show=False),
        Binding("shift+down,ctrl+down,right_square_bracket", "move(1)", N_("Move down"), show=False),
        Binding("space", "grab", N_("Pick up / put down"), show=False),
    ]

    grabbed = False
    moved = False

    def prompt(self, index: int) -> RenderableType:
        moving = self.grabbed and index == self.highlighted
        body = Text(self.labels[index][1], style="reverse" if moving else "")
        if moving:
            body.append("  ⇅")
        return hanging([f"{index + 1}."], body)

    @property
    def order(self) -> list[str]:
        return [item_id for item_id, _label in self.labels]

    def action_move(self, step: int) -> None:
        index = self.highlighted
        if index is None or not 0 <= index + step < len(self.labels):
            return
        target = index + step
        self.labels[index], self.labels[target] = self.labels[target], self.labels[index]
        self.moved = True
        self.highlighted = target
        self.redraw()

    def action_grab(self) -> None:
        self.grabbed = not self.grabbed
        self.redraw()

    def action_cursor_up(self) -> None:
        if self.grabbed:
            self.action_move(-1)
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.grabbed:
            self.action_move(1)
        else:
            super().action_cursor_down()

    def action_answer(self) -> None:
        if self.grabbed:  # Enter puts a picked-up item down first
            self.action_grab()
        else:
            super().action_answer()


class OrderingInput(AnswerInput):
    """Put the items in order."""

    HELP_KEYS = [
        ("↑ ↓", N_("Move between items")),
        ("Shift+↑ ↓  [ ]", N_("Move the highlighted item")),
        ("Space", N_("Pick up an item, move it with ↑ ↓, put it down")),
        ("Enter", N_("Answer")),
    ]

    def __init__(self, session: Session, question: QuestionBase, presented: Presented, answer: Answer | None) -> None:
        super().__init__(session, question, presented, answer)
        self.start = list((answer or {}).get("order") or presented.order)
        self._asked = False

    def compose(self) -> ComposeResult:
        listing = OrderList(self._labels(self.start), highlight=0, classes="choices")
        listing.moved = self.initial is not None  # a given answer was a choice already
        yield listing
        yield from self.compose_instructions()
        yield from self.compose_buttons()

    def extra_buttons(self) -> ComposeResult:
        yield Button("▲", id="move-up", compact=True)
        yield Button("▼", id="move-down", compact=True)

    @on(Button.Pressed, "#move-up")
    def _up_clicked(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one(OrderList).action_move(-1)

    @on(Button.Pressed, "#move-down")
    def _down_clicked(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one(OrderList).action_move(1)

    def _labels(self, order: list[str]) -> list[tuple[str, str]]:
        assert isinstance(self.question, Ordering)
        items = {item.id: item for item in self.question.items}
        return [(item_id, self.session.text(items[item_id].text)) for item_id in order]

    @property
    def order(self) -> list[str]:
        return self.query_one(OrderList).order

    def render_texts(self) -> None:
        listing = self.query_one(OrderList)
        listing.redraw(self._labels(listing.order))
        self.instruct(
            _("Shift+↑/↓ or [ ] move the highlighted item (or Space to pick it up); Enter gives your answer.")
        )

    def current_answer(self) -> Answer | None:
        return {"order": self.order}

    def submit(self) -> None:
        # The order as first shown is an answer too, but never one given by a stray Enter.
        if not self.query_one(OrderList).moved and not self._asked:
            self._asked = True
            self.post_message(
                self.Submitted(
                    None, _("Nothing has been moved yet. Press Enter again to answer with the order as shown.")
                )
            )
            return
        super().submit()

"""Answering each question type by keyboard alone (the mouse works too).

Every answer widget posts `AnswerInput.Submitted` with the answer as plain data; the quiz
screen grades and records it. Widgets never grade and never touch the store.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Label, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from course.content import Matching, MultipleChoice, Numeric, Ordering, ShortAnswer, SingleChoice, TrueFalse
from course.content.questions import QuestionBase
from course.i18n import N_, _, decimal_symbol
from course.printable import printable
from course.quiz import Answer, Presented
from course.tui.answers import letter, true_false_label
from course.tui.session import Session
from course.tui.widgets.entry import TextEntry


class AnswerInput(Widget):
    """The part of a question card where the trainee answers."""

    DEFAULT_CSS = "AnswerInput { height: auto; }"
    HELP_KEYS: list[tuple[str, str]] = []

    class Submitted(Message):
        """The trainee pressed Enter (or clicked Submit) on an answer."""

        def __init__(self, answer: Answer | None) -> None:
            super().__init__()
            self.answer = answer

    def __init__(self, session: Session, question: QuestionBase, presented: Presented, answer: Answer | None) -> None:
        super().__init__()
        self.session = session
        self.question = question
        self.presented = presented
        self.initial = answer

    def current_answer(self) -> Answer | None:
        """The answer as it stands, or None when nothing has been given yet."""
        raise NotImplementedError

    _ready = False

    def refresh_language(self) -> None:
        """Re-render labels and options in the current language (once composed)."""
        if self._ready:
            self.render_texts()
            self._render_button()

    def render_texts(self) -> None:
        """Fill labels and options; called after mounting and on every language switch."""

    def _render_button(self) -> None:
        for button in self.query("#answer-button").results(Button):
            button.label = _("Answer")

    def on_mount(self) -> None:
        self._ready = True
        self.render_texts()
        self.restore(self.initial)

    def compose_buttons(self) -> ComposeResult:
        """Buttons for mouse users; every one of them has a key too."""
        with Horizontal(classes="answer-buttons"):
            yield from self.extra_buttons()
            yield Button(_("Answer"), id="answer-button", variant="primary", compact=True)

    def extra_buttons(self) -> ComposeResult:
        return iter(())

    @on(Button.Pressed, "#answer-button")
    def _answer_clicked(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def restore(self, answer: Answer | None) -> None:
        """Show a previously given answer (when resuming or revisiting a question)."""

    def focus_answer(self) -> None:
        self.focus_chain_first()

    def focus_chain_first(self) -> None:
        for widget in self.query("*"):
            if widget.focusable:
                # The quiz screen decides what scrolls into view (the prompt comes first).
                widget.focus(scroll_visible=False)
                return

    def submit(self) -> None:
        self.post_message(self.Submitted(self.current_answer()))


class ChoiceList(OptionList):
    """Options to choose from; Enter answers with the highlighted one."""

    BINDINGS = [Binding("enter", "select", N_("Answer"), show=True)]


class ChoiceInput(AnswerInput):
    """Choose one option (single choice, and true/false with two options)."""

    HELP_KEYS = [("↑ ↓", N_("Move between options")), ("A–Z", N_("Jump to an option")), ("Enter", N_("Answer"))]

    def compose(self) -> ComposeResult:
        yield ChoiceList(classes="choices")
        yield from self.compose_buttons()

    def _choices(self) -> list[tuple[str, str]]:
        if isinstance(self.question, TrueFalse):
            return [("true", true_false_label(True)), ("false", true_false_label(False))]
        assert isinstance(self.question, SingleChoice)
        options = {o.id: o for o in self.question.options}
        return [(oid, self.session.text(options[oid].text)) for oid in self.presented.order]

    def restore(self, answer: Answer | None) -> None:
        chosen = self._chosen_id(answer)
        ids = [cid for cid, _label in self._choices()]
        self.query_one(OptionList).highlighted = ids.index(chosen) if chosen in ids else 0

    def render_texts(self) -> None:
        listing = self.query_one(OptionList)
        keep = listing.highlighted
        listing.clear_options()
        for index, (choice_id, label) in enumerate(self._choices()):
            line = Text(f"{letter(index)}. ", style="bold")
            line.append(label)
            listing.add_option(Option(line, id=choice_id))
        if keep is not None:
            listing.highlighted = keep

    def _chosen_id(self, answer: Answer | None) -> str | None:
        if answer is None:
            return None
        if isinstance(self.question, TrueFalse):
            return "true" if answer.get("value") else "false"
        return str(answer.get("choice"))

    def current_answer(self) -> Answer | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        choice = listing.get_option_at_index(listing.highlighted).id or ""
        if isinstance(self.question, TrueFalse):
            return {"value": choice == "true"}
        return {"choice": choice}

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit()

    def on_key(self, event: events.Key) -> None:
        key = event.character or ""
        listing = self.query_one(OptionList)
        if len(key) == 1 and key.isalpha() and key.isascii():
            index = ord(key.upper()) - ord("A")
            if 0 <= index < listing.option_count:
                listing.highlighted = index
                event.stop()


class MultiList(SelectionList[str]):
    """A selection list where Space ticks and Enter submits."""

    BINDINGS = [
        Binding("space", "select", N_("Tick"), show=True),
        Binding("enter", "submit_answer", N_("Answer"), show=True),
    ]

    def action_submit_answer(self) -> None:
        parent = self.parent
        if isinstance(parent, AnswerInput):
            parent.submit()


class MultiChoiceInput(AnswerInput):
    """Select all that apply."""

    HELP_KEYS = [("↑ ↓", N_("Move between options")), ("Space", N_("Tick or untick")), ("Enter", N_("Answer"))]

    def compose(self) -> ComposeResult:
        yield MultiList(classes="choices")
        yield Label(classes="dim instructions")
        yield from self.compose_buttons()

    def restore(self, answer: Answer | None) -> None:
        chosen = set((answer or {}).get("choices", []))
        listing = self.query_one(MultiList)
        for value in chosen:
            listing.select(value)
        listing.highlighted = 0

    def render_texts(self) -> None:
        assert isinstance(self.question, MultipleChoice)
        listing = self.query_one(MultiList)
        selected = set(listing.selected)
        keep = listing.highlighted
        listing.clear_options()
        options = {o.id: o for o in self.question.options}
        for index, oid in enumerate(self.presented.order):
            label = Text(f"{letter(index)}. ", style="bold")
            label.append(self.session.text(options[oid].text))
            listing.add_option(Selection(label, oid, oid in selected))
        if keep is not None:
            listing.highlighted = keep
        self.query_one(".instructions", Label).update(Text(_("Space ticks an option; Enter gives your answer.")))

    def current_answer(self) -> Answer | None:
        listing = self.query_one(MultiList)
        if not listing.selected:
            return None
        return {"choices": [oid for oid in self.presented.order if oid in listing.selected]}


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
        yield Label(classes="dim instructions")
        yield from self.compose_buttons()

    def restore(self, answer: Answer | None) -> None:
        if answer is not None:
            self.query_one(TextEntry).value = printable(str(answer.get("text", "")))

    def render_texts(self) -> None:
        entry = self.query_one(TextEntry)
        unit = self.query_one("#unit", Label)
        note = self.query_one(".instructions", Label)
        if isinstance(self.question, Numeric):
            entry.placeholder = _("a number")
            unit.update(Text(self.session.text(self.question.unit)))
            note.update(
                Text(_("Type a number ({example}) and press Enter.").format(example="1" + decimal_symbol() + "5"))
            )
        else:
            entry.placeholder = _("your answer")
            unit.display = False
            note.update(
                Text(
                    _("Type your answer and press Enter. Capitals and accents are forgiven where the question allows.")
                )
            )

    def current_answer(self) -> Answer | None:
        text = self.query_one(TextEntry).value
        return {"text": text} if text.strip() else None

    @on(TextEntry.Submitted)
    def _submitted(self, event: TextEntry.Submitted) -> None:
        event.stop()
        self.submit()


class OrderList(OptionList):
    """Items to put in order: Shift+↑/↓ (or [ and ]) move the highlighted item."""

    BINDINGS = [
        Binding("shift+up,ctrl+up,left_square_bracket", "move(-1)", N_("Move up"), show=False),
        Binding("shift+down,ctrl+down,right_square_bracket", "move(1)", N_("Move down"), show=False),
        Binding("space", "grab", N_("Pick up / put down"), show=False),
        Binding("enter", "select", N_("Answer"), show=True),
    ]

    def action_move(self, step: int) -> None:
        parent = self.parent
        if isinstance(parent, OrderingInput):
            parent.move(step)

    def action_grab(self) -> None:
        parent = self.parent
        if isinstance(parent, OrderingInput):
            parent.grabbed = not parent.grabbed
            parent.render_texts()

    def action_cursor_up(self) -> None:
        parent = self.parent
        if isinstance(parent, OrderingInput) and parent.grabbed:
            parent.move(-1)
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        parent = self.parent
        if isinstance(parent, OrderingInput) and parent.grabbed:
            parent.move(1)
        else:
            super().action_cursor_down()


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
        self.order = list((answer or {}).get("order") or presented.order)
        self.grabbed = False

    def compose(self) -> ComposeResult:
        yield OrderList(classes="choices")
        yield Label(classes="dim instructions")
        yield from self.compose_buttons()

    def extra_buttons(self) -> ComposeResult:
        yield Button("▲", id="move-up", compact=True)
        yield Button("▼", id="move-down", compact=True)

    @on(Button.Pressed, "#move-up")
    def _up_clicked(self, event: Button.Pressed) -> None:
        event.stop()
        self.move(-1)

    @on(Button.Pressed, "#move-down")
    def _down_clicked(self, event: Button.Pressed) -> None:
        event.stop()
        self.move(1)

    def restore(self, answer: Answer | None) -> None:
        self.query_one(OrderList).highlighted = 0

    def render_texts(self) -> None:
        assert isinstance(self.question, Ordering)
        items = {item.id: item for item in self.question.items}
        listing = self.query_one(OrderList)
        keep = listing.highlighted
        listing.clear_options()
        for index, item_id in enumerate(self.order):
            moving = self.grabbed and index == keep
            line = Text(f"{index + 1}. ", style="bold")
            line.append(self.session.text(items[item_id].text), style="reverse" if moving else "")
            if moving:
                line.append("  ⇅")
            listing.add_option(Option(line, id=item_id))
        if keep is not None:
            listing.highlighted = keep
        self.query_one(".instructions", Label).update(
            Text(_("Shift+↑/↓ or [ ] move the highlighted item (or Space to pick it up); Enter gives your answer."))
        )

    def move(self, step: int) -> None:
        listing = self.query_one(OrderList)
        index = listing.highlighted
        if index is None:
            return
        target = index + step
        if 0 <= target < len(self.order):
            self.order[index], self.order[target] = self.order[target], self.order[index]
            listing.highlighted = target
            self.render_texts()
            listing.highlighted = target

    def current_answer(self) -> Answer | None:
        return {"order": list(self.order)}

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.grabbed:
            self.grabbed = False
            self.render_texts()
            return
        self.submit()


class PairList(OptionList):
    """The left-hand items of a matching question: Enter answers, it does not select."""

    BINDINGS = [Binding("enter", "submit_answer", N_("Answer"), show=True)]

    def action_submit_answer(self) -> None:
        answer = next((a for a in self.ancestors if isinstance(a, AnswerInput)), None)
        if answer is not None:
            answer.submit()


class MatchingInput(AnswerInput):
    """Pair each left item with a right item: a letter (or ←/→) chooses the partner."""

    HELP_KEYS = [
        ("↑ ↓", N_("Move between left items")),
        ("A–Z  ← →", N_("Choose the partner of the highlighted item")),
        ("Delete", N_("Clear the partner")),
        ("Enter", N_("Answer")),
    ]

    def __init__(self, session: Session, question: QuestionBase, presented: Presented, answer: Answer | None) -> None:
        super().__init__(session, question, presented, answer)
        self.pairs: dict[str, str | None] = dict((answer or {}).get("pairs") or {})

    def compose(self) -> ComposeResult:
        with Vertical():
            yield PairList(id="lefts", classes="choices")
            yield OptionList(id="rights", classes="choices")
            yield Label(classes="dim instructions")
        yield from self.compose_buttons()

    def restore(self, answer: Answer | None) -> None:
        self.query_one("#lefts", OptionList).highlighted = 0

    def render_texts(self) -> None:
        assert isinstance(self.question, Matching)
        rights = self._rights()
        listing = self.query_one("#lefts", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        for index, pair in enumerate(self.question.pairs):
            chosen = self.pairs.get(pair.id)
            line = Text(f"{index + 1}. ", style="bold")
            line.append(self.session.text(pair.left))
            line.append("  →  ")
            if chosen in self.presented.order:
                position = self.presented.order.index(chosen)
                line.append(f"{letter(position)}. {rights[chosen]}", style="bold")
            else:
                line.append("?", style="dim")
            listing.add_option(Option(line, id=pair.id))
        if keep is not None:
            listing.highlighted = keep
        partners = self.query_one("#rights", OptionList)
        partners.clear_options()
        for position, right_id in enumerate(self.presented.order):
            line = Text(f"{letter(position)}. ", style="bold")
            line.append(rights[right_id])
            partners.add_option(Option(line, id=right_id))
        self.query_one(".instructions", Label).update(
            Text(_("Highlight an item on the left, then type the letter of its partner; Enter gives your answer."))
        )

    def _rights(self) -> dict[str, str]:
        assert isinstance(self.question, Matching)
        rights = {pair.id: self.session.text(pair.right) for pair in self.question.pairs}
        rights.update({d.id: self.session.text(d.text) for d in self.question.distractors})
        return rights

    def _assign(self, right_id: str | None) -> None:
        listing = self.query_one("#lefts", OptionList)
        if listing.highlighted is None:
            return
        left_id = listing.get_option_at_index(listing.highlighted).id or ""
        self.pairs[left_id] = right_id
        self.render_texts()

    def on_key(self, event: events.Key) -> None:
        key = event.key
        character = event.character or ""
        order = self.presented.order
        listing = self.query_one("#lefts", OptionList)
        if self.app.focused is not listing:
            return
        if len(character) == 1 and character.isalpha() and character.isascii():
            index = ord(character.upper()) - ord("A")
            if 0 <= index < len(order):
                self._assign(order[index])
                event.stop()
        elif key in ("left", "right") and listing.highlighted is not None:
            left_id = listing.get_option_at_index(listing.highlighted).id or ""
            current = self.pairs.get(left_id)
            position = order.index(current) if current in order else -1
            position = (position + (1 if key == "right" else -1)) % len(order)
            self._assign(order[position])
            event.stop()
        elif key in ("delete", "backspace"):
            self._assign(None)
            event.stop()

    def current_answer(self) -> Answer | None:
        chosen = {k: v for k, v in self.pairs.items() if v}
        return {"pairs": chosen} if chosen else None

    @on(OptionList.OptionSelected, "#lefts")
    def _left_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on the left only highlights; Enter answers (see PairList)

    @on(OptionList.OptionSelected, "#rights")
    def _partner_clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._assign(event.option.id)
        self.query_one("#lefts", PairList).focus()


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

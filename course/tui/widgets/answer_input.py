"""The part of a question card where the trainee answers, whatever the question's type.

Every answer widget posts `AnswerInput.Submitted` with the answer as plain data; the quiz
screen grades and records it. Widgets never grade and never touch the store.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from course.content.questions import QuestionBase
from course.i18n import _
from course.quiz import Answer, Presented
from course.tui.session import Session


class AnswerInput(Widget):
    """Base of the seven answer widgets: compose, fill in the words, report the answer."""

    DEFAULT_CSS = """
    AnswerInput { height: auto; }
    AnswerInput > .instructions { height: auto; width: 100%; padding: 0 1; }
    """
    HELP_KEYS: list[tuple[str, str]] = []

    class Submitted(Message):
        """The trainee pressed Enter (or clicked Answer): `answer` is None when nothing was given.

        `problem`, when set, says what is missing in words of the question's type.
        """

        def __init__(self, answer: Answer | None, problem: str = "") -> None:
            super().__init__()
            self.answer = answer
            self.problem = problem

    def __init__(self, session: Session, question: QuestionBase, presented: Presented, answer: Answer | None) -> None:
        super().__init__()
        self.session = session
        self.question = question
        self.presented = presented
        self.initial = answer

    _ready = False

    def current_answer(self) -> Answer | None:
        """The answer as it stands, or None when nothing has been given yet."""
        raise NotImplementedError

    def missing(self) -> str:
        """Why there is no answer to give yet, in the trainee's words."""
        return _("Give an answer first (see the line under the question for how).")

    def refresh_language(self) -> None:
        """Re-render labels and options in the current language (once composed)."""
        if self._ready:
            self.render_texts()
            for button in self.query("#answer-button").results(Button):
                button.label = _("Answer")

    def render_texts(self) -> None:
        """Fill labels and options; called after mounting and on every language switch."""

    def on_mount(self) -> None:
        self._ready = True
        self.render_texts()

    def compose_instructions(self) -> ComposeResult:
        yield Static(classes="dim instructions")

    def instruct(self, words: str) -> None:
        self.query_one(".instructions", Static).update(Text(words))

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

    def focus_answer(self) -> None:
        for widget in self.query("*"):
            if widget.focusable:
                # The quiz screen decides what scrolls into view (the prompt comes first).
                widget.focus(scroll_visible=False)
                return

    def submit(self) -> None:
        answer = self.current_answer()
        self.post_message(self.Submitted(answer, "" if answer is not None else self.missing()))

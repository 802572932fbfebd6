"""Small questions to the trainee: dialogs that dismiss with the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from course.i18n import N_, _

T = TypeVar("T")
Words = Callable[[], str]


class CourseModal(ModalScreen[T]):
    """A modal screen that still answers F2 and Ctrl+Q.

    Textual gives a modal screen only its own bindings, so the app-wide keys are bound
    again here; a trainee can switch language even while a dialog is open.
    """

    BINDINGS = [
        Binding("f2", "app.switch_language", N_("Language")),
        Binding("ctrl+q", "app.quit", N_("Quit"), show=False),
    ]

    def refresh_language(self) -> None:
        """Re-render in the current language; subclasses fill this in."""


class ConfirmDialog(CourseModal[bool]):
    """A yes/no question; Enter or y confirms, Esc or n declines.

    The words are given as functions, so the dialog can be re-worded when the trainee
    switches language while it is open.
    """

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    #dialog { width: 64; height: auto; border: thick $primary; background: $panel; padding: 1 2; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, question: Words, yes: Words | None = None, no: Words | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes = yes or (lambda: _("Yes"))
        self.no = no or (lambda: _("No"))

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="dialog-question")
            with Horizontal(classes="buttons"):
                yield Button("", id="yes", variant="primary")
                yield Button("", id="no")

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one("#yes", Button).focus()

    def refresh_language(self) -> None:
        self.query_one("#dialog-question", Static).update(Text(self.question()))
        self.query_one("#yes", Button).label = self.yes()
        self.query_one("#no", Button).label = self.no()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class NoticeDialog(CourseModal[None]):
    """Something the trainee must read (e.g. a damaged progress file was kept aside).

    It stays until dismissed with Enter, Esc or the button: a toast would vanish before a
    trainee who stepped away could read where their old progress is.
    """

    DEFAULT_CSS = """
    NoticeDialog { align: center middle; }
    #notice { width: 72; height: auto; max-height: 90%; border: thick $warning; background: $panel; padding: 1 2; }
    #notice VerticalScroll { height: auto; max-height: 14; }
    """

    BINDINGS = [Binding("enter,escape", "dismiss_notice", N_("Close"))]

    def __init__(self, heading: Words, message: str) -> None:
        super().__init__()
        self.heading = heading
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="notice"):
            yield Static(id="notice-title", classes="section-title")
            with VerticalScroll():
                yield Static(Text(self.message), id="notice-message")
            with Horizontal(classes="buttons"):
                yield Button("", id="notice-ok", variant="primary")

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one("#notice-ok", Button).focus()

    def refresh_language(self) -> None:
        self.query_one("#notice-title", Static).update(Text(self.heading(), style="bold"))
        self.query_one("#notice-ok", Button).label = _("I have read this")

    @on(Button.Pressed, "#notice-ok")
    def action_dismiss_notice(self) -> None:
        self.dismiss(None)

"""Shown instead of a broken layout when the terminal is smaller than 80×24."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from course.i18n import _
from course.tui.screens.dialogs import CourseModal


class TooSmallScreen(CourseModal[None]):
    """Goes away by itself when the terminal is made large enough again."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    #too-small { width: 100%; height: 100%; content-align: center middle; text-align: center; padding: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.refresh_language()

    def on_resize(self) -> None:
        self.refresh_language()

    def refresh_language(self) -> None:
        width, height = self.app.size
        self.query_one("#too-small", Static).update(
            Text(
                _(
                    "The terminal is too small ({width}×{height}). Make it at least 80×24 to continue; "
                    "nothing is lost meanwhile. Ctrl+Q quits."
                ).format(width=width, height=height)
            )
        )

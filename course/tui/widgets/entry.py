"""The one text field every typed answer, name and search goes through."""

from __future__ import annotations

from textual.widgets import Input


class TextEntry(Input):
    """An `Input` for trainees' typing (answers, names, search)."""

    def on_mount(self) -> None:
        # Nobody watches a headless run (tests, screenshots); a steady cursor keeps them repeatable.
        if self.app.is_headless:
            self.cursor_blink = False

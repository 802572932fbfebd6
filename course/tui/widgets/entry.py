"""The one text field every typed answer, name and search goes through."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from course.printable import without_unsafe
from course.progress.names import JOINING


class TextEntry(Input):
    """An `Input` that keeps keys in the order they were typed.

    Vietnamese input methods (Telex and VNI through Unikey, OpenKey, ibus-bamboo) replace
    what was typed by sending backspaces and the new letters in one burst. Textual's Input
    inserts printable keys as they arrive but runs bound keys (backspace, delete, arrows,
    Enter) later, as bindings, after the letters that follow them in the same burst
    (Textualize/textual#6605): `chao` then ⌫⌫`ào` would leave `chao`. Here the bound keys
    of the field run at once, in order, like the letters. Joiners, which Python does not call
    printable and Input would drop, are typed like letters too (see JOINING), so 👩🏽‍💻 keeps
    its shape.
    """

    def on_mount(self) -> None:
        # Nobody watches a headless run (tests, screenshots); a steady cursor keeps them repeatable.
        if self.app.is_headless:
            self.cursor_blink = False

    async def _on_key(self, event: events.Key) -> None:
        bindings = self._bindings.key_to_bindings.get(event.key)
        if bindings:
            event.stop()
            event.prevent_default()
            await self.run_action(bindings[0].action)
            return
        if event.character in JOINING:
            event.stop()
            event.prevent_default()
            self.insert_text_at_cursor(event.character)
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        # Text copied from a web page or a terminal can carry control characters (ESC, bidi
        # overrides); kept in a name or an answer they would be stored, so they are dropped.
        # (Input's own handler would paste the original too: prevent_default stops it.)
        event.prevent_default()
        event.stop()
        lines = event.text.splitlines()
        super()._on_paste(events.Paste(without_unsafe(lines[0]) if lines else ""))

"""Every key that works, on the screen the trainee came from and everywhere."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from course.i18n import N_, _
from course.tui.screens.dialogs import CourseModal


class HelpScreen(CourseModal[None]):
    """The key bindings of the screen below it, then the app's own."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 76; height: auto; max-height: 90%; border: thick $primary; background: $panel; padding: 0 1; }
    #help-box VerticalScroll { height: auto; max-height: 18; }
    #help-keys { height: auto; }
    """

    BINDINGS = [Binding("escape,f1,q", "close", N_("Close"))]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(id="help-title")
            with VerticalScroll():
                yield Static(id="help-keys")
            yield Static(id="help-close", classes="dim")

    def on_mount(self) -> None:
        self.refresh_language()

    def refresh_language(self) -> None:
        self.query_one("#help-title", Static).update(Text(_("Keys"), style="bold"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        seen: set[str] = set()
        focused = self.under.focused
        widget_bindings = [b for b in self._bindings_of(focused) if b.show] if focused is not None else []
        sources: list[list[Binding]] = [widget_bindings, self._bindings_of(self.under), self._bindings_of(self.app)]
        extra = getattr(self.under, "HELP_KEYS", [])
        for bindings in sources:
            for binding in bindings:
                if binding.action in seen or not binding.description or binding.key == "ctrl+q":
                    continue
                if bindings is sources[1] and self.under.check_action(binding.action, ()) is False:
                    continue  # not available where the trainee is now
                seen.add(binding.action)
                keys = " / ".join(self.app.get_key_display(Binding(k.strip(), "")) for k in binding.key.split(","))
                table.add_row(keys, _(binding.description))
        for keys, description in extra:
            table.add_row(keys, _(description))
        table.add_row(self.app.get_key_display(Binding("ctrl+q", "")), _("Quit the program"))
        self.query_one("#help-keys", Static).update(table)
        self.query_one("#help-close", Static).update(Text(_("Esc or F1 closes this help.")))

    @staticmethod
    def _bindings_of(node: object) -> list[Binding]:
        return [b for b in getattr(type(node), "BINDINGS", []) if isinstance(b, Binding)]

    def action_close(self) -> None:
        self.dismiss(None)

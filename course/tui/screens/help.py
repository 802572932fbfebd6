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
from course.tui.widgets.footer import describe_key


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
        for keys, description in self.rows():
            table.add_row(keys, description)
        self.query_one("#help-keys", Static).update(table)
        self.query_one("#help-close", Static).update(Text(_("Esc or F1 closes this help.")))

    def rows(self) -> list[tuple[str, str]]:
        """The footer's keys, each with its other keys (`esc / q`), then how to answer, then quitting.

        Drawn from the same bindings as the footer, so the two never disagree about what
        works where the trainee is.
        """
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        for active in self.under.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            keys = [
                key
                for key, bindings in active.node._bindings.key_to_bindings.items()
                if any(b.action == binding.action for b in bindings)
            ]
            shown = " / ".join(self.app.get_key_display(Binding(key, "")) for key in keys)
            described = describe_key(self.under, binding.action, binding.description)
            if binding.action.endswith("switch_language"):
                described = _("Language: switch to {language}").format(language=described)
            rows.append((shown, described))
        focused = self.under.focused
        extra = getattr(self.under, "HELP_KEYS", [])
        if focused is not None and not extra:
            extra = getattr(focused, "HELP_KEYS", [])
        rows.extend((keys, _(description)) for keys, description in extra)
        rows.append((self.app.get_key_display(Binding("ctrl+q", "")), _("Quit the program")))
        return rows

    def action_close(self) -> None:
        self.dismiss(None)

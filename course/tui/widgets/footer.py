"""A footer whose key descriptions follow the interface language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from course.i18n import _, current_locale
from course.tui.session import language_name


class CourseFooter(Footer):
    """Binding descriptions are written as English msgids and translated when shown.

    Textual reads `Binding.description` once, at class creation; translating here lets
    the footer change language with the rest of the screen.
    """

    def __init__(self) -> None:
        super().__init__(compact=True)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.action.endswith("switch_language"):
                    # Name the language the key switches to, in that language.
                    widget.description = language_name(getattr(self.app, "next_locale", current_locale)())
                elif widget.description:
                    widget.description = _(widget.description)
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = _(widget.tooltip)
            yield widget

"""The course map's progress line: `Your progress: 40%` and a bar filling the rest of the line."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from course.i18n import _, format_percent


class CompletionLine(Static):
    """`Your progress: 40%` and a bar filling the rest of the line.

    One widget where Textual's ProgressBar is three, with its own stylesheet: this line
    is on the first frame every trainee waits for.
    """

    COMPONENT_CLASSES = {"completion--done", "completion--complete", "completion--todo"}
    DEFAULT_CSS = """
    CompletionLine { height: 1; margin: 1 0 0 0; }
    CompletionLine > .completion--done { color: $primary; }
    CompletionLine > .completion--complete { color: $success; }
    CompletionLine > .completion--todo { color: $foreground 20%; }
    """

    completion = 0.0
    """Share of the course done, 0 to 1."""

    def show(self, completion: float) -> None:
        self.completion = max(0.0, min(1.0, completion))
        self.refresh()

    def render(self) -> Text:
        line = Text(_("Your progress: {percent}").format(percent=format_percent(self.completion)) + "  ")
        room = max(0, (self.size.width or 78) - line.cell_len)
        half_cells = round(self.completion * room * 2)
        full, half = divmod(half_cells, 2)
        done = "completion--complete" if self.completion >= 1 else "completion--done"
        line.append("━" * full + ("╸" if half else ""), self.get_component_rich_style(done))
        todo = room - full - half
        if todo > 0:
            line.append(
                ("╺" if half == 0 and full else "━") + "━" * (todo - 1),
                self.get_component_rich_style("completion--todo"),
            )
        return line

"""Lists of options to answer with: long options wrap under their own text, never cut.

Each option is drawn as mark columns (`(•)`, `[x]`, `A.`, `1.`) and its text beside them,
wrapped with a hanging indent, so a wrapped line never starts under the letter. The lists
grow to their full height inside the question's scrolling area (one scrollbar, at the
edge of the screen, never over an option), and the area follows the highlight.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from course.i18n import N_
from course.tui.answers import letter

# Shapes, not colours, tell a chosen option from the others (also under NO_COLOR).
CHOSEN, NOT_CHOSEN = "(•)", "( )"
TICKED, NOT_TICKED = "[x]", "[ ]"


def hanging(marks: Sequence[str], body: RenderableType) -> Table:
    """`marks` in narrow columns and `body` beside them, wrapping under itself."""
    grid = Table.grid(padding=(0, 1))
    for _mark in marks:
        grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(*[Text(mark, style="bold") for mark in marks], body)
    return grid


def letter_index(event: events.Key, count: int) -> int | None:
    """The option a typed letter names (`a` or `A` is the first), if there is one."""
    character = event.character or ""
    if len(character) == 1 and character.isascii() and character.isalpha():
        index = ord(character.upper()) - ord("A")
        if 0 <= index < count:
            return index
    return None


class AnswerList(OptionList):
    """An option list that wraps its options, keeps the highlighted one in view, and answers on Enter."""

    DEFAULT_CSS = """
    AnswerList { height: auto; max-height: 1000; }
    """

    BINDINGS = [Binding("enter", "answer", N_("Answer"), show=True)]

    def __init__(self, labels: Sequence[tuple[str, str]], highlight: int | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.labels = list(labels)
        self._start = highlight

    def on_mount(self) -> None:
        # (Textual calls on_mount of each class in the MRO: subclasses do not define their own.)
        self.add_options([Option(self.prompt(i), id=option_id) for i, (option_id, _label) in enumerate(self.labels)])
        self.highlighted = self._start

    def prompt(self, index: int) -> RenderableType:
        """How option `index` is drawn (subclasses add their marks)."""
        return hanging([letter(index) + "."], Text(self.labels[index][1]))

    def redraw(self, labels: Sequence[tuple[str, str]] | None = None) -> None:
        """Draw the options again: new words (another language) or new marks."""
        if labels is not None:
            self.labels = list(labels)
        for index in range(min(self.option_count, len(self.labels))):
            self.replace_option_prompt_at_index(index, self.prompt(index))

    def option_id(self, index: int | None) -> str | None:
        if index is None or not 0 <= index < self.option_count:
            return None
        return self.get_option_at_index(index).id

    def action_answer(self) -> None:
        for node in self.ancestors:
            submit = getattr(node, "submit", None)
            if submit is not None:
                submit()
                return

    def scroll_to_highlight(self, top: bool = False) -> None:
        super().scroll_to_highlight(top)
        highlighted = self.highlighted
        area = next((node for node in self.ancestors if isinstance(node, ScrollableContainer)), None)
        if highlighted is None or area is None or not self.is_mounted or not self.region:
            return
        try:
            line, height = self._index_to_line[highlighted], self._heights[highlighted]
        except KeyError:
            return
        # The option's rows in the scrolling area's coordinates.
        top_row = self.content_region.y - area.scrollable_content_region.y + round(area.scroll_y) + line
        area.scroll_to_region(Region(0, top_row, 1, height), animate=False, immediate=True)


class ChoiceList(AnswerList):
    """Choose one: the highlighted option is the chosen one, marked (•); none until the trainee chooses.

    ↑ ↓ or a letter choose; Enter answers; a click chooses without answering.
    """

    def prompt(self, index: int) -> RenderableType:
        mark = CHOSEN if index == self.highlighted else NOT_CHOSEN
        return hanging([mark, letter(index) + "."], Text(self.labels[index][1]))

    def watch_highlighted(self, highlighted: int | None) -> None:
        self.redraw()
        super().watch_highlighted(highlighted)

    @property
    def chosen(self) -> str | None:
        return self.option_id(self.highlighted)

    def on_key(self, event: events.Key) -> None:
        index = letter_index(event, self.option_count)
        if index is not None:
            event.stop()
            self.highlighted = index

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click chooses; Enter or the Answer button answers


class TickList(AnswerList):
    """Select all that apply: Space, a letter or a click ticks [x] or unticks [ ] an option."""

    BINDINGS = [Binding("space", "tick", N_("Tick"), show=True)]

    def __init__(self, labels: Sequence[tuple[str, str]], ticked: Sequence[str] = (), **kwargs: object) -> None:
        super().__init__(labels, highlight=0, **kwargs)
        self.ticked = {option_id for option_id, _label in self.labels if option_id in set(ticked)}

    def prompt(self, index: int) -> RenderableType:
        mark = TICKED if self.labels[index][0] in self.ticked else NOT_TICKED
        return hanging([mark, letter(index) + "."], Text(self.labels[index][1]))

    def toggle(self, index: int) -> None:
        option_id = self.labels[index][0]
        self.ticked.symmetric_difference_update({option_id})
        self.replace_option_prompt_at_index(index, self.prompt(index))

    def action_tick(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def action_select(self) -> None:  # a click
        self.action_tick()

    def on_key(self, event: events.Key) -> None:
        index = letter_index(event, self.option_count)
        if index is not None:
            event.stop()
            self.highlighted = index
            self.toggle(index)

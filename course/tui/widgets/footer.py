"""The key bar at the bottom of every screen, in the interface language."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

from course.i18n import _, current_locale
from course.tui.session import language_name

if TYPE_CHECKING:
    from textual.screen import Screen


class FooterItem(NamedTuple):
    """One key as drawn: what it says, where it is on the line, and what pressing it does."""

    key: str
    display: str
    description: str
    enabled: bool
    app_wide: bool
    start: int = 0

    @property
    def cells(self) -> int:
        return cell_len(self.display) + (cell_len(" " + self.description) if self.description else 0)

    @property
    def end(self) -> int:
        return self.start + self.cells


def describe_key(screen: Screen[object], action: str, description: str) -> str:
    """What a key does, in the current language; the footer and F1 say the same.

    The language key names the language it switches to, in that language; a screen may
    word a key for where the trainee is (`key_label`), e.g. Enter on the last question.
    """
    if action.endswith("switch_language"):
        next_locale = getattr(screen.app, "next_locale", current_locale)
        return language_name(next_locale())
    label = getattr(screen, "key_label", None)
    worded = label(action) if label is not None else None
    if worded:
        return worded
    return _(description) if description else ""


class CourseFooter(Widget, can_focus=False):
    """The current screen's keys on one line; clicking a key presses it.

    Textual's `Footer` mounts a widget per key and mounts them all again whenever the
    bindings change, which is most of the cost of a screen's first frame (about 90 ms of
    the course map's). Drawn as one line of text, it costs one widget. Binding
    descriptions are English msgids, translated when drawn, so the bar follows a
    language switch with no further work.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"course-footer--key", "course-footer--description", "course-footer--hover"}
    DEFAULT_CSS = """
    CourseFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    CourseFooter > .course-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    CourseFooter > .course-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    CourseFooter > .course-footer--hover {
        background: $block-hover-background;
    }
    """

    hovered: reactive[str | None] = reactive(None)
    """The key under the mouse pointer, drawn highlighted."""

    def __init__(self) -> None:
        super().__init__()
        self._items: list[FooterItem] = []
        self._reserved = 0

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def items(self) -> list[FooterItem]:
        """The keys to show, in order, each once per action (as Textual's Footer does).

        When they do not fit, the widest of the screen's own keys are left out first, so
        that as many keys as possible stay, and Help and the language key always do (Help
        lists every key).
        """
        items: list[FooterItem] = []
        shown_actions: set[str] = set()
        for binding_info in self.screen.active_bindings.values():
            binding = binding_info.binding
            if not binding.show or binding.action in shown_actions:
                continue
            shown_actions.add(binding.action)
            items.append(
                FooterItem(
                    key=binding.key,
                    display=self.app.get_key_display(binding),
                    description=describe_key(self.screen, binding.action, binding.description),
                    enabled=binding_info.enabled,
                    app_wide=binding_info.node is self.app,
                )
            )
        width = (self.size.width or 80) - self._reserved  # room kept for the offline notice
        while items and sum(item.cells + 1 for item in items) - 1 > width:
            droppable = [item for item in items if not item.app_wide] or items
            items.remove(max(droppable, key=lambda item: item.cells))
        placed: list[FooterItem] = []
        for item in items:
            placed.append(item._replace(start=placed[-1].end + 1 if placed else 0))
        return placed

    def render(self) -> Text:
        status_method = getattr(self.app, "connection_status", None)
        status = status_method() if status_method is not None else ""
        self._reserved = cell_len(status) + 2 if status else 0
        self._items = self.items()
        key_style = self.get_component_rich_style("course-footer--key")
        description_style = self.get_component_rich_style("course-footer--description")
        hover = self.get_component_rich_style("course-footer--hover")
        line = Text(no_wrap=True, overflow="crop")
        for item in self._items:
            extra = Style(dim=not item.enabled) + (hover if item.key == self.hovered else Style())
            line.append(item.display, key_style + extra)
            if item.description:
                line.append(" " + item.description, description_style + extra)
            line.append(" ")
        if status:  # class mode, server unreachable: the trainee sees that nothing is lost
            gap = max(1, (self.size.width or 80) - line.cell_len - cell_len(status) - 1)
            line.append(" " * gap)
            line.append(status, Style(bold=True, color="black", bgcolor="yellow"))
        return line

    def _item_at(self, x: int) -> FooterItem | None:
        return next((item for item in self._items if item.start <= x < item.end), None)

    def on_click(self, event: events.Click) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        event.stop()
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        self.hovered = item.key if item is not None else None

    def on_leave(self, _event: events.Leave) -> None:
        self.hovered = None

"""What every course screen shares: the session, a top bar, the footer, language refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from course.i18n import _
from course.printable import NAME_CELLS, one_line, printable
from course.progress import StoreError
from course.tui.session import Session, language_name
from course.tui.widgets.footer import CourseFooter

if TYPE_CHECKING:
    from course.tui.app import CourseApp


class TopBar(Static):
    """Course title on the left; learner and language on the right."""

    DEFAULT_CSS = """
    TopBar { dock: top; height: 1; background: $primary; color: $text; padding: 0 1; }
    """

    def show(self, session: Session, where: str) -> None:
        from course.i18n import current_locale

        left = Text(session.text(session.outline.title), style="bold")
        if where:
            left.append(" › " + where)
        width = max(0, self.size.width - 2) if self.size.width else 78
        right = Text()
        if session.profile is not None and session.show_learner:
            # A long name is cut so that the course title keeps room beside it.
            name = one_line(session.profile.name, min(NAME_CELLS, max(12, width // 3)))
            right.append(_("Learner: {name}").format(name=name))
            right.append("  ")
        right.append(language_name(current_locale()))
        room = max(0, width - right.cell_len - 1)
        if left.cell_len > room:
            left.truncate(room, overflow="ellipsis")
        left.pad_right(max(0, width - left.cell_len - right.cell_len))
        self.update(left + right)


class CourseScreen(Screen[None]):
    """A full screen of the course app."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    @property
    def course_app(self) -> CourseApp:
        from course.tui.app import CourseApp

        assert isinstance(self.app, CourseApp)
        return self.app

    def compose_chrome(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield CourseFooter()

    def where(self) -> str:
        """What the top bar says after the course title."""
        return ""

    def saved(self, write: Callable[[], object]) -> bool:
        """Run a write to the progress store; on failure say so on screen instead of crashing."""
        try:
            write()
        except StoreError as error:
            self.notify(printable(str(error), keep="\n"), severity="error", timeout=15, markup=False)
            return False
        return True

    def on_mount(self) -> None:
        """Texts are filled when the screen is shown (ScreenResume follows every push)."""

    def on_resize(self) -> None:
        self.query_one(TopBar).show(self.session, self.where())

    def on_screen_resume(self) -> None:
        # Shown for the first time, or again after a dialog or another screen: progress or
        # the language may have changed meanwhile.
        self.refresh_language()
        self.call_after_refresh(self.course_app.first_frame_shown)

    def refresh_language(self) -> None:
        """Re-render every visible string in the current language; subclasses extend this."""
        self.query_one(TopBar).show(self.session, self.where())

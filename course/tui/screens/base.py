"""What every course screen shares: the session, a top bar, the footer, language refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
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


def _cut(text: str, cells: int) -> Text:
    line = Text(text)
    if line.cell_len > cells:
        line.truncate(max(0, cells), overflow="ellipsis")
    return line


def header(width: int, title: str, where: str, learner: str | None, language: str) -> Text:
    """The top line: `Course title › Screen    Learner: Name  Language`, cut to `width`.

    When it does not fit, what gives way first is the course title (shortened, then left
    out), then the word "Learner:"; the screen's name and the learner's name are cut only
    when they alone are wider than the line, each keeping a fair share of it.
    """
    MIN_TITLE = 8
    where_part = f" › {where}" if where else ""
    right_label = _("Learner: {name}").format(name=learner) + "  " if learner is not None else ""
    room = width - 2  # at least two spaces between the two sides
    fixed = cell_len(where_part) + cell_len(right_label) + cell_len(language)
    if cell_len(title) + fixed <= room or (where and room - fixed >= MIN_TITLE):
        left = Text(title, style="bold")
        if left.cell_len > room - fixed:
            left.truncate(room - fixed, overflow="ellipsis")
        left.append(where_part)
        right = Text(right_label + language)
    else:
        name_part = learner + "  " if learner is not None else ""
        space = room - cell_len(language)
        if cell_len(where) + cell_len(name_part) <= space:
            left, right = Text(where), Text(name_part + language)
        else:
            # Each keeps what it needs up to half the line; the other takes the rest.
            where_room = max(space - cell_len(name_part), min(cell_len(where), space // 2))
            left = _cut(where, where_room)
            right = _cut(name_part.rstrip(), space - left.cell_len - 2) if learner is not None else Text()
            if learner is not None:
                right.append("  ")
            right.append(language)
        if not where:
            left = Text()
    left.pad_right(max(0, width - left.cell_len - right.cell_len))
    return left + right


class TopBar(Static):
    """Course title and screen on the left; learner and language on the right."""

    DEFAULT_CSS = """
    TopBar { dock: top; height: 1; background: $primary; color: $text; padding: 0 1; }
    """

    def show(self, session: Session, where: str) -> None:
        from course.i18n import current_locale

        learner = (
            one_line(session.profile.name, NAME_CELLS) if session.profile is not None and session.show_learner else None
        )
        width = max(0, self.size.width - 2) if self.size.width else 78
        self.update(header(width, session.text(session.outline.title), where, learner, language_name(current_locale())))


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

    def quit_question(self) -> str:
        return _("Quit cybercourse? Everything you did is saved; the next start takes you back here.")

    def confirm_quit(self) -> None:
        """Esc where there is nothing to go back to: quit, after asking (Ctrl+Q quits at once)."""
        from course.tui.screens.dialogs import ConfirmDialog

        def decided(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(ConfirmDialog(self.quit_question, lambda: _("Quit"), lambda: _("Stay")), decided)

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

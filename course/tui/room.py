"""`cybercourse class watch`: the training room live, for the instructor.

One row per learner: where they are (lesson and section, or quiz and question), answers
given, their score so far, and whether their program is online. A thread LISTENs for the
room's notifications (course.progress.postgres.room) and re-reads only the learners named;
a one-second timer only ages the "last seen" times already read, it asks the server nothing.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from course.i18n import N_, _, current_locale, format_percent, set_locale
from course.printable import clip, one_line
from course.tui.widgets.footer import CourseFooter

if TYPE_CHECKING:
    import psycopg

    from course.content.outline import Outline
    from course.progress.postgres.room import LearnerNow

NAME_CELLS = 24
PLACE_CELLS = 34
RECONNECT_SECONDS = 2.0


def shown(text: str, cells: int = NAME_CELLS) -> Text:
    """A stored string (a learner's name) as plain, visible text, cut to `cells`."""
    return Text(one_line(text, cells))


class RoomApp(App[None]):
    """The room view; `connect` makes a new connection to the class server (as the instructor)."""

    TITLE = "cybercourse"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f2", "switch_language", N_("Language")),
        Binding("q", "quit", N_("Quit")),
    ]
    DEFAULT_CSS = """
    #room-title { height: auto; background: $panel; text-style: bold; padding: 0 1; }
    DataTable { height: 1fr; }
    """

    def __init__(self, connect: Any, where: str, outline: Outline | None, locales: list[str]) -> None:
        super().__init__()
        self._connect = connect
        self.where = where
        self.outline = outline
        self.locales = locales or ["en"]
        self.learners: dict[int, LearnerNow] = {}
        self._stop = threading.Event()
        self.problem: str | None = None  # why the server cannot be reached, while it cannot

    def compose(self) -> ComposeResult:
        yield Static(id="room-title")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield CourseFooter()

    def on_mount(self) -> None:
        self._draw()
        self.run_worker(self._listen, thread=True, group="listen")
        self.set_interval(1.0, self._age)

    def on_unmount(self) -> None:
        self._stop.set()

    # -- from the server --------------------------------------------------------------------

    def _listen(self) -> None:
        """Read the room, then listen; when the server drops, say so and connect again."""
        import psycopg

        from course.progress.errors import StoreError
        from course.progress.postgres.room import listen, read_room

        while not self._stop.is_set():
            opened: list[psycopg.Connection] = []
            try:
                listener = self._connect()
                opened.append(listener)
                reader = self._connect()
                opened.append(reader)
                listener.execute("LISTEN cybercourse_room")  # before reading: nothing falls in between
                self.call_from_thread(self._show, read_room(reader), True)

                def changed(ids: set[int], reader: psycopg.Connection = reader) -> None:
                    self.call_from_thread(self._show, read_room(reader, sorted(ids)))

                listen(listener, changed, self._stop.is_set)
            except (StoreError, psycopg.Error) as error:
                if not self._stop.is_set():
                    self.call_from_thread(self._lost, str(error).strip().splitlines()[0])
                    self._stop.wait(RECONNECT_SECONDS)
            finally:
                for conn in opened:
                    conn.close()

    def _show(self, learners: list[LearnerNow], whole_room: bool = False) -> None:
        if whole_room:  # (re)connected: the room as it is now, learners removed meanwhile gone
            self.learners.clear()
            self.problem = None
        for learner in learners:
            self.learners[learner.profile_id] = learner
        self._draw()

    def _lost(self, reason: str) -> None:
        self.problem = reason
        self._draw()

    def _age(self) -> None:
        self._draw()

    # -- drawing ----------------------------------------------------------------------------

    def _columns(self) -> list[str]:
        return [_("Learner"), _("Now"), _("Answers"), _("Score"), _("Status")]

    def _draw(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(*self._columns())
        now = time.monotonic()
        ordered = sorted(self.learners.values(), key=lambda x: (x.name.casefold(), x.name))
        offline = 0
        for learner in ordered:
            offline += learner.offline(now)
            table.add_row(
                shown(learner.name),
                Text(self._place(learner)),
                Text(str(learner.answers)),
                Text(self._score(learner)),
                self._status(learner, now),
                key=str(learner.profile_id),
            )
        if ordered:
            table.move_cursor(row=min(cursor, len(ordered) - 1))
        title = _("Class at {where}: {n} learners, {online} online, {offline} offline").format(
            where=self.where, n=len(ordered), online=len(ordered) - offline, offline=offline
        )
        if self.problem is not None:
            title = _(
                "The class server cannot be reached; trying again every few seconds. The table shows the room "
                "as it was."
            )
        self.query_one("#room-title", Static).update(Text(title, style="bold red" if self.problem else ""))

    def _title(self, kind: str, item_id: str) -> str:
        """A lesson's or quiz's title in the interface language (its id without the course)."""
        titles = None
        if self.outline is not None:
            if kind == "lesson":
                titles = next((lesson.title for lesson in self.outline.lessons if lesson.id == item_id), None)
            else:
                quiz = self.outline.quizzes.get(item_id)
                titles = quiz.title if quiz is not None else None
        if not titles:
            return item_id
        return str(titles.get(current_locale()) or next(iter(titles.values()), item_id))

    def _place(self, learner: LearnerNow) -> str:
        if learner.in_quiz and learner.quiz_id is not None:
            number = min((learner.question or 0) + 1, learner.questions or 1)
            where = _("question {n}/{total}").format(n=number, total=learner.questions or "?")
            return f"{clip(self._title('quiz', learner.quiz_id), PLACE_CELLS - len(where) - 1)} {where}"
        if learner.lesson_id is not None:
            where = _("section {n}/{total}").format(n=(learner.section or 0) + 1, total=learner.sections or "?")
            return f"{clip(self._title('lesson', learner.lesson_id), PLACE_CELLS - len(where) - 1)} {where}"
        return _("not started")

    def _score(self, learner: LearnerNow) -> str:
        if learner.in_quiz and learner.quiz_answers:
            return _("{right}/{n} right").format(right=f"{learner.quiz_right:g}", n=learner.quiz_answers)
        if learner.last_score is not None:
            return _("last quiz {score}").format(score=format_percent(learner.last_score))
        return "–"

    def _status(self, learner: LearnerNow, now: float) -> Text:
        age = learner.age(now)
        if learner.state is None:
            return Text(_("never connected"), style="dim")
        if learner.state == "left":
            return Text(_("closed"), style="dim")
        if learner.offline(now):
            minutes = int((age or 0) // 60)
            return Text(_("offline ({n} min)").format(n=minutes), style="bold red")
        return Text(_("online"), style="green")

    def action_switch_language(self) -> None:
        here = current_locale()
        locales = self.locales
        set_locale(locales[(locales.index(here) + 1) % len(locales)] if here in locales else locales[0])
        self._draw()
        self.screen.refresh_bindings()

    def next_locale(self) -> str:
        here = current_locale()
        return self.locales[(self.locales.index(here) + 1) % len(self.locales)] if here in self.locales else "en"

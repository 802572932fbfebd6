"""The course app: wires content, store and settings; screens do the rest."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding

from course.i18n import N_, _, current_locale, ngettext, set_locale
from course.printable import printable
from course.progress import StoreError
from course.tui.collector import IdleCollector
from course.tui.key_order import KeyOrder
from course.tui.session import Session

if TYPE_CHECKING:
    from course.content import Course

MIN_WIDTH, MIN_HEIGHT = 80, 24
PREFETCH_AFTER_SECONDS = 1.5


class CourseApp(App[None]):
    """A trainee's course: profiles, the course map, lessons, quizzes and results."""

    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    TITLE = "cybercourse"
    BINDINGS = [
        Binding("f1", "help", N_("Help")),
        Binding("f2", "switch_language", N_("Language")),
        Binding("ctrl+q", "quit", N_("Quit"), priority=True, show=False),
    ]

    def __init__(self, session: Session, locale: str) -> None:
        super().__init__()
        self.session = session
        set_locale(locale)
        self._course_loaded = asyncio.Event()
        self._prefetch_planned = False
        self._loading = False
        self._course_error: BaseException | None = None
        self._too_small_shown = False
        self.collector = IdleCollector()
        self.key_order = KeyOrder(self)
        if session.course is not None:
            self._course_loaded.set()
            IdleCollector.spare()

    # -- the full course, after the first frame -----------------------------------------------

    def first_frame_shown(self) -> None:
        """The first screen is on the terminal: load the rest of the course once things are quiet.

        The first screen needs only the outline. Reading the full course (pydantic models,
        every question bank) is left until the trainee opens a lesson, a quiz or the
        glossary, or until the app has been idle for a moment, whichever comes first, so it
        competes neither with drawing that screen nor with the trainee's first keys.
        """
        if not self._prefetch_planned:
            self._prefetch_planned = True
            self.set_timer(PREFETCH_AFTER_SECONDS, self._load_in_background)
            if self.session.notice:
                from course.tui.screens.dialogs import NoticeDialog

                notice = printable(self.session.notice, keep="\n")
                self.push_screen(NoticeDialog(lambda: _("About your progress file"), notice))

    def _load_in_background(self) -> None:
        if self.session.course is None and self.session.loader is not None and not self._loading:
            self._loading = True
            self.run_worker(self._load_course, thread=True, group="course")

    def _load_course(self) -> None:
        loader = self.session.loader
        assert loader is not None
        try:
            course = loader()
        except BaseException as error:  # reported where the course is needed
            self._course_error = error
        else:
            self.session.course = course
            IdleCollector.spare()
        self.call_from_thread(self._course_loaded.set)

    async def full_course(self) -> Course:
        """The full course: lessons, questions, glossary. Waits if it is still loading."""
        if not self._course_loaded.is_set():
            self._load_in_background()
            await self._course_loaded.wait()
        if self._course_error is not None:
            raise self._course_error
        return self.session.content

    def on_mount(self) -> None:
        # Textual calls on_mount of every class in the MRO: subclasses override open_first_screen.
        self.open_first_screen()
        self._check_size(self.size.width, self.size.height)
        self.collector.start()
        self.set_interval(1.0, self.collector.tick)
        self._connection_shown = ""
        if hasattr(self.session.store, "pending_answers"):  # class mode: say when it is offline
            self.set_interval(1.0, self._check_connection)

    def connection_status(self) -> str:
        """`offline — 3 answers will be sent` while a class server cannot be reached, else ""."""
        store = self.session.store
        if getattr(store, "online", True):
            return ""
        return offline_notice(store.pending_answers())  # type: ignore[attr-defined]

    def _check_connection(self) -> None:
        status = self.connection_status()
        if status != self._connection_shown:
            self._connection_shown = status
            from course.tui.widgets.footer import CourseFooter

            for footer in self.screen.query(CourseFooter):
                footer.refresh()

    def on_unmount(self) -> None:
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self.collector.note_input()
        if isinstance(event, events.Key) and not event.is_forwarded and not self.key_order.admit(event):
            return  # held: it comes back once the keys before it have done their work
        await super().on_event(event)

    def open_first_screen(self) -> None:
        profiles = self.session.store.profiles()
        if profiles:
            from course.tui.screens.course_map import CourseMapScreen

            # Remembering who came back is a durable write (an fsync): after the first frame.
            self.choose_profile(profiles[0].id, keep_language=self.session.language_chosen, remember_later=True)
            self.push_screen(CourseMapScreen(self.session))
        else:
            from course.tui.screens.profiles import ProfileScreen

            self.push_screen(ProfileScreen(self.session, first_run=True))

    def choose_profile(self, profile_id: int, keep_language: bool = True, remember_later: bool = False) -> None:
        """Make a learner current; their language comes with them unless the UI just chose one."""
        profile = self.session.store.profile(profile_id)
        locale = current_locale() if keep_language else profile.locale
        if locale not in self.session.locales:
            locale = current_locale()
        self.session.profile = profile._replace(locale=locale)
        if remember_later:
            self.call_after_refresh(self._remember_profile, profile_id, locale)
        else:
            self._remember_profile(profile_id, locale)
        self.apply_language(locale)

    def _remember_profile(self, profile_id: int, locale: str) -> None:
        with contextlib.suppress(StoreError):  # remembering the language is a convenience
            self.session.store.use_profile(profile_id, locale)

    # -- language ---------------------------------------------------------------------------

    def next_locale(self) -> str:
        locales = self.session.locales
        here = current_locale()
        return locales[(locales.index(here) + 1) % len(locales)] if here in locales else locales[0]

    def action_switch_language(self) -> None:
        self.apply_language(self.next_locale())
        if self.session.profile is not None:
            with contextlib.suppress(StoreError):
                self.session.store.use_profile(self.session.profile.id, current_locale())

    def apply_language(self, locale: str) -> None:
        """Re-render every screen in `locale`, keeping each one's place."""
        changed = locale != current_locale()
        set_locale(locale)
        if not changed:
            return
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_language", None)
            if refresh is not None and screen.is_mounted:  # one still mounting fills itself in
                refresh()
        self.screen.refresh_bindings()

    # -- help and size ----------------------------------------------------------------------

    def action_help(self) -> None:
        from course.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if not small and not self._too_small_shown:
            return  # the usual case: the screen module need not even be imported
        from course.tui.screens.too_small import TooSmallScreen

        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
            self._too_small_shown = True
        elif not small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()
            self._too_small_shown = False


def offline_notice(waiting: int) -> str:
    """What the footer says while the class server cannot be reached."""
    if not waiting:  # "0 answers will be sent" reads as if answers were lost
        return _("offline — every answer so far has reached the server")
    return ngettext("offline — {n} answer will be sent", "offline — {n} answers will be sent", waiting).format(
        n=waiting
    )


def make_app(session: Session, locale: str) -> CourseApp:
    """The app for one course and one progress store (tests pin `session.clock` and `.seed`)."""
    return CourseApp(session, locale)

"""The course app: wires content, store and settings; screens do the rest."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.binding import Binding

from course.i18n import N_, current_locale, set_locale
from course.tui.session import Session

MIN_WIDTH, MIN_HEIGHT = 80, 24


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
        self._too_small = False

    def on_mount(self) -> None:
        from course.tui.screens.course_map import CourseMapScreen
        from course.tui.screens.profiles import ProfileScreen

        profiles = self.session.store.profiles()
        if profiles:
            self.choose_profile(profiles[0].id, keep_language=False)
            self.push_screen(CourseMapScreen(self.session))
        else:
            self.push_screen(ProfileScreen(self.session, first_run=True))
        self._check_size(self.size.width, self.size.height)

    def choose_profile(self, profile_id: int, keep_language: bool = True) -> None:
        """Make a learner current; their language comes with them unless the UI just chose one."""
        profile = self.session.store.profile(profile_id)
        locale = current_locale() if keep_language else profile.locale
        if locale not in self.session.locales:
            locale = current_locale()
        self.session.store.use_profile(profile_id, locale)
        self.session.profile = self.session.store.profile(profile_id)
        self.apply_language(locale)

    # -- language ---------------------------------------------------------------------------

    def next_locale(self) -> str:
        locales = self.session.locales
        here = current_locale()
        return locales[(locales.index(here) + 1) % len(locales)] if here in locales else locales[0]

    def action_switch_language(self) -> None:
        self.apply_language(self.next_locale())
        if self.session.profile is not None:
            self.session.store.use_profile(self.session.profile.id, current_locale())

    def apply_language(self, locale: str) -> None:
        """Re-render every screen in `locale`, keeping each one's place."""
        changed = locale != current_locale()
        set_locale(locale)
        if not changed:
            return
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_language", None)
            if refresh is not None:
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
        from course.tui.screens.too_small import TooSmallScreen

        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif not small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()


def make_app(session: Session, locale: str) -> CourseApp:
    """The app for one course and one progress store (tests pin `session.clock` and `.seed`)."""
    return CourseApp(session, locale)

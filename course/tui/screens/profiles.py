"""Choosing who is learning: the first-start welcome, and switching learners in a training room."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from course.i18n import N_, _, current_locale
from course.printable import one_line
from course.progress import ProfileNameError, StoreError
from course.tui.screens.base import CourseScreen
from course.tui.session import Session, language_name
from course.tui.widgets.entry import TextEntry


class ProfileScreen(CourseScreen):
    """Create a learner (name and language) or pick an existing one."""

    DEFAULT_CSS = """
    #profiles { padding: 0 2; }
    #existing { height: auto; }
    #profile-list { height: auto; max-height: 10; width: 100%; max-width: 72; }
    #languages { height: auto; max-height: 5; width: 60; }
    #name { width: 50; }
    """

    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("escape", "quit", N_("Quit")),  # at the first start, there is nowhere to go back to
    ]

    def __init__(self, session: Session, first_run: bool = False) -> None:
        super().__init__(session)
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with VerticalScroll(id="profiles"):
            yield Static(id="welcome", classes="intro")
            with Vertical(id="existing"):
                yield Label(id="existing-label", classes="field-label")
                yield OptionList(id="profile-list")
            yield Label(id="new-label", classes="section-title")
            yield Label(id="name-label", classes="field-label")
            yield TextEntry(id="name", max_length=40)
            yield Static(id="name-error", classes="error")
            yield Label(id="language-label", classes="field-label")
            yield OptionList(*[Option(language_name(loc), id=loc) for loc in self.session.locales], id="languages")
            with Horizontal(classes="buttons"):
                yield Button(id="create", variant="primary")

    def on_mount(self) -> None:
        profiles = self.session.store.profiles()
        self.query_one("#existing").display = bool(profiles) and not self.first_run
        languages = self.query_one("#languages", OptionList)
        if current_locale() in self.session.locales:
            languages.highlighted = self.session.locales.index(current_locale())
        if profiles and not self.first_run:
            listing = self.query_one("#profile-list", OptionList)
            for profile in profiles:
                listing.add_option(
                    Option(Text(f"{one_line(profile.name)}  ·  {language_name(profile.locale)}"), id=str(profile.id))
                )
            # The learner using the course now comes highlighted: Enter goes back to them.
            current = self.session.profile.id if self.session.profile is not None else None
            ids = [profile.id for profile in profiles]
            listing.highlighted = ids.index(current) if current in ids else 0
            listing.focus()
        else:
            self.query_one("#name", TextEntry).focus()
        super().on_mount()

    def where(self) -> str:
        return _("Learners")

    def refresh_language(self) -> None:
        super().refresh_language()
        welcome = (
            _(
                "Welcome! This course teaches the Budapest Convention and the UN Convention against "
                "Cybercrime. Type your name and choose a language; you can switch language at any "
                "moment with F2."
            )
            if self.first_run
            else _("Choose who is learning, or add a new learner.")
        )
        self.query_one("#welcome", Static).update(Text(welcome))
        self.query_one("#existing-label", Label).update(Text(_("Learners on this computer (Enter to continue):")))
        self.query_one("#new-label", Label).update(Text(_("New learner")))
        self.query_one("#name-label", Label).update(Text(_("Your name:")))
        self.query_one("#name", TextEntry).placeholder = _("e.g. Nguyễn Văn An")
        self.query_one("#language-label", Label).update(Text(_("Language:")))
        self.query_one("#create", Button).label = _("Start the course")

    @on(OptionList.OptionHighlighted, "#languages")
    def _preview_language(self, event: OptionList.OptionHighlighted) -> None:
        # The interface follows the highlighted language at once, so a trainee can read
        # the choice in the language they are choosing.
        if event.option.id and event.option.id != current_locale():
            self.course_app.apply_language(event.option.id)

    @on(OptionList.OptionSelected, "#languages")
    def _language_chosen(self) -> None:
        self.query_one("#name", TextEntry).focus()

    @on(TextEntry.Submitted, "#name")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        name = self.query_one("#name", TextEntry).value
        try:
            profile = self.session.store.create_profile(name, current_locale())
        except (ProfileNameError, StoreError) as error:
            self.query_one("#name-error", Static).update(Text(str(error)))
            self.query_one("#name", TextEntry).focus()
            return
        self._enter(profile.id)

    @on(OptionList.OptionSelected, "#profile-list")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.course_app.choose_profile(int(event.option.id), keep_language=False)
            self._enter(int(event.option.id))

    def _enter(self, profile_id: int) -> None:
        from course.tui.screens.course_map import CourseMapScreen

        if self.session.profile is None or self.session.profile.id != profile_id:
            self.course_app.choose_profile(profile_id)
        if self.first_run:
            self.app.switch_screen(CourseMapScreen(self.session))
        else:
            self.app.pop_screen()

    @property
    def _nowhere_to_go_back(self) -> bool:
        return self.first_run or self.session.profile is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return not self._nowhere_to_go_back
        if action == "quit":
            return self._nowhere_to_go_back
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_quit(self) -> None:
        self.confirm_quit()

"""Reading a lesson section by section, in one language or side by side in two."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Markdown, Static

from course.content import Lesson
from course.i18n import N_, _, as_of, current_locale
from course.tui.answers import sources_markdown
from course.tui.screens.base import CourseScreen
from course.tui.session import Session, language_name

# Time on one section beyond this is counted as a break, not as study.
MAX_SECONDS_PER_SECTION = 15 * 60


class LessonScreen(CourseScreen):
    """One lesson: a section at a time, its position saved as the trainee moves."""

    DEFAULT_CSS = """
    #reader { padding: 0 1; }
    #position { margin: 1 0 0 0; width: 100%; }
    .lesson-body { height: 1fr; }
    #single { height: 1fr; }
    #parallel { height: 1fr; }
    #parallel .column { width: 1fr; padding: 0 1; }
    .column-title { text-style: bold reverse; width: 100%; padding: 0 1; }
    #next-step { height: 1; }
    """

    BINDINGS = [
        # Priority: the scrolling body would otherwise claim ← → (and hide them from the footer).
        Binding("left", "previous", N_("Previous"), priority=True),
        Binding("right", "next", N_("Next"), priority=True),
        Binding("p", "previous", N_("Previous"), show=False),
        Binding("n", "next", N_("Next"), show=False),
        Binding("g", "glossary", N_("Terms")),
        Binding("f3", "parallel", N_("Side by side")),
        Binding("v", "parallel", N_("Side by side"), show=False),
        Binding("enter", "quiz", N_("Quiz")),
        Binding("escape", "back", N_("Back")),
        Binding("q", "back", N_("Back"), show=False),
    ]

    def __init__(self, session: Session, lesson_id: str, section: int = 0) -> None:
        super().__init__(session)
        self.lesson: Lesson = session.content.lessons[lesson_id]
        self.section = max(0, min(section, len(self.lesson.sections) - 1))
        self.parallel = False
        self._since = time.monotonic()

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with Vertical(id="reader"):
            yield Label(id="position")
            with VerticalScroll(id="single", classes="lesson-body"):
                yield Markdown(id="body", open_links=False)
            with Horizontal(id="parallel"):
                with Vertical(classes="column"):
                    yield Label(id="left-language", classes="column-title")
                    with VerticalScroll(id="left-scroll", classes="lesson-body"):
                        yield Markdown(id="left-body", open_links=False)
                with Vertical(classes="column"):
                    yield Label(id="right-language", classes="column-title")
                    with VerticalScroll(id="right-scroll", classes="lesson-body"):
                        yield Markdown(id="right-body", open_links=False)
            yield Static(id="next-step")

    def on_mount(self) -> None:
        self._save()
        super().on_mount()
        self.query_one("#single").focus()
        # Side by side, the two languages scroll together: the same passage stays in view.
        left = self.query_one("#left-scroll", VerticalScroll)
        right = self.query_one("#right-scroll", VerticalScroll)
        self.watch(left, "scroll_y", lambda _y: self._follow(left, right), init=False)

    @staticmethod
    def _follow(leader: VerticalScroll, follower: VerticalScroll) -> None:
        if leader.max_scroll_y:
            follower.scroll_to(y=leader.scroll_y / leader.max_scroll_y * follower.max_scroll_y, animate=False)

    def where(self) -> str:
        return self.session.text(self.lesson.title)

    @property
    def last(self) -> bool:
        return self.section == len(self.lesson.sections) - 1

    def refresh_language(self, at_heading: bool = False) -> None:
        """Re-render in the current language: at the same depth, or at the section's heading."""
        super().refresh_language()
        sections = len(self.lesson.sections)
        heading = self.session.text(self.lesson.sections[self.section].heading)
        position = Text(_("Section {n} of {total}").format(n=self.section + 1, total=sections) + ": ", style="bold")
        position.append(heading)
        position.append("  " + "".join("●" if i <= self.section else "○" for i in range(sections)), style="dim")
        self.query_one("#position", Label).update(position)
        self.query_one("#single").display = not self.parallel
        self.query_one("#parallel").display = self.parallel
        if self.parallel:
            first, second = current_locale(), self._other_locale()
            self.query_one("#left-language", Label).update(Text(language_name(first)))
            self.query_one("#right-language", Label).update(Text(language_name(second)))
            self.query_one("#left-body", Markdown).update(self._markdown(first))
            self.query_one("#right-body", Markdown).update(self._markdown(second))
        else:
            scroller = self.query_one("#single", VerticalScroll)
            ratio = 0.0 if at_heading or not scroller.max_scroll_y else scroller.scroll_y / scroller.max_scroll_y
            self._show_at(scroller, self._markdown(current_locale()), ratio)
        self.query_one("#next-step", Static).update(self._next_step_text())

    def _show_at(self, scroller: VerticalScroll, markdown: str, ratio: float) -> None:
        """Show `markdown` scrolled to `ratio` of its depth (0: the heading at the top)."""

        async def restore() -> None:
            await self.query_one("#body", Markdown).update(markdown)
            scroller.call_after_refresh(lambda: scroller.scroll_to(y=ratio * scroller.max_scroll_y, animate=False))

        self.call_later(restore)

    def _markdown(self, locale: str) -> str:
        section = self.lesson.sections[self.section]
        parts = [f"## {self.session.text(section.heading, locale)}"]
        if section.as_of is not None:
            parts.append(f"*{as_of(section.as_of, locale)}*")
        parts.append(self.session.text(section.body, locale))
        if self.last:
            parts.append(sources_markdown(self.session, self.lesson.sources, locale))
        return "\n\n".join(parts)

    def _other_locale(self) -> str:
        locales = self.session.locales
        here = current_locale()
        others = [loc for loc in locales if loc != here]
        return others[0] if others else here

    def _next_step_text(self) -> Text:
        if self.section == 0 and not self.last:
            return Text(_("→ next section   F3 side by side   g terms"), style="dim")
        if not self.last:
            return Text(_("→ next section   ← previous section   F3 side by side   g terms"), style="dim")
        if self.lesson.quiz:
            return Text(_("You have reached the end of this lesson. Press Enter to take the quiz."), style="bold")
        return Text(_("You have reached the end of this lesson."), style="bold")

    # -- moving -----------------------------------------------------------------------------

    def _save(self) -> None:
        now = time.monotonic()
        seconds = int(min(now - self._since, MAX_SECONDS_PER_SECTION))
        self._since = now
        self.saved(
            lambda: self.session.store.save_position(
                self.session.profile_id, self.lesson.id, self.section, len(self.lesson.sections), seconds
            )
        )

    def _go(self, section: int) -> None:
        if 0 <= section < len(self.lesson.sections) and section != self.section:
            self.section = section
            self._save()
            for scroller in self.query(".lesson-body").results(VerticalScroll):
                scroller.scroll_home(animate=False, immediate=True)
            self.refresh_language(at_heading=True)
            self.refresh_bindings()  # ← → and Enter depend on the section

    def action_next(self) -> None:
        self._go(self.section + 1)

    def action_previous(self) -> None:
        self._go(self.section - 1)

    def action_parallel(self) -> None:
        self.parallel = not self.parallel
        self.refresh_language()
        self.query_one("#left-scroll" if self.parallel else "#single").focus()

    def action_glossary(self) -> None:
        from course.tui.screens.glossary import GlossaryScreen

        self.app.push_screen(GlossaryScreen(self.session, self.lesson.key_terms))

    def action_quiz(self) -> None:
        from course.tui.screens.quiz_intro import QuizIntroScreen

        if not self.last:
            self.action_next()
            return
        if self.lesson.quiz:
            self._save()
            self.app.switch_screen(QuizIntroScreen(self.session, self.lesson.quiz))

    def action_back(self) -> None:
        self._save()
        self.app.pop_screen()

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        # Lessons may cite web pages; a click shows the address, it never opens or runs anything.
        event.stop()
        self.notify(event.href, markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quiz":
            return self.last and bool(self.lesson.quiz)
        if action == "next":
            return not self.last
        if action == "previous":
            return self.section > 0
        return True

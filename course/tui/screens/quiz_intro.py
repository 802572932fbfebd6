"""Before a quiz: what it is, how it is marked, past results; start, resume or review.

Resuming an attempt that another window holds asks first whether to take it over (that
window then stops taking answers); a quiz screen whose attempt was taken over comes back
here with a notice saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from course.content.outline import OutlineQuiz
from course.i18n import N_, _, format_datetime, format_percent, ngettext
from course.progress import AttemptHeld, AttemptRecord, StoreError, parse_time
from course.progress.runs import QuizRun
from course.progress.status import quiz_summary
from course.tui.screens.base import CourseScreen
from course.tui.session import Session

if TYPE_CHECKING:
    from course.content import Course


class QuizIntroScreen(CourseScreen):
    """The door to a quiz."""

    DEFAULT_CSS = """
    #quiz-intro { padding: 1 2; }
    #intro-history { margin-top: 1; }
    """

    BINDINGS = [
        Binding("enter", "start", N_("Start")),
        Binding("n", "new_attempt", N_("New attempt")),
        Binding("r", "review", N_("Review last attempt")),
        Binding("escape,q", "back", N_("Back")),
    ]

    def __init__(self, session: Session, quiz_id: str, notice: Callable[[], str] | None = None) -> None:
        super().__init__(session)
        self.quiz: OutlineQuiz = session.outline.quizzes[quiz_id]
        self.notice = notice  # why the trainee is back here, in the current language

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with Vertical(id="quiz-intro"):
            yield Static(id="intro-notice", classes="error")
            yield Static(id="intro-title", classes="section-title")
            yield Static(id="intro-body")
            yield Static(id="intro-history")
            yield Static(id="intro-action", classes="call-to-action")

    def where(self) -> str:
        return self.session.text(self.quiz.title)

    def refresh_language(self) -> None:
        self.summary = quiz_summary(self.session.store, self.session.profile_id, self.quiz.id)
        super().refresh_language()
        quiz = self.quiz
        count = quiz.per_attempt
        notice = self.query_one("#intro-notice", Static)
        notice.display = self.notice is not None
        if self.notice is not None:
            notice.update(Text("⚠ " + self.notice()))
        self.query_one("#intro-title", Static).update(Text(self.session.text(quiz.title), style="bold"))
        body = Text()
        if quiz.description:
            body.append(self.session.text(quiz.description) + "\n\n")
        body.append("• " + ngettext("{n} question", "{n} questions", count).format(n=count) + "\n")
        body.append("• " + _("Pass mark: {percent}").format(percent=format_percent(quiz.pass_mark / 100)) + "\n")
        if quiz.mode == "exam":
            body.append("• " + _("Exam: answers, explanations and sources are shown at the end.") + "\n")
        else:
            body.append(
                "• " + _("Practice: after each answer you see whether it is right, why, and the source.") + "\n"
            )
        if quiz.time_limit_minutes:
            body.append(
                "• "
                + ngettext("Time limit: {n} minute", "Time limit: {n} minutes", quiz.time_limit_minutes).format(
                    n=quiz.time_limit_minutes
                )
                + "\n"
            )
        self.query_one("#intro-body", Static).update(body)
        history = Text()
        if self.summary.attempts:
            history.append(
                ngettext("{n} attempt so far", "{n} attempts so far", self.summary.attempts).format(
                    n=self.summary.attempts
                )
            )
            history.append(
                " · "
                + _("best {best}, latest {latest}").format(
                    best=format_percent(self.summary.best or 0), latest=format_percent(self.summary.latest or 0)
                )
            )
            if self.summary.passed:
                history.append(" · " + _("passed"), style="bold")
        self.query_one("#intro-history", Static).update(history)
        action = Text()
        unfinished = self.summary.unfinished
        if unfinished is not None:
            answered = len(unfinished.responses)
            action.append(
                _(
                    "You have an unfinished attempt from {when} ({answered} of {total} answered). "
                    "Enter resumes it; n starts a new one."
                ).format(
                    when=format_datetime(parse_time(unfinished.started_at).astimezone(), "short"),
                    answered=answered,
                    total=len(unfinished.plan),
                )
            )
        else:
            action.append(_("Press Enter to start."))
        self.query_one("#intro-action", Static).update(action)

    def key_label(self, action: str) -> str | None:
        if action == "start" and self.summary.unfinished is not None:
            return _("Resume")  # as the text above says: "Enter resumes it"
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_attempt":
            return self.summary.unfinished is not None
        if action == "review":
            return self.summary.attempts > 0
        return True

    @work(exclusive=True, group="open")
    async def action_start(self) -> None:
        course = await self.course_app.full_course()
        # Read again: another window may have started, finished or left an attempt meanwhile.
        unfinished = quiz_summary(self.session.store, self.session.profile_id, self.quiz.id).unfinished
        run = await self._resume(unfinished) if unfinished is not None else self._new(course)
        if run is not None:
            self._open(run)
        else:
            self.refresh_language()

    @work(exclusive=True, group="open")
    async def action_new_attempt(self) -> None:
        from course.tui.screens.dialogs import ConfirmDialog

        unfinished = quiz_summary(self.session.store, self.session.profile_id, self.quiz.id).unfinished
        if unfinished is None:
            self.refresh_language()
            return
        close = ConfirmDialog(
            lambda: _("Start a new attempt? The unfinished one will be closed and scored as it stands.")
        )
        if not await self.app.push_screen_wait(close):
            return
        course = await self.course_app.full_course()
        old = await self._resume(unfinished)  # an attempt is only closed by the window holding it
        # Scored as it stands: an attempt is never silently discarded.
        if old is None or not self.saved(old.finish):
            self.refresh_language()
            return
        run = self._new(course)
        if run is not None:
            self._open(run)

    async def _resume(self, unfinished: AttemptRecord) -> QuizRun | None:
        """Hold the unfinished attempt, asking first if another window has it; None if not."""
        from course.tui.screens.dialogs import ConfirmDialog

        quiz = self.session.content.quizzes[self.quiz.id]
        try:
            return QuizRun.resume(self.session.content, quiz, self.session.store, unfinished)
        except AttemptHeld:
            take_over = ConfirmDialog(
                lambda: _(
                    "This quiz is open in another window (or was, until less than a minute ago). Take it "
                    "over here? The other window will stop taking answers; every answer it saved is kept."
                ),
                lambda: _("Take over"),
                lambda: _("Cancel"),
            )
            if not await self.app.push_screen_wait(take_over):
                return None
        except StoreError as error:  # finished or reset elsewhere, or the disk refused
            self.notify(str(error), severity="warning", timeout=15, markup=False)
            return None
        try:
            return QuizRun.resume(self.session.content, quiz, self.session.store, unfinished, take_over=True)
        except StoreError as error:
            self.notify(str(error), severity="warning", timeout=15, markup=False)
            return None

    def _new(self, course: Course) -> QuizRun | None:
        seed = self.session.seed() if self.session.seed else None
        try:
            return QuizRun.start(
                course, course.quizzes[self.quiz.id], self.session.store, self.session.profile_id, seed
            )
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=15, markup=False)
            return None

    def _open(self, run: QuizRun) -> None:
        from course.tui.screens.quiz import QuizScreen
        from course.tui.screens.results import ResultsScreen

        if run.exam and run.seconds_left(self.session.clock()) == 0:
            # The time ran out while the program was closed.
            if self.saved(run.finish):
                self.app.switch_screen(ResultsScreen(self.session, run.record.id))
            else:
                self.saved(run.release)
            return
        self.app.switch_screen(QuizScreen(self.session, run))

    @work(exclusive=True, group="open")
    async def action_review(self) -> None:
        from course.tui.screens.results import ResultsScreen

        await self.course_app.full_course()
        finished = [a for a in self.session.store.attempts(self.session.profile_id, self.quiz.id) if a.finished]
        if finished:
            self.app.push_screen(ResultsScreen(self.session, finished[-1].id))

    def action_back(self) -> None:
        self.app.pop_screen()

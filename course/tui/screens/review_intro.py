"""Before a review session: what is due, today's limit (which the learner sets here), start.

Starting asks first when another window has the learner's review open (taking it over
closes that one, every answer it saved kept); a review screen whose session was taken over
comes back here with a notice saying so. After a session, this page says how it went.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from course.i18n import N_, _, ngettext
from course.progress import AttemptHeld, StoreError
from course.progress.review import ReviewStatus, review_of
from course.progress.runs import ReviewRun
from course.progress.spacing import MAX_LIMIT
from course.tui.due import DueRedraw
from course.tui.review_texts import review_summary
from course.tui.screens.base import CourseScreen
from course.tui.screens.course_map import REVIEW_REFRESH_SECONDS
from course.tui.session import Session

LIMIT_STEP = 5


def next_limit(limit: int, direction: int) -> int:
    """The daily limit after + (direction 1) or − (-1): by one up to 5, then by fives, 1 to MAX_LIMIT."""
    if direction > 0:
        wanted = limit + 1 if limit < LIMIT_STEP else (limit // LIMIT_STEP + 1) * LIMIT_STEP
    else:
        wanted = limit - 1 if limit <= LIMIT_STEP else ((limit - 1) // LIMIT_STEP) * LIMIT_STEP
    return max(1, min(MAX_LIMIT, wanted))


class ReviewIntroScreen(CourseScreen):
    """The door to the review."""

    DEFAULT_CSS = """
    #review-intro { padding: 1 2; }
    #review-done { margin-bottom: 1; }
    #review-limit { margin-top: 1; }
    """

    BINDINGS = [
        Binding("enter", "start", N_("Start")),
        Binding("plus,equals_sign", "limit(1)", N_("More a day")),
        Binding("minus", "limit(-1)", N_("Fewer a day")),
        Binding("escape,q", "back", N_("Back")),
    ]

    def __init__(
        self,
        session: Session,
        notice: Callable[[], str] | None = None,
        finished: int | None = None,
        start: bool = False,
    ) -> None:
        super().__init__(session)
        self.notice = notice  # why the trainee is back here, in the current language
        self.finished = finished  # the session just finished, to say how it went
        self.autostart = start  # begin the session at once if anything is due (`cybercourse review`)
        self.status: ReviewStatus | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with Vertical(id="review-intro"):
            yield Static(id="intro-notice", classes="error")
            yield Static(id="review-done")
            yield Static(id="intro-title", classes="section-title")
            yield Static(id="intro-body")
            yield Static(id="review-limit")
            yield Static(id="intro-action", classes="call-to-action")

    def where(self) -> str:
        return _("Review")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(REVIEW_REFRESH_SECONDS, self._review_clock)

    def _review_clock(self) -> None:
        """Questions fall due while the page is open: say so (and offer to start)."""
        if self.is_current:
            self.refresh_language()

    @functools.cached_property
    def _due_redraw(self) -> DueRedraw:
        return DueRedraw(self, self._review_clock)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.autostart:
            self.autostart = False
            if self.status is not None and self.status.today:
                self.action_start()

    def refresh_language(self) -> None:
        self.status = status = review_of(self.session.outline, self.session.store, self.session.profile_id).status
        self._due_redraw.plan(status.next_due if status else None, self.session.clock())
        super().refresh_language()
        notice = self.query_one("#intro-notice", Static)
        notice.display = self.notice is not None
        if self.notice is not None:
            notice.update(Text("⚠ " + self.notice()))
        done = self.query_one("#review-done", Static)
        done.display = self.finished is not None
        if self.finished is not None:
            done.update(self._how_it_went(self.finished))
        self.query_one("#intro-title", Static).update(Text(_("Review"), style="bold"))
        body = Text(
            _(
                "Every question you answer in a quiz comes back here when you are about to forget it "
                "(scheduled by FSRS, a spaced repetition method). Each answer is marked at once, with "
                "its explanation and source, as in practice."
            )
            + "\n\n"
        )
        body.append(review_summary(status, self.session.clock()))
        self.query_one("#intro-body", Static).update(body)
        self.query_one("#review-limit", Static).update(
            Text(
                ngettext(
                    "Daily limit: {n} question (+ and - change it).",
                    "Daily limit: {n} questions (+ and - change it).",
                    status.limit,
                ).format(n=status.limit),
                style="dim",
            )
        )
        action = Text()
        if status.today:
            action.append(
                ngettext(
                    "Press Enter to start ({n} question).", "Press Enter to start ({n} questions).", status.today
                ).format(n=status.today)
            )
        elif status.due:
            action.append(_("Today's limit is reached. Come back tomorrow, or press + to review more today."))
        self.query_one("#intro-action", Static).update(action)
        self.refresh_bindings()

    def _how_it_went(self, attempt_id: int) -> Text:
        try:
            record = self.session.store.attempt(attempt_id)
        except StoreError:
            return Text()
        right = sum(1 for response in record.responses.values() if response.score >= 1 - 1e-9)
        return Text(
            ngettext(
                "Review done: {right} of {total} right.", "Review done: {right} of {total} right.", len(record.plan)
            ).format(right=right, total=len(record.plan)),
            style="bold",
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self.status is not None and self.status.today > 0
        return True

    def action_limit(self, direction: int) -> None:
        if self.status is None:
            return
        wanted = next_limit(self.status.limit, direction)
        if wanted != self.status.limit and self.saved(
            lambda: self.session.store.set_review_limit(self.session.profile_id, wanted)
        ):
            self.refresh_language()

    @work(exclusive=True, group="open")
    async def action_start(self) -> None:
        from course.tui.screens.dialogs import ConfirmDialog
        from course.tui.screens.review import ReviewScreen

        course = await self.course_app.full_course()
        seed = self.session.seed() if self.session.seed else None
        store, profile_id = self.session.store, self.session.profile_id
        try:
            run = ReviewRun.begin(course, store, profile_id, seed)
        except AttemptHeld:
            take_over = ConfirmDialog(
                lambda: _(
                    "The review is open in another window (or was, until less than a minute ago). Review "
                    "here instead? The other window will stop taking answers; every answer it saved is kept."
                ),
                lambda: _("Review here"),
                lambda: _("Cancel"),
            )
            if not await self.app.push_screen_wait(take_over):
                return
            try:
                run = ReviewRun.begin(course, store, profile_id, seed, take_over=True)
            except StoreError as error:
                self.notify(str(error), severity="warning", timeout=15, markup=False)
                return
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=15, markup=False)
            return
        if run is None:  # answered meanwhile in another window, or the day's limit reached
            self.refresh_language()
            return
        self.notice = None
        self.app.switch_screen(ReviewScreen(self.session, run))

    def action_back(self) -> None:
        self.app.pop_screen()

"""A review session: the quiz runner on the questions due, marked and explained as in practice.

Everything but where it leads is the quiz screen's: one question at a time, the answer (and
its card's rating) committed before the feedback, the explanation and source at once, F2.
"""

from __future__ import annotations

from textual.screen import Screen

from course.i18n import _
from course.progress.runs import ReviewRun
from course.tui.screens.quiz import QuizScreen
from course.tui.session import Session


class ReviewScreen(QuizScreen):
    """The due questions of every lesson, most overdue first, within today's limit."""

    def __init__(self, session: Session, run: ReviewRun) -> None:
        super().__init__(session, run)

    def where(self) -> str:
        return _("Review")

    def leave_question(self) -> str:
        return _("Leave the review? Your answers are saved; the questions not answered yet stay due.")

    def after_finish(self) -> Screen[None]:
        """Back to the review page, which says how the session went."""
        from course.tui.screens.review_intro import ReviewIntroScreen

        return ReviewIntroScreen(self.session, finished=self.run.record.id)

    def leave_lost(self) -> None:
        from course.tui.screens.review_intro import ReviewIntroScreen

        self.app.switch_screen(ReviewIntroScreen(self.session, notice=self.lost_notice))

"""A screen that holds a quiz attempt while it is open (two windows on one learner).

The store lets one window at a time hold an attempt (course/progress/store.py). This screen
renews the hold while it is open and lets it go when it closes. When another window has
taken the attempt over, the next write or renewal says so (AttemptLost): the screen stops
taking answers and says what happened; Esc takes the trainee back to the quiz's intro,
which says it again. Every answer saved before is kept; an answer refused for that reason
is said to be unsaved.
"""

from __future__ import annotations

import contextlib

from course.i18n import _
from course.progress import AttemptLost, StoreError
from course.progress.runs import QuizRun
from course.progress.store import RENEW_SECONDS
from course.tui.screens.base import CourseScreen
from course.tui.session import Session
from course.tui.widgets.questions import AnswerInput


class HoldingScreen(CourseScreen):
    """A course screen answering one attempt, which it holds in the store."""

    def __init__(self, session: Session, run: QuizRun) -> None:
        super().__init__(session)
        self.run = run
        self.lost: AttemptLost | None = None  # another window has the attempt now
        self.lost_answer = False  # ... and the answer given last was refused for that

    def hold(self) -> None:
        """Keep holding the attempt while the screen is open (call once, when mounted)."""
        self.set_interval(RENEW_SECONDS, self._renew)

    def on_unmount(self) -> None:
        if self.lost is None and not self.run.record.finished:
            with contextlib.suppress(StoreError):  # the hold runs out by itself soon anyway
                self.run.release()

    def _renew(self) -> None:
        if self.lost is not None:
            return
        try:
            self.run.renew()
        except AttemptLost as lost:
            self.taken_over(lost)
        except StoreError:
            pass  # a busy or full disk: the next answer says so, and the hold lasts a while yet

    def taken_over(self, lost: AttemptLost, answer_refused: bool = False) -> None:
        """Stop taking answers and say why, where the trainee is looking; Esc then leaves.

        The screen does not go away by itself: keys typed for an answer at that moment
        would otherwise land on the next screen as commands.
        """
        if self.lost is None:
            self.app.bell()
        self.lost = lost
        self.lost_answer = self.lost_answer or answer_refused
        for widget in self.query(AnswerInput):
            widget.disabled = True
        self.refresh_bindings()
        self.show_lost()

    def show_lost(self) -> None:
        """Put `lost_notice()` on screen (the quiz screen: in place of its status line)."""

    def lost_notice(self) -> str:
        """What happened, in the current language."""
        assert self.lost is not None
        told = self.lost.explain()
        return told + " " + _("The answer you had just given was not saved.") if self.lost_answer else told

    def leave_lost(self) -> None:
        """To the quiz's intro, which keeps saying what happened."""
        from course.tui.screens.quiz_intro import QuizIntroScreen

        self.app.switch_screen(QuizIntroScreen(self.session, self.run.quiz.id, notice=self.lost_notice))

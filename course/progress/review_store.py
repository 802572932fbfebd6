"""The spaced-review part of the progress store's interface, and the rules every backend applies.

See store.py for the whole interface (ProgressStore is a ReviewStore) and spacing.py for the
scheduling. Every rule here is taken by a backend inside the write that depends on it.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from course.i18n import _
from course.progress import spacing
from course.progress.errors import StoreError
from course.progress.records import AttemptRecord, CardRecord, ReviewRecord
from course.quiz import Presented

if TYPE_CHECKING:
    import fsrs

REVIEW = ":review"  # the quiz id of review sessions; never a content id (ids have no colon)
Present = Callable[[list[str]], list[Presented]]  # question ids to ask -> how each is shown


class ReviewStore(ABC):
    """Cards, their ratings and review sessions, for one learner database."""

    clock: Callable[[], dt.datetime]
    _scheduler: fsrs.Scheduler | None

    @abstractmethod
    def now(self) -> str:
        """The clock's moment as the store writes moments."""

    @property
    def scheduler(self) -> fsrs.Scheduler:
        """The FSRS scheduler of this store's cards (py-fsrs's defaults unless one was given)."""
        if self._scheduler is None:
            self._scheduler = spacing.default_scheduler()
        return self._scheduler

    @abstractmethod
    def cards(self, profile_id: int) -> list[CardRecord]:
        """Every card of the learner, those of questions no longer in the course included."""

    @abstractmethod
    def review_log(self, profile_id: int) -> list[ReviewRecord]:
        """Every rating the learner's cards had, oldest first."""

    @abstractmethod
    def reviews_since(self, profile_id: int, since: dt.datetime) -> int:
        """How many answers the learner gave in review sessions since `since`."""

    @abstractmethod
    def set_review_limit(self, profile_id: int, limit: int) -> None:
        """How many questions a day the learner's review sessions ask at most (see `check_limit`)."""

    @abstractmethod
    def start_review(
        self, profile_id: int, questions: Collection[str], present: Present, seed: int, take_over: bool = False
    ) -> AttemptRecord | None:
        """A new review session held by this store, or None when nothing is due today.

        Inside one write: an open session another window holds refuses (`may_start_review`) unless
        `take_over`; open sessions are finished; then the questions are `review_questions`
        of the cards as they are now, shown as `present` says.
        """

    # -- spaced review: decisions every backend takes inside its write transaction ------------

    def reviewed(
        self, card: CardRecord | None, question_id: str, score: float, hint_used: bool, at: dt.datetime
    ) -> tuple[CardRecord, int]:
        """The card after an answer scoring `score` at `at`, and the rating it was given."""
        rating = spacing.rating_for(score, hint_used)
        return spacing.review(self.scheduler, card, question_id, rating, at), rating

    @staticmethod
    def rated_at_answer(mode: str) -> bool:
        """Practice and review answers rate their card at once; an exam's, when it is finished."""
        return mode != "exam"

    def review_questions(
        self, cards: list[CardRecord], questions: Collection[str], done_today: int, limit: int
    ) -> list[str]:
        """The questions a review session started now asks: due, most overdue first, within today's limit."""
        room = max(0, limit - done_today)
        return [card.question_id for card in spacing.due_now(cards, questions, self.now())[:room]]

    def today_start(self) -> dt.datetime:
        return spacing.day_start(self.clock())

    @staticmethod
    def check_limit(limit: int) -> int:
        try:
            return spacing.check_limit(limit)
        except ValueError:
            raise StoreError(
                _("The daily review limit is a whole number from 1 to {most}.").format(most=spacing.MAX_LIMIT)
            ) from None

"""Review cards in a trainee's class outbox: computed on the local copy, sent with their changes.

The part of ClassroomStore (outbox.py) that spaced review adds: the SQLite store's own code
rates the card on the local copy (sqlite_cards.py); these hooks put what it computed into
the change queued in the same transaction, so the server writes the same cards, once
(review_changes.py), and a review session gets the same id on both.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from course.progress.postgres.cards import rated
from course.progress.postgres.changes import Change, new_attempt_id
from course.progress.records import AttemptRecord, CardRecord
from course.progress.review_store import Present
from course.progress.sqlite_store import SqliteStore

T = TypeVar("T")


class OutboxCards(SqliteStore):
    """Spaced review for ClassroomStore, which supplies the outgoing change and the queueing."""

    _outgoing: Change | None

    @abstractmethod
    def _queued(self, change: Change, write: Callable[[], T]) -> T: ...

    @abstractmethod
    def _lease_args(self, attempt_id: int, **more: Any) -> dict[str, Any]: ...

    def _rated(self, card: CardRecord, rating: int, at: str) -> None:
        if self._outgoing is not None:  # the answer's (or finished exam's) change carries its cards
            self._outgoing.args.setdefault("cards", []).append(rated(card, rating, at))

    def _review_id(self) -> int | None:
        return new_attempt_id()  # the server's review session has the same id

    def _review_started(self, profile_id: int, session_id: int, seed: int, plan: str | None, take_over: bool) -> None:
        if self._outgoing is not None:
            self._outgoing.args.update(
                self._lease_args(session_id, profile_id=profile_id, seed=seed, plan=plan, take_over=take_over)
            )

    def start_review(
        self, profile_id: int, questions: Collection[str], present: Present, seed: int, take_over: bool = False
    ) -> AttemptRecord | None:
        change = Change("start_review", {})
        return self._queued(
            change, lambda: SqliteStore.start_review(self, profile_id, questions, present, seed, take_over)
        )

    def set_review_limit(self, profile_id: int, limit: int) -> None:
        change = Change("set_review_limit", {"profile_id": profile_id, "limit": limit, "now": self.now()})
        self._queued(change, lambda: SqliteStore.set_review_limit(self, profile_id, limit))

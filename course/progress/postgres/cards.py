"""Review cards on the class server: the part of PostgresStore that spaced review adds.

The rules are the store's (review_store.py) and the scheduling py-fsrs's (spacing.py): a
card is computed here, from the server's card read under a lock on the learner's row, and
written by the change that records the answer (review_changes.py), in one transaction, so
two windows answering at once never rate from the same old card.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from abc import abstractmethod
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from typing import Any, TypeVar

import psycopg

from course.progress.postgres.changes import Change, new_attempt_id
from course.progress.records import AttemptRecord, CardRecord, ReviewRecord, card_from_row, review_from_row
from course.progress.review_store import REVIEW, Present
from course.progress.store import Lease, ProgressStore, iso

T = TypeVar("T")
CARD = """SELECT question_id, state, step, stability, difficulty, due, last_review, reviews FROM cards"""
REVIEWS = """SELECT question_id, rating, reviewed_at, kind, attempt_id FROM review_log"""


def rated(card: CardRecord, rating: int, at: str) -> dict[str, Any]:
    """A card as a change carries it (review_changes.RATED): the card after the rating, and the rating."""
    return {**card._asdict(), "rating": rating, "reviewed_at": at}


class PostgresCards(ProgressStore):
    """Spaced review on the class server; the connection and its errors are PostgresStore's."""

    _conn: psycopg.Connection
    _lock: threading.RLock

    @abstractmethod
    def _errors(self) -> AbstractContextManager[None]: ...

    @abstractmethod
    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]: ...

    @abstractmethod
    def _records(self, build: Callable[[Any], T], sql: str, args: tuple[Any, ...] = ()) -> list[T]: ...

    @abstractmethod
    def apply(self, change: Change) -> bool: ...

    def _learner_locked(self, profile_id: int) -> None:
        """Inside a transaction: hold the learner's row, so that their ratings happen one at a time."""
        self._conn.execute("SELECT 1 FROM profiles WHERE id = %s FOR UPDATE", (profile_id,))

    def _ratings(
        self, attempt_id: int, answers: list[tuple[str, float, bool]], at_answer: bool
    ) -> list[dict[str, Any]]:
        """Inside a transaction: the cards these answers of the attempt make now. `at_answer`: an answer
        just given (rated unless the attempt is an exam), else an attempt being finished (rated if an
        exam). None for an attempt this role cannot see: the change is then refused anyway."""
        found = self._rows("SELECT profile_id, mode FROM attempts WHERE id = %s", (attempt_id,))
        if not found or self.rated_at_answer(str(found[0]["mode"])) != at_answer:
            return []
        profile_id = int(found[0]["profile_id"])
        self._learner_locked(profile_id)
        at = self.clock()
        made = []
        for question_id, score, hint_used in answers:
            current = self._records(
                card_from_row, CARD + " WHERE profile_id = %s AND question_id = %s", (profile_id, question_id)
            )
            card, rating = self.reviewed(current[0] if current else None, question_id, score, hint_used, at)
            made.append(rated(card, rating, iso(at)))
        return made

    def _rated_change(
        self, change: Change, answers: Callable[[], list[tuple[str, float, bool]]], at_answer: bool
    ) -> None:
        """Apply an answer's (or a finished exam's) change with the cards it makes, in one transaction."""
        with self._lock, self._errors(), self._conn.transaction():
            change.args["cards"] = self._ratings(int(change.args["attempt_id"]), answers(), at_answer)
            self.apply(change)

    def _exam_answers(self, attempt_id: int) -> list[tuple[str, float, bool]]:
        found = self._rows(
            "SELECT question_id, score, hint_used FROM responses WHERE attempt_id = %s ORDER BY question_id",
            (attempt_id,),
        )
        return [(str(row["question_id"]), float(row["score"]), bool(row["hint_used"])) for row in found]

    # -- the interface ----------------------------------------------------------------------------

    def cards(self, profile_id: int) -> list[CardRecord]:
        return self._records(card_from_row, CARD + " WHERE profile_id = %s ORDER BY due, question_id", (profile_id,))

    def review_log(self, profile_id: int) -> list[ReviewRecord]:
        return self._records(review_from_row, REVIEWS + " WHERE profile_id = %s ORDER BY id", (profile_id,))

    def reviews_since(self, profile_id: int, since: dt.datetime) -> int:
        found = self._rows(
            "SELECT count(*) AS n FROM review_log WHERE profile_id = %s AND kind = 'review' AND reviewed_at >= %s",
            (profile_id, iso(since)),
        )
        return int(found[0]["n"])

    def set_review_limit(self, profile_id: int, limit: int) -> None:
        limit = self.check_limit(limit)
        self.apply(Change("set_review_limit", {"profile_id": profile_id, "limit": limit, "now": self.now()}))

    def start_review(
        self, profile_id: int, questions: Collection[str], present: Present, seed: int, take_over: bool = False
    ) -> AttemptRecord | None:
        with self._lock, self._errors(), self._conn.transaction():
            self._learner_locked(profile_id)
            self.may_start_review(self._review_leases(profile_id), take_over)
            done = self.reviews_since(profile_id, self.today_start())
            limit = self.profile(profile_id).review_limit
            asked = self.review_questions(self.cards(profile_id), questions, done, limit)
            plan = json.dumps([p.to_json() for p in present(asked)]) if asked else None
            change = Change(
                "start_review",
                {
                    "attempt_id": new_attempt_id(),
                    "profile_id": profile_id,
                    "seed": seed,
                    "plan": plan,
                    "take_over": take_over,
                    "holder": self.holder,
                    "lease_end": self.lease_end(),
                    "now": self.now(),
                },
            )
            self.apply(change)
        return self.attempt(change.args["attempt_id"]) if plan is not None else None

    def review_snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """The cards and ratings this role may see, in the local store's columns (PostgresStore.snapshot)."""
        return {
            "cards": self._rows(
                "SELECT profile_id, question_id, state, step, stability, difficulty, due, last_review, reviews "
                "FROM cards"
            ),
            "review_log": self._rows(
                "SELECT id, profile_id, question_id, rating, reviewed_at, kind, attempt_id FROM review_log"
            ),
        }

    def _review_leases(self, profile_id: int) -> list[Lease]:
        found = self._rows(
            "SELECT holder, held_until FROM attempts WHERE profile_id = %s AND quiz_id = %s AND finished_at IS NULL",
            (profile_id, REVIEW),
        )
        return [Lease(True, False, row["holder"], row["held_until"]) for row in found]

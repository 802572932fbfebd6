"""Review cards in the SQLite progress file: the cards, their ratings, review sessions.

The part of SqliteStore that spaced review adds (see store.py and spacing.py for the rules);
SqliteStore supplies the connection and its transactions.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from abc import abstractmethod
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, TypeVar

from course.i18n import _
from course.progress.database import damaged
from course.progress.records import AttemptRecord, CardRecord, ReviewRecord, Row, card_from_row, review_from_row
from course.progress.review_store import REVIEW, Present
from course.progress.store import Lease, ProgressStore, iso

T = TypeVar("T")


class SqliteCards(ProgressStore):
    """Spaced review on SQLite; the connection and its transactions are SqliteStore's."""

    path: Path

    @abstractmethod
    def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

    @abstractmethod
    def _records(self, build: Callable[[sqlite3.Row], T], sql: str, args: tuple[Any, ...] = ()) -> list[T]: ...

    def _card(self, conn: sqlite3.Connection, profile_id: int, question_id: str) -> CardRecord | None:
        cursor = conn.execute("SELECT * FROM cards WHERE profile_id = ? AND question_id = ?", (profile_id, question_id))
        cursor.row_factory = sqlite3.Row
        row: Row | None = cursor.fetchone()
        if row is None:
            return None
        try:
            return card_from_row(row)
        except (ValueError, TypeError, KeyError):
            raise damaged(self.path, _("it holds values that cybercourse did not write")) from None

    def _rate(
        self,
        conn: sqlite3.Connection,
        attempt_id: int,
        question_id: str,
        score: float,
        hint_used: bool,
    ) -> None:
        """Inside a write: rate the learner's card for `question_id` by this answer, and log it."""
        profile_id, mode = conn.execute("SELECT profile_id, mode FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        at = self.clock()
        card, rating = self.reviewed(self._card(conn, profile_id, question_id), question_id, score, hint_used, at)
        conn.execute(
            """INSERT INTO cards
                   (profile_id, question_id, state, step, stability, difficulty, due, last_review, reviews)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (profile_id, question_id) DO UPDATE SET
                   state = excluded.state, step = excluded.step, stability = excluded.stability,
                   difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review,
                   reviews = excluded.reviews""",
            (profile_id, *card),
        )
        conn.execute(
            """INSERT INTO review_log (profile_id, question_id, rating, reviewed_at, kind, attempt_id)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (profile_id, question_id, rating, iso(at), mode, attempt_id),
        )
        self._rated(card, rating, iso(at))

    def _rated(self, card: CardRecord, rating: int, at: str) -> None:
        """Inside the write that rated `card`: what a store copying its writes elsewhere sends (outbox.py)."""

    def _review_id(self) -> int | None:
        """The id of a new review session; None lets SQLite choose (a class copy makes the server's)."""
        return None

    def _review_started(self, profile_id: int, session_id: int, seed: int, plan: str | None, take_over: bool) -> None:
        """Inside the write that started a review (or only closed the open ones, `plan` None)."""

    def _rate_exam(self, conn: sqlite3.Connection, attempt_id: int) -> None:
        """Inside the write finishing an exam: rate each of its answers, now final."""
        rows = conn.execute(
            "SELECT question_id, score, hint_used FROM responses WHERE attempt_id = ? ORDER BY question_id",
            (attempt_id,),
        ).fetchall()
        for question_id, score, hint_used in rows:
            self._rate(conn, attempt_id, question_id, score, bool(hint_used))

    def cards(self, profile_id: int) -> list[CardRecord]:
        return self._records(
            card_from_row, "SELECT * FROM cards WHERE profile_id = ? ORDER BY due, question_id", (profile_id,)
        )

    def review_log(self, profile_id: int) -> list[ReviewRecord]:
        return self._records(
            review_from_row, "SELECT * FROM review_log WHERE profile_id = ? ORDER BY id", (profile_id,)
        )

    def reviews_since(self, profile_id: int, since: dt.datetime) -> int:
        rows = self._records(
            lambda row: int(row[0]),
            "SELECT count(*) FROM review_log WHERE profile_id = ? AND kind = 'review' AND reviewed_at >= ?",
            (profile_id, iso(since)),
        )
        return rows[0]

    def set_review_limit(self, profile_id: int, limit: int) -> None:
        limit = self.check_limit(limit)
        with self._write() as conn:
            conn.execute("UPDATE profiles SET review_limit = ? WHERE id = ?", (limit, profile_id))

    def start_review(
        self, profile_id: int, questions: Collection[str], present: Present, seed: int, take_over: bool = False
    ) -> AttemptRecord | None:
        with self._write() as conn:
            open_sessions = conn.execute(
                "SELECT id, holder, held_until FROM attempts "
                "WHERE profile_id = ? AND quiz_id = ? AND finished_at IS NULL",
                (profile_id, REVIEW),
            ).fetchall()
            self.may_start_review(
                [Lease(True, False, holder, until) for _id, holder, until in open_sessions], take_over
            )
            for session_id, *_lease in open_sessions:
                self._finish_review(conn, session_id)
            cursor = conn.execute("SELECT * FROM cards WHERE profile_id = ?", (profile_id,))
            cursor.row_factory = sqlite3.Row
            try:
                cards = [card_from_row(row) for row in cursor.fetchall()]
            except (ValueError, TypeError, KeyError):
                raise damaged(self.path, _("it holds values that cybercourse did not write")) from None
            limit = self.profile(profile_id).review_limit  # checked as read (same connection, same transaction)
            [done] = conn.execute(
                "SELECT count(*) FROM review_log WHERE profile_id = ? AND kind = 'review' AND reviewed_at >= ?",
                (profile_id, iso(self.today_start())),
            ).fetchone()
            asked = self.review_questions(cards, questions, done, limit)
            plan = json.dumps([p.to_json() for p in present(asked)]) if asked else None
            session = self._review_id()
            if plan is not None:
                cursor = conn.execute(
                    """INSERT INTO attempts (id, profile_id, quiz_id, mode, seed, plan, started_at, holder, held_until)
                       VALUES (?, ?, ?, 'review', ?, ?, ?, ?, ?)""",
                    (session, profile_id, REVIEW, seed, plan, self.now(), self.holder, self.lease_end()),
                )
                session = int(cursor.lastrowid or 0)
            self._review_started(profile_id, session or 0, seed, plan, take_over)
        return self.attempt(session) if plan is not None and session else None

    def _finish_review(self, conn: sqlite3.Connection, session_id: int) -> None:
        """Close an open review session as it stands: its answers were rated as they came."""
        scores = [score for (score,) in conn.execute("SELECT score FROM responses WHERE attempt_id = ?", (session_id,))]
        [plan] = conn.execute("SELECT plan FROM attempts WHERE id = ?", (session_id,)).fetchone()
        try:
            total = len(json.loads(plan))
        except (ValueError, TypeError):
            raise damaged(self.path, _("it holds values that cybercourse did not write")) from None
        conn.execute(
            """UPDATE attempts SET finished_at = ?, score = ?, passed = 1, holder = NULL, held_until = NULL
               WHERE id = ?""",
            (self.now(), sum(scores) / total if total else 0.0, session_id),
        )

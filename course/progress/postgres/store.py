"""The progress store on the class server: the same records and rules as the SQLite store.

Used directly by the instructor's commands and by the store's test suite; a trainee's app
goes through the offline outbox (course.progress.postgres.outbox), which sends the same
changes through `apply`. Every statement runs as the connected role, so row-level security
decides what it sees: a trainee sees only their own profile, lessons and attempts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg

from course.i18n import _
from course.progress.errors import AttemptLost, StoreError
from course.progress.postgres import changes
from course.progress.postgres.cards import PostgresCards
from course.progress.postgres.changes import Change, answer_change, attempt_change, position_change
from course.progress.postgres.connection import AccessRefused, check_class, connect, connection_error, redact
from course.progress.records import (
    PROFILE_SELECT,
    AttemptRecord,
    LessonProgress,
    Profile,
    attempt_from_row,
    lesson_from_row,
    profile_from_row,
    response_from_row,
)
from course.progress.store import Clock, Lease, ProfileNameError, utc_now
from course.quiz import Answer, Presented

if TYPE_CHECKING:
    import fsrs

T = TypeVar("T")
PROFILE = PROFILE_SELECT
ATTEMPT = """SELECT id, profile_id, quiz_id, mode, seed, plan, position, time_limit_seconds, started_at,
                    finished_at, score, passed::integer AS passed FROM attempts"""
RESPONSE = """SELECT question_id, answer, score, locale, hint_used::integer AS hint_used, answered_at
              FROM responses"""
LESSON = """SELECT lesson_id, section, furthest_section, sections_total, seconds_spent, started_at, updated_at,
                   read_at FROM lesson_progress"""


class PostgresStore(PostgresCards):
    """Profiles, lessons and attempts on a PostgreSQL server (one connection, one lock)."""

    def __init__(
        self,
        target: str,
        clock: Clock = utc_now,
        conn: psycopg.Connection | None = None,
        scheduler: fsrs.Scheduler | None = None,
    ) -> None:
        super().__init__(clock, scheduler)
        self.target = target
        self.path = redact(target)  # what messages and reports call this store
        self._lock = threading.RLock()
        self._conn = conn if conn is not None else connect(target)
        try:
            check_class(self._conn, target)
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            with suppress(StoreError), self._errors():
                self._conn.execute(
                    "UPDATE attempts SET holder = NULL, held_until = NULL WHERE holder = %s", (self.holder,)
                )
            self._conn.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """The server's refusals and a dropped connection as StoreErrors with our sentences."""
        try:
            yield
        except psycopg.errors.InsufficientPrivilege:
            raise AccessRefused(
                _(
                    "the class server refused this change for your role ({user}): a learner may change only "
                    "their own unfinished work, and only the instructor may reset or remove. Nothing else was "
                    "changed."
                ).format(user=self._conn.info.user)
            ) from None
        except (psycopg.OperationalError, psycopg.InterfaceError) as error:
            raise connection_error(self.target, error) from None
        except psycopg.Error as error:  # anything else the server says, as one sentence
            raise StoreError(
                _("the class server at {target} refused this: {reason}").format(
                    target=self.path, reason=str(error).strip().splitlines()[0]
                )
            ) from None

    def apply(self, change: Change) -> bool:
        """Apply one change exactly once; False if the server had it already.

        A change the two-window rule refuses raises what the SQLite store raises for it
        (AttemptLost, AttemptHeld, StoreError) and changes nothing.
        """
        with self._lock, self._errors():
            if changes.apply(self._conn, change):
                return True
            if changes.known(self._conn, change):
                return False
            self._explain(change)
            return False

    def _explain(self, change: Change) -> None:
        """Raise why `change` was refused (the rule's own words), read after the fact."""
        if change.kind == "start_review":
            self.may_start_review(self._review_leases(int(change.args["profile_id"])), bool(change.args["take_over"]))
            return
        attempt_id = change.args.get("attempt_id")
        row = self._conn.execute(
            "SELECT finished_at, holder, held_until, mode FROM attempts WHERE id = %s", (attempt_id,)
        ).fetchone()
        lease = Lease(False) if row is None else Lease(True, row[0] is not None, row[1], row[2])
        if change.kind == "claim_attempt":
            self.may_claim(lease, bool(change.args["take_over"]))
        else:
            self.must_hold(lease)
        if change.kind == "record_answer" and row is not None:
            self.may_answer(str(row[3]), True)

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        from psycopg.rows import dict_row

        with self._lock, self._errors(), self._conn.cursor(row_factory=dict_row) as cursor:
            cursor.execute(sql.encode(), args)
            return cursor.fetchall()

    def _records(self, build: Callable[[Any], T], sql: str, args: tuple[Any, ...] = ()) -> list[T]:
        return [build(row) for row in self._rows(sql, args)]

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """Every row this role may see, in the local store's columns (for a trainee: their own)."""
        return {
            "profiles": self._rows(
                "SELECT id, name, name_key, locale, created_at, last_used_at, review_limit FROM profiles"
            ),
            "lesson_progress": self._rows(
                """SELECT profile_id, lesson_id, section, furthest_section, sections_total, seconds_spent,
                          started_at, updated_at, read_at FROM lesson_progress"""
            ),
            "attempts": self._rows(
                """SELECT id, profile_id, quiz_id, mode, seed, plan, position, time_limit_seconds, started_at,
                          finished_at, score, passed::integer AS passed, holder, held_until FROM attempts"""
            ),
            "responses": self._rows(
                """SELECT attempt_id, question_id, answer, score, locale, hint_used::integer AS hint_used,
                          answered_at FROM responses"""
            ),
            **self.review_snapshot(),
        }

    def here(self, profile_ids: list[int], state: str) -> None:
        """Tell the room these learners are online (or have left): what `class watch` shows."""
        with self._lock, self._errors():
            for profile_id in profile_ids:
                self._conn.execute(
                    """INSERT INTO presence (profile_id, role_name, seen_at, state)
                       VALUES (%s, (SELECT role_name FROM profiles WHERE id = %s), now(), %s)
                       ON CONFLICT (profile_id) DO UPDATE SET seen_at = now(), state = excluded.state""",
                    (profile_id, profile_id, state),
                )

    # -- profiles ---------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        return self._records(profile_from_row, PROFILE + " ORDER BY last_used_at DESC, id")

    def profile_by_name(self, name: str) -> Profile | None:
        found = self._records(profile_from_row, PROFILE + " WHERE name_key = %s", (self.name_key(name),))
        return found[0] if found else None

    def profile(self, profile_id: int) -> Profile:
        found = self._records(profile_from_row, PROFILE + " WHERE id = %s", (profile_id,))
        if not found:
            raise StoreError(_("This learner no longer exists in {path}.").format(path=self.path))
        return found[0]

    def _insert_profile(self, name: str, key: str, locale: str) -> Profile:
        now = self.now()
        try:
            with self._lock, self._errors():
                row = self._conn.execute(
                    """INSERT INTO profiles (name, name_key, locale, created_at, last_used_at)
                       VALUES (%s, %s, %s, %s, %s) ON CONFLICT (name_key) DO NOTHING RETURNING id""",
                    (name, key, locale, now, now),
                ).fetchone()
                if row is None:
                    existing = self._conn.execute("SELECT name FROM profiles WHERE name_key = %s", (key,)).fetchone()
                    raise self.name_taken(str(existing[0]) if existing else name)
        except AccessRefused:
            raise ProfileNameError(
                _("In a class, the instructor enrols each learner (`cybercourse class enrol NAME`).")
            ) from None
        return self.profile(int(row[0]))

    def use_profile(self, profile_id: int, locale: str | None = None) -> None:
        self.apply(Change("use_profile", {"profile_id": profile_id, "locale": locale, "now": self.now()}))

    def reset_profile(self, profile_id: int) -> None:
        with self._lock, self._errors(), self._conn.transaction():
            held = self._conn.execute(
                "SELECT holder, held_until FROM attempts WHERE profile_id = %s AND finished_at IS NULL FOR UPDATE",
                (profile_id,),
            ).fetchall()
            self.may_reset([Lease(True, False, holder, until) for holder, until in held])
            for table in ("lesson_progress", "review_log", "cards", "attempts"):
                self._conn.execute(f"DELETE FROM {table} WHERE profile_id = %s".encode(), (profile_id,))

    # -- lessons ----------------------------------------------------------------------------

    def lessons(self, profile_id: int) -> dict[str, LessonProgress]:
        found = self._records(lesson_from_row, LESSON + " WHERE profile_id = %s", (profile_id,))
        return {progress.lesson_id: progress for progress in found}

    def save_position(
        self, profile_id: int, lesson_id: str, section: int, sections_total: int, seconds: int = 0
    ) -> None:
        self.apply(position_change(profile_id, lesson_id, section, sections_total, seconds, self.now()))

    # -- attempts ---------------------------------------------------------------------------

    def _attempt_args(self, attempt_id: int, **more: Any) -> dict[str, Any]:
        return {
            "attempt_id": attempt_id,
            "holder": self.holder,
            "lease_end": self.lease_end(),
            "now": self.now(),
            **more,
        }

    def start_attempt(
        self,
        profile_id: int,
        quiz_id: str,
        mode: str,
        seed: int,
        plan: list[Presented],
        time_limit_seconds: int | None,
    ) -> AttemptRecord:
        change = attempt_change(profile_id, quiz_id, mode, seed, plan, time_limit_seconds, self.now())
        change.args.update(holder=self.holder, lease_end=self.lease_end())
        self.apply(change)
        return self.attempt(change.args["attempt_id"])

    def claim_attempt(self, attempt_id: int, take_over: bool = False) -> AttemptRecord:
        self.apply(Change("claim_attempt", self._attempt_args(attempt_id, take_over=take_over)))
        return self.attempt(attempt_id)

    def renew_attempt(self, attempt_id: int) -> None:
        self.apply(Change("renew_attempt", self._attempt_args(attempt_id)))

    def release_attempt(self, attempt_id: int) -> None:
        self.apply(Change("release_attempt", self._attempt_args(attempt_id)))

    def record_answer(
        self,
        attempt_id: int,
        question_id: str,
        answer: Answer,
        score: float,
        locale: str,
        hint_used: bool = False,
        position: int | None = None,
    ) -> None:
        change = answer_change(attempt_id, question_id, answer, score, locale, hint_used, position, self.now())
        change.args.update(holder=self.holder, lease_end=self.lease_end())
        self._rated_change(change, lambda: [(question_id, score, hint_used)], at_answer=True)

    def save_attempt_position(self, attempt_id: int, position: int) -> None:
        self.apply(Change("save_attempt_position", self._attempt_args(attempt_id, position=position)))

    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> None:
        """Finishing an exam rates its answers, now final (review_store.py)."""
        change = Change("finish_attempt", self._attempt_args(attempt_id, score=score, passed=passed))
        self._rated_change(change, lambda: self._exam_answers(attempt_id), at_answer=False)

    def attempt(self, attempt_id: int) -> AttemptRecord:
        found = self._records(attempt_from_row, ATTEMPT + " WHERE id = %s", (attempt_id,))
        if not found:
            raise AttemptLost("gone")
        record = found[0]
        for response in self._records(response_from_row, RESPONSE + " WHERE attempt_id = %s", (attempt_id,)):
            record.responses[response.question_id] = response
        return record

    def attempts(self, profile_id: int, quiz_id: str | None = None) -> list[AttemptRecord]:
        if quiz_id is None:
            return self._records(attempt_from_row, ATTEMPT + " WHERE profile_id = %s ORDER BY id", (profile_id,))
        return self._records(
            attempt_from_row, ATTEMPT + " WHERE profile_id = %s AND quiz_id = %s ORDER BY id", (profile_id, quiz_id)
        )

    def unfinished_attempt(self, profile_id: int, quiz_id: str) -> AttemptRecord | None:
        found = self._rows(
            "SELECT id FROM attempts WHERE profile_id = %s AND quiz_id = %s AND finished_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (profile_id, quiz_id),
        )
        return self.attempt(found[0]["id"]) if found else None

"""The progress store on the class server: the same records and rules as the SQLite store.

Used directly by the instructor's commands and by the store's test suite; a trainee's app
goes through the offline outbox (course.progress.postgres.outbox), which sends the same
changes through `apply`. Every statement runs as the connected role, so row-level security
decides what it sees: a trainee sees only their own profile, lessons and attempts.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from course.i18n import _
from course.progress.database import StoreError
from course.progress.postgres import changes
from course.progress.postgres.changes import Change, new_attempt_id
from course.progress.postgres.connection import AccessRefused, check_class, connect, connection_error, redact
from course.progress.records import AttemptRecord, LessonProgress, Profile, Response, attempt_from_row
from course.progress.store import ProfileNameError, utc_now
from course.quiz import Answer, Presented

Clock = Callable[[], dt.datetime]


class PostgresStore:
    """Profiles, lessons and attempts on a PostgreSQL server (one connection, one lock)."""

    def __init__(self, target: str, clock: Clock = utc_now, conn: psycopg.Connection | None = None) -> None:
        self.target = target
        self.path = redact(target)  # what messages call this store
        self._clock = clock
        self._lock = threading.RLock()
        self._conn = conn if conn is not None else connect(target)
        try:
            check_class(self._conn, target)
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def now(self) -> str:
        return self._clock().astimezone(dt.UTC).isoformat(timespec="milliseconds")

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
        except psycopg.errors.CheckViolation as error:
            raise StoreError(str(error).strip()) from None
        except psycopg.OperationalError as error:
            raise connection_error(self.target, error) from None
        except psycopg.InterfaceError as error:  # the connection was closed under us
            raise connection_error(self.target, error) from None

    def apply(self, change: Change) -> bool:
        """Apply one change exactly once (see course.progress.postgres.changes)."""
        with self._lock, self._errors():
            return changes.apply(self._conn, change)

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """Every row this role may see, in the local store's columns (for a trainee: their own)."""
        return {
            "profiles": self._read("SELECT id, name, locale, created_at, last_used_at FROM profiles"),
            "lesson_progress": self._read(
                """SELECT profile_id, lesson_id, section, furthest_section, sections_total, seconds_spent,
                          started_at, updated_at, read_at FROM lesson_progress"""
            ),
            "attempts": self._read(
                """SELECT id, profile_id, quiz_id, mode, seed, plan, position, time_limit_seconds, started_at,
                          finished_at, score, passed::integer AS passed FROM attempts"""
            ),
            "responses": self._read(
                """SELECT attempt_id, question_id, answer, score, locale, hint_used::integer AS hint_used,
                          answered_at FROM responses"""
            ),
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

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        from psycopg.rows import dict_row

        with self._lock, self._errors(), self._conn.cursor(row_factory=dict_row) as cursor:
            cursor.execute(sql, args)
            return cursor.fetchall()

    # -- profiles ---------------------------------------------------------------------------

    _PROFILE = "SELECT id, name, locale, created_at, last_used_at FROM profiles"

    def profiles(self) -> list[Profile]:
        return [Profile(**row) for row in self._read(self._PROFILE + " ORDER BY last_used_at DESC, id")]

    def profile_by_name(self, name: str) -> Profile | None:
        found = self._read(self._PROFILE + " WHERE name = %s", (name,))
        return Profile(**found[0]) if found else None

    def profile(self, profile_id: int) -> Profile:
        [row] = self._read(self._PROFILE + " WHERE id = %s", (profile_id,))
        return Profile(**row)

    def create_profile(self, name: str, locale: str) -> Profile:
        from course.progress.postgres.roles import check_name

        name = check_name(name)
        now = self.now()
        try:
            with self._lock, self._errors():
                row = self._conn.execute(
                    "INSERT INTO profiles (name, locale, created_at, last_used_at) VALUES (%s, %s, %s, %s) RETURNING id",
                    (name, locale, now, now),
                ).fetchone()
        except psycopg.errors.UniqueViolation:
            raise ProfileNameError(_("There is already a learner called {name}.").format(name=name)) from None
        except AccessRefused:
            raise ProfileNameError(
                _("In a class, the instructor enrols each learner (`cybercourse class enrol NAME`).")
            ) from None
        assert row is not None
        return self.profile(int(row[0]))

    def use_profile(self, profile_id: int, locale: str | None = None) -> None:
        self.apply(Change("use_profile", {"profile_id": profile_id, "locale": locale, "now": self.now()}))

    def reset_profile(self, profile_id: int) -> None:
        with self._lock, self._errors(), self._conn.transaction():
            self._conn.execute("DELETE FROM lesson_progress WHERE profile_id = %s", (profile_id,))
            self._conn.execute("DELETE FROM attempts WHERE profile_id = %s", (profile_id,))

    # -- lessons ----------------------------------------------------------------------------

    def lessons(self, profile_id: int) -> dict[str, LessonProgress]:
        found = self._read(
            """SELECT lesson_id, section, furthest_section, sections_total, seconds_spent, started_at, updated_at,
                      read_at FROM lesson_progress WHERE profile_id = %s""",
            (profile_id,),
        )
        return {row["lesson_id"]: LessonProgress(**row) for row in found}

    def save_position(
        self, profile_id: int, lesson_id: str, section: int, sections_total: int, seconds: int = 0
    ) -> None:
        self.apply(position_change(profile_id, lesson_id, section, sections_total, seconds, self.now()))

    # -- attempts ---------------------------------------------------------------------------

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
        self.apply(change)
        return self.attempt(change.args["attempt_id"])

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
        self.apply(answer_change(attempt_id, question_id, answer, score, locale, hint_used, position, self.now()))

    def save_attempt_position(self, attempt_id: int, position: int) -> None:
        self.apply(Change("save_attempt_position", {"attempt_id": attempt_id, "position": position}))

    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> None:
        self.apply(
            Change("finish_attempt", {"attempt_id": attempt_id, "score": score, "passed": passed, "now": self.now()})
        )

    _ATTEMPT = """SELECT id, profile_id, quiz_id, mode, seed, plan, position, time_limit_seconds, started_at,
                         finished_at, score, passed FROM attempts"""

    def attempt(self, attempt_id: int) -> AttemptRecord:
        [row] = self._read(self._ATTEMPT + " WHERE id = %s", (attempt_id,))
        record = attempt_from_row(row)
        for response in self._read(
            """SELECT question_id, answer, score, locale, hint_used, answered_at FROM responses
               WHERE attempt_id = %s""",
            (attempt_id,),
        ):
            record.responses[response["question_id"]] = Response(
                question_id=response["question_id"],
                answer=json.loads(response["answer"]),
                score=response["score"],
                locale=response["locale"],
                hint_used=bool(response["hint_used"]),
                answered_at=response["answered_at"],
            )
        return record

    def attempts(self, profile_id: int, quiz_id: str | None = None) -> list[AttemptRecord]:
        if quiz_id is None:
            found = self._read(self._ATTEMPT + " WHERE profile_id = %s ORDER BY id", (profile_id,))
        else:
            found = self._read(
                self._ATTEMPT + " WHERE profile_id = %s AND quiz_id = %s ORDER BY id", (profile_id, quiz_id)
            )
        return [attempt_from_row(row) for row in found]

    def unfinished_attempt(self, profile_id: int, quiz_id: str) -> AttemptRecord | None:
        found = self._read(
            "SELECT id FROM attempts WHERE profile_id = %s AND quiz_id = %s AND finished_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (profile_id, quiz_id),
        )
        return self.attempt(found[0]["id"]) if found else None


# -- the changes the store makes (the outbox makes the same ones) ---------------------------------


def position_change(profile_id: int, lesson_id: str, section: int, total: int, seconds: int, now: str) -> Change:
    return Change(
        "save_position",
        {
            "profile_id": profile_id,
            "lesson_id": lesson_id,
            "section": section,
            "sections_total": total,
            "seconds": max(0, seconds),
            "now": now,
            "read_at": now if section >= total - 1 else None,
        },
    )


def attempt_change(
    profile_id: int, quiz_id: str, mode: str, seed: int, plan: list[Presented], limit: int | None, now: str
) -> Change:
    return Change(
        "start_attempt",
        {
            "attempt_id": new_attempt_id(),
            "profile_id": profile_id,
            "quiz_id": quiz_id,
            "mode": mode,
            "seed": seed,
            "plan": json.dumps([p.to_json() for p in plan]),
            "time_limit_seconds": limit,
            "now": now,
        },
    )


def answer_change(
    attempt_id: int,
    question_id: str,
    answer: Answer,
    score: float,
    locale: str,
    hint_used: bool,
    position: int | None,
    now: str,
) -> Change:
    change = Change("record_answer", {})
    change.args.update(
        attempt_id=attempt_id,
        question_id=question_id,
        answer_id=change.id,
        answer=json.dumps(answer, ensure_ascii=False),
        score=score,
        locale=locale,
        hint_used=bool(hint_used),
        position=position,
        now=now,
    )
    return change

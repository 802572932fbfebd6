"""The progress store in one SQLite file: every answer is committed the moment it is given."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from course.i18n import _
from course.progress.database import connect, damaged, failure
from course.progress.errors import AttemptLost, StoreError
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
from course.progress.snapshot import snapshot
from course.progress.sqlite_cards import SqliteCards
from course.progress.store import Clock, Lease, utc_now
from course.quiz import Answer, Presented

if TYPE_CHECKING:
    import fsrs

T = TypeVar("T")
PROFILE = PROFILE_SELECT


class SqliteStore(SqliteCards):
    """One learner database (several profiles) in an SQLite file.

    WAL journaling with `synchronous=FULL`: an answer whose commit has returned survives
    a crash of the program or of the machine. A lock serialises use from Textual workers.
    Opened `read_only`, it works on a private copy of the file (see database.snapshot) and
    refuses every write.
    """

    def __init__(
        self,
        path: Path,
        clock: Clock = utc_now,
        read_only: bool = False,
        scheduler: fsrs.Scheduler | None = None,
    ) -> None:
        super().__init__(clock, scheduler)
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()
        self._scratch: Path | None = None
        if read_only:
            self._conn, notices, self._scratch = snapshot(path)
        else:
            self._conn, notices = connect(path)
        self.notice = "\n".join(notices) or None

    def close(self) -> None:
        if not self.read_only:
            with suppress(StoreError), self._write() as conn:
                conn.execute("UPDATE attempts SET holder = NULL, held_until = NULL WHERE holder = ?", (self.holder,))
        with self._lock:
            self._conn.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed (and on disk) when the block ends.

        Another instance writing at the same moment (two windows, a shared training-room
        file) makes SQLite wait up to its busy timeout; a failure after that, or any other
        SQLite error, is a StoreError with a message, never a crash, and nothing of the
        transaction is kept (the caller keeps the answer on screen).
        """
        if self.read_only:
            raise StoreError(_("{path} was opened for reading only; nothing was changed.").format(path=self.path))
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise failure(error, self.path, writing=True) from None
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as error:
                if self._conn.in_transaction:
                    with suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise failure(error, self.path, writing=True) from None
                raise

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                cursor = self._conn.execute(sql, args)
                cursor.row_factory = sqlite3.Row
                return cursor.fetchall()
            except sqlite3.Error as error:
                raise failure(error, self.path, writing=False) from None

    def _records(self, build: Callable[[sqlite3.Row], T], sql: str, args: tuple[Any, ...] = ()) -> list[T]:
        """Rows made into records; a value the store never writes means a damaged or hand-made file."""
        rows = self._read(sql, args)
        try:
            return [build(row) for row in rows]
        except (ValueError, TypeError, KeyError, AttributeError):
            raise damaged(self.path, _("it holds values that cybercourse did not write")) from None

    # -- profiles ---------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        return self._records(profile_from_row, f"{PROFILE} ORDER BY last_used_at DESC, id")

    def profile_by_name(self, name: str) -> Profile | None:
        rows = self._records(profile_from_row, f"{PROFILE} WHERE name_key = ?", (self.name_key(name),))
        return rows[0] if rows else None

    def profile(self, profile_id: int) -> Profile:
        rows = self._records(profile_from_row, f"{PROFILE} WHERE id = ?", (profile_id,))
        if not rows:
            raise StoreError(_("This learner no longer exists in {path}.").format(path=self.path))
        return rows[0]

    def _insert_profile(self, name: str, key: str, locale: str) -> Profile:
        now = self.now()
        with self._write() as conn:
            existing = conn.execute("SELECT name FROM profiles WHERE name_key = ?", (key,)).fetchone()
            if existing is not None:
                raise self.name_taken(existing[0])
            cursor = conn.execute(
                "INSERT INTO profiles (name, name_key, locale, created_at, last_used_at) VALUES (?, ?, ?, ?, ?)",
                (name, key, locale, now, now),
            )
        return self.profile(int(cursor.lastrowid or 0))

    def use_profile(self, profile_id: int, locale: str | None = None) -> None:
        with self._write() as conn:
            conn.execute("UPDATE profiles SET last_used_at = ? WHERE id = ?", (self.now(), profile_id))
            if locale is not None:
                conn.execute("UPDATE profiles SET locale = ? WHERE id = ?", (locale, profile_id))

    def reset_profile(self, profile_id: int) -> None:
        with self._write() as conn:
            rows = conn.execute(
                "SELECT holder, held_until FROM attempts WHERE profile_id = ? AND finished_at IS NULL", (profile_id,)
            ).fetchall()
            self.may_reset([Lease(True, False, holder, until) for holder, until in rows])
            for table in ("lesson_progress", "review_log", "cards", "attempts"):
                conn.execute(f"DELETE FROM {table} WHERE profile_id = ?", (profile_id,))

    # -- lessons ----------------------------------------------------------------------------

    def lessons(self, profile_id: int) -> dict[str, LessonProgress]:
        rows = self._records(lesson_from_row, "SELECT * FROM lesson_progress WHERE profile_id = ?", (profile_id,))
        return {progress.lesson_id: progress for progress in rows}

    def save_position(
        self, profile_id: int, lesson_id: str, section: int, sections_total: int, seconds: int = 0
    ) -> None:
        now = self.now()
        read_at = now if section >= sections_total - 1 else None
        with self._write() as conn:
            conn.execute(
                """
                INSERT INTO lesson_progress
                    (profile_id, lesson_id, section, furthest_section, sections_total, seconds_spent,
                     started_at, updated_at, read_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (profile_id, lesson_id) DO UPDATE SET
                    section = excluded.section,
                    furthest_section = max(furthest_section, excluded.section),
                    sections_total = excluded.sections_total,
                    seconds_spent = seconds_spent + excluded.seconds_spent,
                    updated_at = excluded.updated_at,
                    read_at = coalesce(read_at, excluded.read_at)
                """,
                (profile_id, lesson_id, section, section, sections_total, max(0, seconds), now, now, read_at),
            )

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
        plan_json = json.dumps([p.to_json() for p in plan])
        with self._write() as conn:
            cursor = conn.execute(
                """INSERT INTO attempts
                       (profile_id, quiz_id, mode, seed, plan, time_limit_seconds, started_at, holder, held_until)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    profile_id,
                    quiz_id,
                    mode,
                    seed,
                    plan_json,
                    time_limit_seconds,
                    self.now(),
                    self.holder,
                    self.lease_end(),
                ),
            )
        return self.attempt(int(cursor.lastrowid or 0))

    @staticmethod
    def _lease(conn: sqlite3.Connection, attempt_id: int) -> Lease:
        row = conn.execute(
            "SELECT finished_at, holder, held_until FROM attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        return Lease(False) if row is None else Lease(True, row[0] is not None, row[1], row[2])

    def _hold(self, conn: sqlite3.Connection, attempt_id: int) -> None:
        """Inside a write: refuse unless this store holds the attempt, and extend its lease."""
        self.must_hold(self._lease(conn, attempt_id))
        conn.execute("UPDATE attempts SET held_until = ? WHERE id = ?", (self.lease_end(), attempt_id))

    def claim_attempt(self, attempt_id: int, take_over: bool = False) -> AttemptRecord:
        with self._write() as conn:
            self.may_claim(self._lease(conn, attempt_id), take_over)
            conn.execute(
                "UPDATE attempts SET holder = ?, held_until = ? WHERE id = ?",
                (self.holder, self.lease_end(), attempt_id),
            )
        return self.attempt(attempt_id)

    def renew_attempt(self, attempt_id: int) -> None:
        with self._write() as conn:
            self._hold(conn, attempt_id)

    def release_attempt(self, attempt_id: int) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE attempts SET holder = NULL, held_until = NULL WHERE id = ? AND holder = ?",
                (attempt_id, self.holder),
            )

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
        with self._write() as conn:
            self._hold(conn, attempt_id)
            [mode] = conn.execute("SELECT mode FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
            given = conn.execute(
                "SELECT 1 FROM responses WHERE attempt_id = ? AND question_id = ?", (attempt_id, question_id)
            ).fetchone()
            self.may_answer(mode, given is not None)
            conn.execute(
                """INSERT INTO responses (attempt_id, question_id, answer, score, locale, hint_used, answered_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (attempt_id, question_id) DO UPDATE SET
                       answer = excluded.answer, score = excluded.score, locale = excluded.locale,
                       hint_used = max(hint_used, excluded.hint_used), answered_at = excluded.answered_at""",
                (
                    attempt_id,
                    question_id,
                    json.dumps(answer, ensure_ascii=False),
                    score,
                    locale,
                    int(hint_used),
                    self.now(),
                ),
            )
            if position is not None:
                conn.execute("UPDATE attempts SET position = ? WHERE id = ?", (position, attempt_id))
            if self.rated_at_answer(mode):
                self._rate(conn, attempt_id, question_id, score, hint_used)

    def save_attempt_position(self, attempt_id: int, position: int) -> None:
        with self._write() as conn:
            self._hold(conn, attempt_id)
            conn.execute("UPDATE attempts SET position = ? WHERE id = ?", (position, attempt_id))

    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> None:
        with self._write() as conn:
            self.must_hold(self._lease(conn, attempt_id))
            conn.execute(
                """UPDATE attempts SET finished_at = ?, score = ?, passed = ?, holder = NULL, held_until = NULL
                   WHERE id = ?""",
                (self.now(), score, int(passed), attempt_id),
            )
            [mode] = conn.execute("SELECT mode FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
            if not self.rated_at_answer(mode):
                self._rate_exam(conn, attempt_id)

    def attempt(self, attempt_id: int) -> AttemptRecord:
        rows = self._records(attempt_from_row, "SELECT * FROM attempts WHERE id = ?", (attempt_id,))
        if not rows:
            raise AttemptLost("gone")
        record = rows[0]
        for response in self._records(response_from_row, "SELECT * FROM responses WHERE attempt_id = ?", (attempt_id,)):
            record.responses[response.question_id] = response
        return record

    def attempts(self, profile_id: int, quiz_id: str | None = None) -> list[AttemptRecord]:
        if quiz_id is None:
            return self._records(
                attempt_from_row, "SELECT * FROM attempts WHERE profile_id = ? ORDER BY id", (profile_id,)
            )
        return self._records(
            attempt_from_row,
            "SELECT * FROM attempts WHERE profile_id = ? AND quiz_id = ? ORDER BY id",
            (profile_id, quiz_id),
        )

    def unfinished_attempt(self, profile_id: int, quiz_id: str) -> AttemptRecord | None:
        rows = self._read(
            "SELECT id FROM attempts WHERE profile_id = ? AND quiz_id = ? AND finished_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (profile_id, quiz_id),
        )
        return self.attempt(rows[0]["id"]) if rows else None

"""The progress store in one SQLite file: every answer is committed the moment it is given."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from course.i18n import _
from course.progress.database import connect
from course.progress.errors import StoreError
from course.progress.records import AttemptRecord, LessonProgress, Profile, Response, attempt_from_row
from course.progress.store import Clock, ProfileNameError, ProgressStore, utc_now
from course.quiz import Answer, Presented


class SqliteStore(ProgressStore):
    """One learner database (several profiles) in an SQLite file.

    WAL journaling with `synchronous=FULL`: an answer whose commit has returned survives
    a crash of the program or of the machine. A lock serialises use from Textual workers.
    """

    def __init__(self, path: Path, clock: Clock = utc_now) -> None:
        super().__init__(clock)
        self.path = path
        self._lock = threading.RLock()
        self._conn = connect(path)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed (and on disk) when the block ends.

        Another instance writing at the same moment (two windows, a shared training-room
        file) makes SQLite wait up to its busy timeout; a failure after that is reported as
        a StoreError with a message, never as a crash, and the caller keeps the answer.
        """
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise StoreError(
                    _("could not save to {path}: {reason}. Nothing was lost; try again.").format(
                        path=self.path, reason=error
                    )
                ) from None
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.OperationalError as error:
                self._conn.execute("ROLLBACK")
                raise StoreError(
                    _("could not save to {path}: {reason}. Nothing was lost; try again.").format(
                        path=self.path, reason=error
                    )
                ) from None

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._conn.execute(sql, args)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    # -- profiles ---------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        rows = self._read("SELECT * FROM profiles ORDER BY last_used_at DESC, id")
        return [Profile(**dict(row)) for row in rows]

    def profile_by_name(self, name: str) -> Profile | None:
        rows = self._read("SELECT * FROM profiles WHERE name = ?", (name,))
        return Profile(**dict(rows[0])) if rows else None

    def profile(self, profile_id: int) -> Profile:
        rows = self._read("SELECT * FROM profiles WHERE id = ?", (profile_id,))
        return Profile(**dict(rows[0]))

    def _insert_profile(self, name: str, locale: str) -> Profile:
        now = self.now()
        try:
            with self._write() as conn:
                cursor = conn.execute(
                    "INSERT INTO profiles (name, locale, created_at, last_used_at) VALUES (?, ?, ?, ?)",
                    (name, locale, now, now),
                )
        except sqlite3.IntegrityError:
            raise ProfileNameError(_("There is already a learner called {name}.").format(name=name)) from None
        return self.profile(int(cursor.lastrowid or 0))

    def use_profile(self, profile_id: int, locale: str | None = None) -> None:
        with self._write() as conn:
            conn.execute("UPDATE profiles SET last_used_at = ? WHERE id = ?", (self.now(), profile_id))
            if locale is not None:
                conn.execute("UPDATE profiles SET locale = ? WHERE id = ?", (locale, profile_id))

    def reset_profile(self, profile_id: int) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM lesson_progress WHERE profile_id = ?", (profile_id,))
            conn.execute("DELETE FROM attempts WHERE profile_id = ?", (profile_id,))

    # -- lessons ----------------------------------------------------------------------------

    def lessons(self, profile_id: int) -> dict[str, LessonProgress]:
        rows = self._read("SELECT * FROM lesson_progress WHERE profile_id = ?", (profile_id,))
        result = {}
        for row in rows:
            data = dict(row)
            data.pop("profile_id")
            result[data["lesson_id"]] = LessonProgress(**data)
        return result

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
                """INSERT INTO attempts (profile_id, quiz_id, mode, seed, plan, time_limit_seconds, started_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (profile_id, quiz_id, mode, seed, plan_json, time_limit_seconds, self.now()),
            )
        return self.attempt(int(cursor.lastrowid or 0))

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

    def save_attempt_position(self, attempt_id: int, position: int) -> None:
        with self._write() as conn:
            conn.execute("UPDATE attempts SET position = ? WHERE id = ?", (position, attempt_id))

    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE attempts SET finished_at = ?, score = ?, passed = ? WHERE id = ? AND finished_at IS NULL",
                (self.now(), score, int(passed), attempt_id),
            )

    def attempt(self, attempt_id: int) -> AttemptRecord:
        [row] = self._read("SELECT * FROM attempts WHERE id = ?", (attempt_id,))
        record = attempt_from_row(row)
        for response in self._read("SELECT * FROM responses WHERE attempt_id = ?", (attempt_id,)):
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
            rows = self._read("SELECT * FROM attempts WHERE profile_id = ? ORDER BY id", (profile_id,))
        else:
            rows = self._read(
                "SELECT * FROM attempts WHERE profile_id = ? AND quiz_id = ? ORDER BY id", (profile_id, quiz_id)
            )
        return [attempt_from_row(row) for row in rows]

    def unfinished_attempt(self, profile_id: int, quiz_id: str) -> AttemptRecord | None:
        rows = self._read(
            "SELECT id FROM attempts WHERE profile_id = ? AND quiz_id = ? AND finished_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (profile_id, quiz_id),
        )
        return self.attempt(rows[0]["id"]) if rows else None

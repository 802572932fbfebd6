"""The learner's progress in SQLite: every answer is committed the moment it is given."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from course.i18n import _
from course.progress.database import StoreDamaged, StoreError, connect, creation_lock, move_aside
from course.progress.records import (
    AttemptRecord,
    LessonProgress,
    Profile,
    Response,
    attempt_from_row,
)
from course.quiz import Answer, Presented

Clock = Callable[[], dt.datetime]
MAX_NAME_LENGTH = 40


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ProfileNameError(ValueError):
    """A profile name that cannot be used; the message says why."""


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class ProgressStore:
    """One learner database (several profiles) on disk.

    WAL journaling with `synchronous=FULL`: an answer whose commit has returned survives
    a crash of the program or of the machine. A lock serialises use from Textual workers.
    """

    def __init__(self, path: Path, clock: Clock = utc_now) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.RLock()
        self._conn = connect(path)

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open_recovering(cls, path: Path, clock: Clock = utc_now) -> tuple[ProgressStore, str | None]:
        """Open for the app: a damaged file is kept aside and a new one started.

        Returns the store and, when that happened, a message for the trainee saying where
        the old file is. A refused file (another program's, or a newer version's) raises.
        """
        try:
            return cls(path, clock), None
        except StoreDamaged as damage:
            with creation_lock(path):
                kept = move_aside(path, clock()) if path.exists() else None
            notice = _(
                "{problem}. It was kept as {kept} and a new progress file was started. To get the old "
                "progress back, restore a backup of it in place of {path}."
            ).format(problem=str(damage), kept=kept, path=path)
            return cls(path, clock), notice

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

    def now(self) -> str:
        return _iso(self._clock())

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

    def create_profile(self, name: str, locale: str) -> Profile:
        name = " ".join(name.split())
        if not name:
            raise ProfileNameError(_("Type a name (it is only used to tell learners apart on this computer)."))
        if len(name) > MAX_NAME_LENGTH:
            raise ProfileNameError(_("A name can be at most {n} characters long.").format(n=MAX_NAME_LENGTH))
        if any(
            ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069
            for c in name
        ):
            raise ProfileNameError(_("A name cannot contain control characters."))
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
        """Mark a profile as the one in use (it is offered first next time), and its language."""
        with self._write() as conn:
            conn.execute("UPDATE profiles SET last_used_at = ? WHERE id = ?", (self.now(), profile_id))
            if locale is not None:
                conn.execute("UPDATE profiles SET locale = ? WHERE id = ?", (locale, profile_id))

    def reset_profile(self, profile_id: int) -> None:
        """Forget a profile's lessons and attempts, keeping the profile itself."""
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
        """Remember where the trainee is in a lesson; reaching the last section marks it read."""
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
        """Store an answer durably; once this returns, a crash cannot lose it."""
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
        """A profile's attempts, oldest first, without their responses."""
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

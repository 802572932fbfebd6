"""The learner's progress in SQLite: every answer is committed the moment it is given."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.i18n import _
from course.progress.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from course.quiz import Answer, Presented

Clock = Callable[[], dt.datetime]
MAX_NAME_LENGTH = 40


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StoreError(Exception):
    """The progress file cannot be used; the message says why and what to do."""


class ProfileNameError(ValueError):
    """A profile name that cannot be used; the message says why."""


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    locale: str
    created_at: str
    last_used_at: str


@dataclass(frozen=True)
class LessonProgress:
    lesson_id: str
    section: int
    furthest_section: int
    sections_total: int
    seconds_spent: int
    started_at: str
    updated_at: str
    read_at: str | None

    @property
    def read(self) -> bool:
        return self.read_at is not None


@dataclass(frozen=True)
class Response:
    question_id: str
    answer: Answer
    score: float
    locale: str
    hint_used: bool
    answered_at: str


@dataclass
class AttemptRecord:
    id: int
    profile_id: int
    quiz_id: str
    mode: str
    seed: int
    plan: list[Presented]
    position: int
    time_limit_seconds: int | None
    started_at: str
    finished_at: str | None
    score: float | None
    passed: bool | None
    responses: dict[str, Response] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


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
        self._conn = self._connect(path)

    # -- opening ----------------------------------------------------------------------------

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(
                _(
                    "cannot open the progress file {path}: {reason}. Check that the folder exists and is "
                    "writable, or choose another with --data-dir."
                ).format(path=path, reason=error)
            ) from None
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as error:
            conn.close()
            raise StoreError(
                _(
                    "the progress file {path} is damaged or is not a database ({reason}). Move it aside "
                    "to start afresh, or restore it from a backup."
                ).format(path=path, reason=error)
            ) from None
        if tables and application_id != APPLICATION_ID:
            conn.close()
            raise StoreError(
                _(
                    "{path} is a database of another program, not a cybercourse progress file; "
                    "choose another location with --data-dir."
                ).format(path=path)
            )
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                _(
                    "the progress file {path} was written by a newer version of cybercourse (schema {found}, "
                    "this version knows {known}). Update cybercourse; the file was not changed."
                ).format(path=path, found=version, known=SCHEMA_VERSION)
            )
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        ProgressStore._migrate(conn, version)
        return conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection, version: int) -> None:
        for number in range(version, SCHEMA_VERSION):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Re-read inside the write lock: another instance may have migrated meanwhile.
                if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                    conn.execute("COMMIT")
                    continue
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {number + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed (and on disk) when the block ends."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

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
        if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name):
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
        record = _attempt_from_row(row)
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
        return [_attempt_from_row(row) for row in rows]

    def unfinished_attempt(self, profile_id: int, quiz_id: str) -> AttemptRecord | None:
        rows = self._read(
            "SELECT id FROM attempts WHERE profile_id = ? AND quiz_id = ? AND finished_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (profile_id, quiz_id),
        )
        return self.attempt(rows[0]["id"]) if rows else None


def _attempt_from_row(row: sqlite3.Row) -> AttemptRecord:
    return AttemptRecord(
        id=row["id"],
        profile_id=row["profile_id"],
        quiz_id=row["quiz_id"],
        mode=row["mode"],
        seed=row["seed"],
        plan=[Presented.from_json(p) for p in json.loads(row["plan"])],
        position=row["position"],
        time_limit_seconds=row["time_limit_seconds"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        score=row["score"],
        passed=None if row["passed"] is None else bool(row["passed"]),
    )

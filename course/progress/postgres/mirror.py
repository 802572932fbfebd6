"""The trainee's local copy of their class progress, and the outbox of changes not yet sent.

Both live in one SQLite file on the trainee's machine (WAL, `synchronous=FULL`, as the
local store): a change is written to the outbox and applied to the copy in one
transaction, so once `record_answer` returns, the answer is on disk even if the server is
unreachable, and the screens read it back at once. The sender (course.progress.postgres.
outbox) sends the outbox in order and deletes each change only after the server has
committed it; the server applies each change id once, so a change sent twice counts once.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from course.progress.postgres.changes import Change

OUTBOX_TABLES = """
CREATE TABLE IF NOT EXISTS class_outbox (seq INTEGER PRIMARY KEY, change TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS class_rejected (
    seq INTEGER PRIMARY KEY, change TEXT NOT NULL, reason TEXT NOT NULL, rejected_at TEXT NOT NULL
);
"""

# The same changes as on the server (course.progress.postgres.changes), in SQLite's words.
SQLITE_STATEMENTS: dict[str, list[str]] = {
    "use_profile": [
        "UPDATE profiles SET last_used_at = :now, locale = coalesce(:locale, locale) WHERE id = :profile_id"
    ],
    "save_position": [
        """INSERT INTO lesson_progress
               (profile_id, lesson_id, section, furthest_section, sections_total, seconds_spent, started_at,
                updated_at, read_at)
           VALUES (:profile_id, :lesson_id, :section, :section, :sections_total, :seconds, :now, :now, :read_at)
           ON CONFLICT (profile_id, lesson_id) DO UPDATE SET
               section = excluded.section,
               furthest_section = max(furthest_section, excluded.section),
               sections_total = excluded.sections_total,
               seconds_spent = seconds_spent + excluded.seconds_spent,
               updated_at = excluded.updated_at,
               read_at = coalesce(read_at, excluded.read_at)"""
    ],
    "start_attempt": [
        """INSERT OR IGNORE INTO attempts
               (id, profile_id, quiz_id, mode, seed, plan, time_limit_seconds, started_at)
           VALUES (:attempt_id, :profile_id, :quiz_id, :mode, :seed, :plan, :time_limit_seconds, :now)"""
    ],
    "record_answer": [
        """INSERT INTO responses (attempt_id, question_id, answer, score, locale, hint_used, answered_at)
           VALUES (:attempt_id, :question_id, :answer, :score, :locale, :hint_used, :now)
           ON CONFLICT (attempt_id, question_id) DO UPDATE SET
               answer = excluded.answer, score = excluded.score, locale = excluded.locale,
               hint_used = max(hint_used, excluded.hint_used), answered_at = excluded.answered_at""",
        "UPDATE attempts SET position = :position WHERE id = :attempt_id AND :position IS NOT NULL",
    ],
    "save_attempt_position": ["UPDATE attempts SET position = :position WHERE id = :attempt_id"],
    "finish_attempt": [
        """UPDATE attempts SET finished_at = :now, score = :score, passed = :passed
           WHERE id = :attempt_id AND finished_at IS NULL"""
    ],
}


def apply_locally(conn: sqlite3.Connection, change: Change) -> None:
    """Queue `change` and apply it to the local copy (the caller holds one write transaction)."""
    conn.execute("INSERT INTO class_outbox (change) VALUES (?)", (change.to_json(),))
    for statement in SQLITE_STATEMENTS[change.kind]:
        conn.execute(statement, change.args)


def pending(conn: sqlite3.Connection) -> list[tuple[int, Change]]:
    found = conn.execute("SELECT seq, change FROM class_outbox ORDER BY seq").fetchall()
    return [(int(seq), Change.from_json(text)) for seq, text in found]


def replace_copy(conn: sqlite3.Connection, snapshot: dict[str, list[dict[str, Any]]]) -> None:
    """Make the local copy the server's (the caller holds one write transaction; outbox empty)."""
    for table in ("responses", "attempts", "lesson_progress", "profiles"):
        conn.execute(f"DELETE FROM {table}")
    for table in ("profiles", "lesson_progress", "attempts", "responses"):
        for row in snapshot[table]:
            names = ", ".join(row)
            marks = ", ".join(f":{name}" for name in row)
            conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", row)

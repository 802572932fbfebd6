"""The trainee's local copy of their class progress, and the outbox of changes not yet sent.

Both live in one SQLite file on the trainee's machine (WAL, `synchronous=FULL`: it is a
local progress file with two more tables): a change is applied to the copy, by the SQLite
store's own code and rules, and written to the outbox in one transaction, so once `record_answer` returns, the answer is on disk even if the server is
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


def create_tables(conn: sqlite3.Connection) -> None:
    for statement in OUTBOX_TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)


def queue(conn: sqlite3.Connection, change: Change) -> None:
    """Add `change` to the outbox (the caller holds the write transaction of the local change)."""
    conn.execute("INSERT INTO class_outbox (change) VALUES (?)", (change.to_json(),))


def pending(conn: sqlite3.Connection) -> list[tuple[int, Change]]:
    found = conn.execute("SELECT seq, change FROM class_outbox ORDER BY seq").fetchall()
    return [(int(seq), Change.from_json(text)) for seq, text in found]


def replace_copy(conn: sqlite3.Connection, snapshot: dict[str, list[dict[str, Any]]]) -> None:
    """Make the local copy the server's (the caller holds one write transaction; outbox empty)."""
    for table in ("review_log", "cards", "responses", "attempts", "lesson_progress", "profiles"):
        conn.execute(f"DELETE FROM {table}")
    for table in ("profiles", "lesson_progress", "attempts", "responses", "cards", "review_log"):
        for row in snapshot[table]:
            names = ", ".join(row)
            marks = ", ".join(f":{name}" for name in row)
            conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", row)

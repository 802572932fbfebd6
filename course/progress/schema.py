"""The SQLite progress database schema and its migrations.

`PRAGMA user_version` holds the schema version; `PRAGMA application_id` marks the file
as ours, so a stranger's database is refused instead of being written into. Rows are
keyed by content ids (lesson, quiz and question ids), never by list positions, so an
instructor can reorder lessons or add questions without corrupting anyone's progress.

A migration is SQL, or a function given the connection (inside the migration's
transaction) that returns what the people using the file should be told, if anything.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from course.i18n import _
from course.progress.names import distinct_names, name_key

APPLICATION_ID = 0x43594243  # "CYBC"

Migration = str | Callable[[sqlite3.Connection], list[str]]

VERSION_1 = """
    CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        locale TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL
    );
    CREATE TABLE lesson_progress (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id TEXT NOT NULL,
        section INTEGER NOT NULL DEFAULT 0,
        furthest_section INTEGER NOT NULL DEFAULT 0,
        sections_total INTEGER NOT NULL,
        seconds_spent INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        read_at TEXT,
        PRIMARY KEY (profile_id, lesson_id)
    );
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        quiz_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        seed INTEGER NOT NULL,
        plan TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        time_limit_seconds INTEGER,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        score REAL,
        passed INTEGER
    );
    CREATE INDEX attempts_by_profile_quiz ON attempts(profile_id, quiz_id);
    CREATE TABLE responses (
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        answer TEXT NOT NULL,
        score REAL NOT NULL,
        locale TEXT NOT NULL,
        hint_used INTEGER NOT NULL DEFAULT 0,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (attempt_id, question_id)
    );
"""


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Statements one by one (executescript would commit the migration's transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def version_2(conn: sqlite3.Connection) -> list[str]:
    """Names compared as learners see them; attempts held by one window at a time.

    Names become NFC with a key (NFC, case folded) that is unique. Two existing learners
    whose names now compare equal are both kept, with all their progress: the younger one
    gets " (2)" appended, and the people using the file are told which and why.
    """
    run_script(
        conn,
        """
        ALTER TABLE profiles ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE attempts ADD COLUMN holder TEXT;
        ALTER TABLE attempts ADD COLUMN held_until TEXT;
        """,
    )
    rows = conn.execute("SELECT id, name, created_at FROM profiles ORDER BY created_at, id").fetchall()
    renamed = distinct_names([(row[0], row[1]) for row in rows])
    # Free the changing names first: the UNIQUE name column may hold one's NFC form elsewhere.
    for profile_id in renamed:
        conn.execute("UPDATE profiles SET name = ? WHERE id = ?", (f"\x00{profile_id}", profile_id))
    notices = []
    for profile_id, old, created_at in rows:
        new = renamed.get(profile_id, old)
        conn.execute("UPDATE profiles SET name = ?, name_key = ? WHERE id = ?", (new, name_key(new), profile_id))
        if new != old and name_key(new) != name_key(old):
            notices.append(
                _(
                    "Two learners had names that look the same ({name}): they were typed differently, "
                    "or differ only in capital letters. Both are kept, with all their progress; the one "
                    "added on {date} is now called {new}."
                ).format(name=old, date=created_at[:10], new=new)
            )
    conn.execute("CREATE UNIQUE INDEX profiles_by_name_key ON profiles(name_key)")
    return notices


VERSION_3 = """
    ALTER TABLE profiles ADD COLUMN review_limit INTEGER NOT NULL DEFAULT 20;
    CREATE TABLE cards (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        state INTEGER NOT NULL,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due TEXT NOT NULL,
        last_review TEXT,
        reviews INTEGER NOT NULL,
        PRIMARY KEY (profile_id, question_id)
    );
    CREATE INDEX cards_by_due ON cards(profile_id, due);
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        rating INTEGER NOT NULL,
        reviewed_at TEXT NOT NULL,
        kind TEXT NOT NULL,
        attempt_id INTEGER REFERENCES attempts(id) ON DELETE SET NULL,
        UNIQUE (attempt_id, question_id)
    );
    CREATE INDEX review_log_by_profile ON review_log(profile_id, reviewed_at);
"""

MIGRATIONS: list[Migration] = [
    VERSION_1,  # 1: profiles, lesson reading, quiz attempts and their responses
    version_2,  # 2: names compared as people read them (NFC, any case); attempt leases for two windows
    VERSION_3,  # 3: spaced review: a card per answered question, its ratings, a daily limit per learner
]
SCHEMA_VERSION = len(MIGRATIONS)

"""The progress database schema and its migrations.

`PRAGMA user_version` holds the schema version; `PRAGMA application_id` marks the file
as ours, so a stranger's database is refused instead of being written into. Rows are
keyed by content ids (lesson, quiz and question ids), never by list positions, so an
instructor can reorder lessons or add questions without corrupting anyone's progress.
"""

from __future__ import annotations

APPLICATION_ID = 0x43594243  # "CYBC"

MIGRATIONS: list[str] = [
    # 1: profiles, lesson reading, quiz attempts and their responses
    """
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
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

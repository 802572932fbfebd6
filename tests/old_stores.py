"""Progress files as older versions of cybercourse wrote them, built with their own SQL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from course.progress.schema import APPLICATION_ID, VERSION_1


def version_1_store(path: Path, names: list[str]) -> None:
    """A schema-1 file (before names were compared NFC and case-blind, and before attempt
    leases): each learner has read a section and has one finished and one open attempt."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for statement in VERSION_1.split(";"):
        if statement.strip():
            conn.execute(statement)
    plan = json.dumps([{"q": "x-single", "order": []}, {"q": "x-tf", "order": []}])
    for number, name in enumerate(names, start=1):
        day = f"2026-01-{number:02d}T09:00:00.000+00:00"
        conn.execute(
            "INSERT INTO profiles (id, name, locale, created_at, last_used_at) VALUES (?, ?, 'vi', ?, ?)",
            (number, name, day, day),
        )
        conn.execute(
            """INSERT INTO lesson_progress (profile_id, lesson_id, section, furthest_section, sections_total,
               seconds_spent, started_at, updated_at) VALUES (?, 'first-lesson', 0, 0, 2, 60, ?, ?)""",
            (number, day, day),
        )
        for finished in (True, False):
            cursor = conn.execute(
                """INSERT INTO attempts (profile_id, quiz_id, mode, seed, plan, started_at, finished_at, score, passed)
                   VALUES (?, 'first-quiz', 'practice', 1, ?, ?, ?, ?, ?)""",
                (number, plan, day, day if finished else None, 0.5 if finished else None, 0 if finished else None),
            )
            conn.execute(
                """INSERT INTO responses (attempt_id, question_id, answer, score, locale, answered_at)
                   VALUES (?, 'x-single', '{"choice": "coe"}', 1.0, 'vi', ?)""",
                (cursor.lastrowid, day),
            )
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.close()

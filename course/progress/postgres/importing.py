"""`class import-local`: trainees' local progress files into the class, once.

Every imported row gets an id derived from what it is (learner, attempt start, question),
not from where the file lies, so importing the same file twice, or a copy of it, or a later
copy with more work in it, adds only what the class does not have yet. A local learner is
matched to the class learner of the same name; one the class does not know yet is added
without a login (`class enrol NAME` gives them one later, keeping what was imported).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

from course.progress.opening import open_store
from course.progress.postgres import changes
from course.progress.postgres.changes import Change
from course.progress.postgres.roles import class_roles, slug
from course.progress.records import AttemptRecord, Profile
from course.progress.store import ProgressStore

# An imported attempt is held by the import while it is written (the two-window rule applies
# to it too), with no lease: the learner's program may take it at once.
IMPORTER = {"holder": "import-local", "lease_end": None}
NAMESPACE = uuid.UUID("5f0c6f2e-9a43-4e0c-8f3e-63796263636c")


def _key(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(str(p) for p in parts)))


def _attempt_id(profile: Profile, attempt: AttemptRecord) -> int:
    return uuid.UUID(_key("attempt", profile.name, attempt.quiz_id, attempt.started_at, attempt.seed)).int >> 65


@dataclass
class Imported:
    learners: int = 0
    attempts: int = 0
    answers: int = 0
    already: int = 0  # rows the class had from an earlier import


def _class_profile(conn: psycopg.Connection, profile: Profile) -> int:
    key = ProgressStore.name_key(profile.name)
    row = conn.execute("SELECT id FROM profiles WHERE name_key = %s", (key,)).fetchone()
    if row is not None:
        return int(row[0])
    role = f"{class_roles(conn).prefix}_{slug(profile.name) or 'learner'}"[:63]
    created = conn.execute(
        """INSERT INTO profiles (role_name, name, name_key, locale, created_at, last_used_at)
           VALUES (%s, %s, %s, %s, %s, %s) RETURNING id""",
        (role, profile.name, key, profile.locale, profile.created_at, profile.last_used_at),
    ).fetchone()
    assert created is not None
    return int(created[0])


def _apply(conn: psycopg.Connection, change: Change, counts: Imported, field: str) -> None:
    if changes.apply(conn, change):
        setattr(counts, field, getattr(counts, field) + 1)
    else:
        counts.already += 1


def import_file(conn: psycopg.Connection, path: Path, counts: Imported) -> None:
    """Import one local progress file (read only) into the class."""
    local = open_store(path, read_only=True)
    try:
        for profile in local.profiles():
            counts.learners += 1
            with conn.transaction():
                profile_id = _class_profile(conn, profile)
            for lesson in local.lessons(profile.id).values():
                with conn.transaction():
                    conn.execute(
                        """INSERT INTO lesson_progress (profile_id, role_name, lesson_id, section, furthest_section,
                               sections_total, seconds_spent, started_at, updated_at, read_at)
                           VALUES (%s, (SELECT role_name FROM profiles WHERE id = %s), %s, %s, %s, %s, %s, %s, %s, %s)
                           ON CONFLICT (profile_id, lesson_id) DO UPDATE SET
                               furthest_section = greatest(lesson_progress.furthest_section, excluded.furthest_section),
                               seconds_spent = greatest(lesson_progress.seconds_spent, excluded.seconds_spent),
                               read_at = coalesce(lesson_progress.read_at, excluded.read_at),
                               started_at = least(lesson_progress.started_at, excluded.started_at)""",
                        (profile_id, profile_id, *lesson),
                    )
            imported = {}
            for summary in local.attempts(profile.id):
                _import_attempt(conn, profile, profile_id, local.attempt(summary.id), counts)
                imported[summary.id] = _attempt_id(profile, summary)
            with conn.transaction():
                _import_cards(conn, local, profile, profile_id, imported)
    finally:
        local.close()


def _import_attempt(
    conn: psycopg.Connection, profile: Profile, profile_id: int, attempt: AttemptRecord, counts: Imported
) -> None:
    import json

    attempt_id = _attempt_id(profile, attempt)
    key = ("attempt", profile.name, attempt.quiz_id, attempt.started_at, attempt.seed)
    start = Change(
        "start_attempt",
        {
            "attempt_id": attempt_id,
            "profile_id": profile_id,
            "quiz_id": attempt.quiz_id,
            "mode": attempt.mode,
            "seed": attempt.seed,
            "plan": json.dumps([p.to_json() for p in attempt.plan]),
            "time_limit_seconds": attempt.time_limit_seconds,
            "now": attempt.started_at,
            **IMPORTER,
        },
        _key(*key),
    )
    _apply(conn, start, counts, "attempts")
    for response in attempt.responses.values():
        answer_id = _key(*key, response.question_id, response.answered_at)
        args = {
            "attempt_id": attempt_id,
            "question_id": response.question_id,
            "answer_id": answer_id,
            "answer": json.dumps(response.answer, ensure_ascii=False),
            "score": response.score,
            "locale": response.locale,
            "hint_used": response.hint_used,
            "position": None,
            "now": response.answered_at,
            **IMPORTER,
        }
        _apply(conn, Change("record_answer", args, answer_id), counts, "answers")
    if attempt.finished_at is not None:
        finish = {"attempt_id": attempt_id, "score": attempt.score, "passed": attempt.passed, **IMPORTER}
        changes.apply(conn, Change("finish_attempt", {**finish, "now": attempt.finished_at}, _key(*key, "finished")))
    position = Change("save_attempt_position", {"attempt_id": attempt_id, "position": attempt.position, **IMPORTER})
    changes.apply(conn, position)


def _import_cards(
    conn: psycopg.Connection, local: ProgressStore, profile: Profile, profile_id: int, attempts: dict[int, int]
) -> None:
    """The learner's review cards (a card the class has is replaced only by one reviewed later) and
    their ratings, each hung on its imported attempt (so a second import adds none twice)."""
    for card in local.cards(profile.id):
        conn.execute(
            """INSERT INTO cards (profile_id, role_name, question_id, state, step, stability, difficulty, due,
                                  last_review, reviews)
               VALUES (%s, (SELECT role_name FROM profiles WHERE id = %s), %s, %s, %s, %s, %s, %s, %s, %s)
               ON CONFLICT (profile_id, question_id) DO UPDATE SET
                   state = excluded.state, step = excluded.step, stability = excluded.stability,
                   difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review,
                   reviews = excluded.reviews
               WHERE coalesce(excluded.last_review, '') > coalesce(cards.last_review, '')""",
            (profile_id, profile_id, *card),
        )
    for rating in local.review_log(profile.id):
        attempt_id = attempts.get(rating.attempt_id) if rating.attempt_id is not None else None
        if attempt_id is None:
            continue  # its attempt was not imported: nothing to hang it on, nor to tell a copy by
        conn.execute(
            """INSERT INTO review_log (profile_id, role_name, question_id, rating, reviewed_at, kind, attempt_id)
               VALUES (%s, (SELECT role_name FROM profiles WHERE id = %s), %s, %s, %s, %s, %s)
               ON CONFLICT (attempt_id, question_id) DO NOTHING""",
            (profile_id, profile_id, rating.question_id, rating.rating, rating.reviewed_at, rating.kind, attempt_id),
        )

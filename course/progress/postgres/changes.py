"""Every write to the class server as a change with a client-made id, applied at most once.

The offline outbox keeps changes like these and sends them when the server is back; a
change may reach the server twice (the connection dropped after the server committed but
before the answer came back). So each change carries a UUID made on the trainee's machine,
and the server records it in `applied_changes` in the same transaction as the change: a
second delivery finds the id and does nothing. Attempt ids are made on the client too
(time-ordered, so "oldest first" stays true), so an attempt started offline keeps its id.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg

from course.progress.postgres.review_changes import RATED, REVIEW_GUARDS, REVIEW_STATEMENTS
from course.quiz import Answer, Presented

_last_id = 0
_id_lock = threading.Lock()


def new_attempt_id() -> int:
    """A positive 63-bit id, increasing within a process and roughly with time across machines."""
    global _last_id
    with _id_lock:
        candidate = (time.time_ns() // 1_000_000) << 20 | secrets.randbits(20)
        _last_id = max(candidate, _last_id + 1)
        return _last_id


@dataclass(frozen=True)
class Change:
    kind: str
    args: dict[str, Any]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "kind": self.kind, "args": self.args}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Change:
        data = json.loads(text)
        return cls(str(data["kind"]), dict(data["args"]), str(data["id"]))


# Each kind as ONE statement: a data-modifying CTE records the change id, and the change
# itself happens only for a row that CTE inserted (`FROM fresh` / `EXISTS (... fresh)`). One
# statement is one transaction and one round trip to the server. The id is recorded only
# when the change may be made (GUARDS: the two-window rule of course.progress.store, decided
# in the same statement); when it is not, nothing is recorded and the caller asks why. The
# learner's role is taken from the row the change hangs on, so the instructor may write for a
# learner and a trainee only for themselves (row-level security hides everyone else's rows).
HOLDS = """EXISTS (SELECT 1 FROM attempts a WHERE a.id = %(attempt_id)s AND a.finished_at IS NULL
                   AND a.holder = %(holder)s"""
GUARDS: dict[str, str] = {
    "record_answer": HOLDS
    + """ AND (a.mode = 'exam' OR NOT EXISTS (
                   SELECT 1 FROM responses r WHERE r.attempt_id = a.id AND r.question_id = %(question_id)s)))""",
    "save_attempt_position": HOLDS + ")",
    "finish_attempt": HOLDS + ")",
    "renew_attempt": HOLDS + ")",
    "claim_attempt": """EXISTS (SELECT 1 FROM attempts a WHERE a.id = %(attempt_id)s AND a.finished_at IS NULL
                   AND (%(take_over)s OR a.holder IS NULL OR a.holder = %(holder)s OR a.held_until IS NULL
                        OR a.held_until <= %(now)s))""",
    **REVIEW_GUARDS,
}
EXTEND = """, held AS (
            UPDATE attempts SET held_until = %(lease_end)s
            WHERE id = %(attempt_id)s AND EXISTS (SELECT 1 FROM fresh))"""
STATEMENTS: dict[str, str] = {
    "use_profile": """, done AS (
            UPDATE profiles SET last_used_at = %(now)s, locale = coalesce(%(locale)s, locale)
            WHERE id = %(profile_id)s AND EXISTS (SELECT 1 FROM fresh))""",
    "save_position": """, done AS (
            INSERT INTO lesson_progress
                (profile_id, role_name, lesson_id, section, furthest_section, sections_total, seconds_spent,
                 started_at, updated_at, read_at)
            SELECT %(profile_id)s, (SELECT role_name FROM profiles WHERE id = %(profile_id)s), %(lesson_id)s,
                   %(section)s, %(section)s, %(sections_total)s, %(seconds)s, %(now)s, %(now)s, %(read_at)s
            FROM fresh
            ON CONFLICT (profile_id, lesson_id) DO UPDATE SET
                section = excluded.section,
                furthest_section = greatest(lesson_progress.furthest_section, excluded.section),
                sections_total = excluded.sections_total,
                seconds_spent = lesson_progress.seconds_spent + excluded.seconds_spent,
                updated_at = excluded.updated_at,
                read_at = coalesce(lesson_progress.read_at, excluded.read_at))""",
    "start_attempt": """, done AS (
            INSERT INTO attempts (id, profile_id, role_name, quiz_id, mode, seed, plan, time_limit_seconds, started_at,
                                  holder, held_until)
            SELECT %(attempt_id)s, %(profile_id)s, (SELECT role_name FROM profiles WHERE id = %(profile_id)s),
                   %(quiz_id)s, %(mode)s, %(seed)s, %(plan)s, %(time_limit_seconds)s, %(now)s, %(holder)s,
                   %(lease_end)s
            FROM fresh
            ON CONFLICT (id) DO NOTHING)""",
    "record_answer": """, answered AS (
            INSERT INTO responses
                (attempt_id, role_name, question_id, answer_id, answer, score, locale, hint_used, answered_at)
            SELECT %(attempt_id)s, (SELECT role_name FROM attempts WHERE id = %(attempt_id)s), %(question_id)s,
                   %(answer_id)s, %(answer)s, %(score)s, %(locale)s, %(hint_used)s, %(now)s
            FROM fresh
            ON CONFLICT (attempt_id, question_id) DO UPDATE SET
                answer_id = excluded.answer_id, answer = excluded.answer, score = excluded.score,
                locale = excluded.locale, hint_used = responses.hint_used OR excluded.hint_used,
                answered_at = excluded.answered_at
            WHERE responses.answer_id <> excluded.answer_id), moved AS (
            UPDATE attempts SET position = coalesce(%(position)s::integer, position), held_until = %(lease_end)s
            WHERE id = %(attempt_id)s AND EXISTS (SELECT 1 FROM fresh))"""
    + RATED,
    "save_attempt_position": """, done AS (
            UPDATE attempts SET position = %(position)s, held_until = %(lease_end)s
            WHERE id = %(attempt_id)s AND EXISTS (SELECT 1 FROM fresh))""",
    "finish_attempt": """, done AS (
            UPDATE attempts SET finished_at = %(now)s, score = %(score)s, passed = %(passed)s, holder = NULL,
                                held_until = NULL
            WHERE id = %(attempt_id)s AND EXISTS (SELECT 1 FROM fresh))"""
    + RATED,
    "claim_attempt": """, done AS (
            UPDATE attempts SET holder = %(holder)s, held_until = %(lease_end)s
            WHERE id = %(attempt_id)s AND EXISTS (SELECT 1 FROM fresh))""",
    "renew_attempt": EXTEND,
    "release_attempt": """, done AS (
            UPDATE attempts SET holder = NULL, held_until = NULL
            WHERE id = %(attempt_id)s AND holder = %(holder)s AND EXISTS (SELECT 1 FROM fresh))""",
    **REVIEW_STATEMENTS,
}


def apply(conn: psycopg.Connection, change: Change) -> bool:
    """Apply `change` in one statement; True if applied now, False if it was not applied (the
    server had it already, or the two-window rule refused it: `refused_or_known` tells which)."""
    guard = GUARDS.get(change.kind, "true")
    fresh = (
        "WITH fresh AS (INSERT INTO applied_changes (id) SELECT %(change_id)s WHERE "
        + guard
        + " ON CONFLICT (id) DO NOTHING RETURNING id)"
    )
    sql = f"{fresh}{STATEMENTS[change.kind]} SELECT count(*) FROM fresh"
    # The cards a rating change carries (none in changes made before spaced review existed).
    params = {**change.args, "cards": json.dumps(change.args.get("cards", [])), "change_id": change.id}
    row = conn.execute(sql.encode(), params).fetchone()
    return bool(row and row[0])


def known(conn: psycopg.Connection, change: Change) -> bool:
    """Whether the server has applied this change already (a second delivery)."""
    return conn.execute("SELECT 1 FROM applied_changes WHERE id = %s", (change.id,)).fetchone() is not None


# -- the changes the stores make (the PostgreSQL store and the outbox alike) ------------------------


def position_change(profile_id: int, lesson_id: str, section: int, total: int, seconds: int, now: str) -> Change:
    return Change(
        "save_position",
        {
            "profile_id": profile_id,
            "lesson_id": lesson_id,
            "section": section,
            "sections_total": total,
            "seconds": max(0, seconds),
            "now": now,
            "read_at": now if section >= total - 1 else None,
        },
    )


def attempt_change(
    profile_id: int, quiz_id: str, mode: str, seed: int, plan: list[Presented], limit: int | None, now: str
) -> Change:
    return Change(
        "start_attempt",
        {
            "attempt_id": new_attempt_id(),
            "profile_id": profile_id,
            "quiz_id": quiz_id,
            "mode": mode,
            "seed": seed,
            "plan": json.dumps([p.to_json() for p in plan]),
            "time_limit_seconds": limit,
            "now": now,
        },
    )


def answer_change(
    attempt_id: int,
    question_id: str,
    answer: Answer,
    score: float,
    locale: str,
    hint_used: bool,
    position: int | None,
    now: str,
) -> Change:
    change = Change("record_answer", {})
    change.args.update(
        attempt_id=attempt_id,
        question_id=question_id,
        answer_id=change.id,
        answer=json.dumps(answer, ensure_ascii=False),
        score=score,
        locale=locale,
        hint_used=bool(hint_used),
        position=position,
        now=now,
    )
    return change

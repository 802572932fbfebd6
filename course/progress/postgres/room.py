"""What `class watch` shows, and how it hears of changes: LISTEN/NOTIFY, never polling.

Triggers on the learner tables send `NOTIFY cybercourse_room, '<profile id>'` when a
change commits (schema.py); the watcher LISTENs on one connection, gathers the ids that
arrive together and reads only those learners' rows again. Presence rows are refreshed by
each trainee's program every few seconds while it can reach the server; a learner whose
last sign of life is older than OFFLINE_AFTER is shown as offline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg

from course.progress.postgres.connection import rows
from course.progress.postgres.outbox import HEARTBEAT_SECONDS

CHANNEL = "cybercourse_room"
OFFLINE_AFTER = 3 * HEARTBEAT_SECONDS


@dataclass
class LearnerNow:
    """One learner as the room view shows them."""

    profile_id: int
    name: str
    lesson_id: str | None
    section: int | None
    sections: int | None
    quiz_id: str | None
    question: int | None  # 0-based position in the open attempt
    questions: int | None
    quiz_answers: int  # answers in the open attempt
    quiz_right: float  # sum of their scores
    answers: int  # every answer the learner gave
    last_quiz: str | None
    last_score: float | None
    seen_age: float | None  # seconds since the last sign of life, when it was read
    state: str | None  # online, left, or None (never connected)
    read_at: float  # time.monotonic() when read

    @property
    def in_quiz(self) -> bool:
        return self.quiz_id is not None and (self.quiz_at or "") >= (self.lesson_at or "")

    quiz_at: str | None = None
    lesson_at: str | None = None

    def age(self, now: float | None = None) -> float | None:
        if self.seen_age is None:
            return None
        return self.seen_age + ((now if now is not None else time.monotonic()) - self.read_at)

    def offline(self, now: float | None = None) -> bool:
        age = self.age(now)
        return self.state != "online" or age is None or age > OFFLINE_AFTER


ROOM_QUERY = """
SELECT p.id AS profile_id, p.name,
       lp.lesson_id, lp.section, lp.sections_total AS sections, lp.updated_at AS lesson_at,
       a.quiz_id, a.position AS question, json_array_length(a.plan::json) AS questions,
       greatest(a.started_at, (SELECT max(answered_at) FROM responses r WHERE r.attempt_id = a.id)) AS quiz_at,
       (SELECT count(*) FROM responses r WHERE r.attempt_id = a.id) AS quiz_answers,
       (SELECT coalesce(sum(score), 0) FROM responses r WHERE r.attempt_id = a.id) AS quiz_right,
       (SELECT count(*) FROM responses r JOIN attempts x ON x.id = r.attempt_id WHERE x.profile_id = p.id) AS answers,
       f.quiz_id AS last_quiz, f.score AS last_score,
       extract(epoch FROM now() - pr.seen_at)::float AS seen_age, pr.state
FROM profiles p
LEFT JOIN LATERAL (SELECT * FROM lesson_progress l WHERE l.profile_id = p.id ORDER BY updated_at DESC LIMIT 1) lp
       ON true
LEFT JOIN LATERAL (SELECT * FROM attempts x WHERE x.profile_id = p.id AND x.finished_at IS NULL ORDER BY id DESC
                   LIMIT 1) a ON true
LEFT JOIN LATERAL (SELECT * FROM attempts x WHERE x.profile_id = p.id AND x.finished_at IS NOT NULL
                   ORDER BY finished_at DESC LIMIT 1) f ON true
LEFT JOIN presence pr ON pr.profile_id = p.id
WHERE %(ids)s::bigint[] IS NULL OR p.id = ANY(%(ids)s::bigint[])
ORDER BY lower(p.name), p.name
"""


def read_room(conn: psycopg.Connection, ids: list[int] | None = None) -> list[LearnerNow]:
    now = time.monotonic()
    found: list[dict[str, Any]] = list(rows(conn, ROOM_QUERY, {"ids": ids}))  # type: ignore[arg-type]
    return [LearnerNow(**row, read_at=now) for row in found]


def listen(conn: psycopg.Connection, changed: Callable[[set[int]], None], stop: Callable[[], bool]) -> None:
    """Call `changed(ids)` with the learners each burst of notifications names, until `stop()`.

    `conn` must be in autocommit mode and used by nothing else. Blocks; run it in a thread.
    The 0.5 s timeout only lets `stop` be checked: nothing is read unless a notification came.
    """
    conn.execute(f"LISTEN {CHANNEL}")  # again, harmless: the caller may have listened before reading
    while not stop():
        heard = list(conn.notifies(timeout=0.5, stop_after=1))
        if not heard:
            continue
        # Take whatever else arrived with it, then show it: a burst is read once.
        heard += conn.notifies(timeout=0.02)
        ids = {int(notice.payload) for notice in heard if notice.payload.isdigit()}
        if ids:
            changed(ids)

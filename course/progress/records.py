"""What the store hands out: profiles, reading positions, attempts and their answers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from course.quiz import Answer, Presented

# Records are NamedTuples rather than dataclasses: they are defined on the way to the first
# frame, where building a dataclass costs about a millisecond each (NamedTuple: a tenth).


class Profile(NamedTuple):
    id: int
    name: str
    locale: str
    created_at: str
    last_used_at: str


class LessonProgress(NamedTuple):
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


class Response(NamedTuple):
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


class Row(Protocol):
    """A database row read by column name (sqlite3.Row, or another backend's)."""

    def __getitem__(self, key: str, /) -> Any: ...


def attempt_from_row(row: Row) -> AttemptRecord:
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

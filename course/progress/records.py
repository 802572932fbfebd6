"""What the store hands out: profiles, reading positions, attempts and their answers, review cards."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol, TypeVar

from course.quiz import Answer, Presented

T = TypeVar("T")

DEFAULT_LIMIT, MAX_LIMIT = 20, 500  # a learner's daily review limit: by default, and at most

# Records are NamedTuples rather than dataclasses: they are defined on the way to the first
# frame, where building a dataclass costs about a millisecond each (NamedTuple: a tenth).


class Profile(NamedTuple):
    id: int
    name: str
    locale: str
    created_at: str
    last_used_at: str
    review_limit: int = DEFAULT_LIMIT  # questions per day in review sessions (see spacing.py)


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


class CardRecord(NamedTuple):
    """A learner's card for one question: its FSRS state (see spacing.py), keyed by question id."""

    question_id: str
    state: int  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None
    reviews: int  # how many ratings it has had


class ReviewRecord(NamedTuple):
    """One rating of a card: which answer gave it, when, and how it was rated (fsrs.Rating)."""

    question_id: str
    rating: int  # 1 again, 2 hard, 3 good, 4 easy
    reviewed_at: str
    kind: str  # the mode of the attempt that gave it: practice, exam or review
    attempt_id: int | None


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


# Reading rows back. Progress files travel (report reads files collected from trainees), and a
# file can be damaged or made by hand: every value is checked to be what the store writes, so
# that a bad one is reported as such (ValueError, which the backend turns into StoreDamaged)
# instead of failing later, far from here.


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {type(value).__name__}")
    return value


def _moment(value: Any) -> str:
    text = _text(value)
    dt.datetime.fromisoformat(text)  # ValueError if it is not a moment
    return text


def _maybe(check: Callable[[Any], T], value: Any) -> T | None:
    return None if value is None else check(value)


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, found {type(value).__name__}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError(f"expected a number, found {value!r}")
    return float(value)


def _daily_limit(value: Any) -> int:
    limit = _whole(value)
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"a daily limit of {limit}")
    return limit


# The columns profile_from_row reads, for every backend's queries: one place to add a field.
PROFILE_SELECT = "SELECT id, name, locale, created_at, last_used_at, review_limit FROM profiles"


def profile_from_row(row: Row) -> Profile:
    return Profile(
        _whole(row["id"]),
        _text(row["name"]),
        _text(row["locale"]),
        _moment(row["created_at"]),
        _moment(row["last_used_at"]),
        _daily_limit(row["review_limit"]),
    )


def lesson_from_row(row: Row) -> LessonProgress:
    return LessonProgress(
        lesson_id=_text(row["lesson_id"]),
        section=_whole(row["section"]),
        furthest_section=_whole(row["furthest_section"]),
        sections_total=_whole(row["sections_total"]),
        seconds_spent=_whole(row["seconds_spent"]),
        started_at=_moment(row["started_at"]),
        updated_at=_moment(row["updated_at"]),
        read_at=_maybe(_moment, row["read_at"]),
    )


def attempt_from_row(row: Row) -> AttemptRecord:
    plan = json.loads(_text(row["plan"]))
    if not isinstance(plan, list):
        raise ValueError("the plan of an attempt is not a list")
    return AttemptRecord(
        id=_whole(row["id"]),
        profile_id=_whole(row["profile_id"]),
        quiz_id=_text(row["quiz_id"]),
        mode=_text(row["mode"]),
        seed=_whole(row["seed"]),
        plan=[Presented.from_json(p) for p in plan],
        position=_whole(row["position"]),
        time_limit_seconds=_maybe(_whole, row["time_limit_seconds"]),
        started_at=_moment(row["started_at"]),
        finished_at=_maybe(_moment, row["finished_at"]),
        score=_maybe(_number, row["score"]),
        passed=None if row["passed"] is None else bool(_whole(row["passed"])),
    )


def response_from_row(row: Row) -> Response:
    answer = json.loads(_text(row["answer"]))
    if not isinstance(answer, dict):
        raise ValueError("an answer is not an object")
    return Response(
        question_id=_text(row["question_id"]),
        answer=answer,
        score=_number(row["score"]),
        locale=_text(row["locale"]),
        hint_used=bool(_whole(row["hint_used"])),
        answered_at=_moment(row["answered_at"]),
    )


def card_from_row(row: Row) -> CardRecord:
    state = _whole(row["state"])
    if state not in (1, 2, 3):
        raise ValueError(f"no card state {state}")
    return CardRecord(
        question_id=_text(row["question_id"]),
        state=state,
        step=_maybe(_whole, row["step"]),
        stability=_maybe(_number, row["stability"]),
        difficulty=_maybe(_number, row["difficulty"]),
        due=_moment(row["due"]),
        last_review=_maybe(_moment, row["last_review"]),
        reviews=_whole(row["reviews"]),
    )


def review_from_row(row: Row) -> ReviewRecord:
    rating = _whole(row["rating"])
    if rating not in (1, 2, 3, 4):
        raise ValueError(f"no rating {rating}")
    return ReviewRecord(
        question_id=_text(row["question_id"]),
        rating=rating,
        reviewed_at=_moment(row["reviewed_at"]),
        kind=_text(row["kind"]),
        attempt_id=_maybe(_whole, row["attempt_id"]),
    )

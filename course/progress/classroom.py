"""A class's results, from one or more progress databases: per learner, and per question.

Per learner: lessons read, quizzes passed, best and latest scores, time spent. Per question,
from each learner's first finished attempt at the quiz (as Moodle's quiz statistics do):

- facility index: mean score / maximum score;
- discrimination index: 100 x the correlation of the question's score with the score on the
  rest of the attempt (Pearson, with the n-1 estimators);
- discriminative efficiency: 100 x that covariance / the largest covariance the two score
  lists could have (both sorted), i.e. how good the discrimination is for the question's
  difficulty;
- how often each option was chosen.

A question whose discrimination index is below 20 (or negative), or with a distractor no one
chose, is flagged.

Progress files are only read (see database.snapshot): nothing is created or changed beside
them. A file that cannot be read is set aside with the reason, and the others are used.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from course.content.outline import Outline
from course.progress.errors import StoreError
from course.progress.opening import open_store
from course.progress.records import AttemptRecord, Profile
from course.progress.store import ProgressStore, parse_time

LOW_DISCRIMINATION = 20.0
# An attempt left open longer than this is taken as abandoned: its time is not counted.
MAX_ATTEMPT_SECONDS = 3 * 3600


@dataclass
class QuizResult:
    quiz_id: str
    attempts: int
    best: float | None
    latest: float | None
    passed: bool


Source = Path | str  # a progress file, or a class server's URL (read live)


@dataclass
class LearnerResult:
    name: str
    database: Source
    locale: str
    last_active: str
    lessons_read: int
    lessons_total: int
    quizzes_passed: int
    quizzes_total: int
    seconds_spent: int
    quizzes: list[QuizResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "database": str(self.database),
            "locale": self.locale,
            "last_active": self.last_active,
            "lessons_read": self.lessons_read,
            "lessons_total": self.lessons_total,
            "quizzes_passed": self.quizzes_passed,
            "quizzes_total": self.quizzes_total,
            "seconds_spent": self.seconds_spent,
            "quizzes": [q.__dict__ for q in self.quizzes],
        }


def _attempt_seconds(attempt: AttemptRecord) -> int:
    start = parse_time(attempt.started_at)
    end_text = attempt.finished_at or max(
        (r.answered_at for r in attempt.responses.values()), default=attempt.started_at
    )
    seconds = (parse_time(end_text) - start).total_seconds()
    return int(seconds) if 0 <= seconds <= MAX_ATTEMPT_SECONDS else 0


T = TypeVar("T")


class Reading(NamedTuple, Generic[T]):
    """What was read from a class's progress files, and which files could not be read."""

    found: list[T]
    unreadable: list[str]  # one message per file: what is wrong with it
    notices: list[str]  # what opening a file had to tell (see schema.py)


def read_each(databases: list[Source], read: Callable[[Source, ProgressStore], list[T]]) -> Reading[T]:
    """`read` applied to each database opened read-only; a file that cannot be opened or read
    is listed as unreadable, with nothing taken from it."""
    reading: Reading[T] = Reading([], [], [])
    for database in databases:
        try:
            store = open_store(database, read_only=True)
        except StoreError as error:
            reading.unreadable.append(str(error))
            continue
        try:
            found = read(database, store)
        except StoreError as error:
            reading.unreadable.append(str(error))
            continue
        finally:
            store.close()
        if store.notice:
            reading.notices.append(store.notice)
        reading.found.extend(found)
    return reading


def learner_results(outline: Outline, databases: list[Source]) -> Reading[LearnerResult]:
    quiz_ids = [lesson.quiz for lesson in outline.lessons if lesson.quiz]
    if outline.final_exam:
        quiz_ids.append(outline.final_exam)
    reading = read_each(
        databases,
        lambda database, store: [_learner(outline, store, profile, database, quiz_ids) for profile in store.profiles()],
    )
    reading.found.sort(key=lambda r: (r.name.casefold(), str(r.database)))
    return reading


def _learner(
    outline: Outline, store: ProgressStore, profile: Profile, database: Source, quiz_ids: list[str]
) -> LearnerResult:
    reading = store.lessons(profile.id)
    seconds = sum(p.seconds_spent for p in reading.values())
    quizzes = []
    everything: list[AttemptRecord] = []
    for quiz_id in quiz_ids:
        attempts = [store.attempt(a.id) for a in store.attempts(profile.id, quiz_id)]
        everything += attempts
        seconds += sum(_attempt_seconds(a) for a in attempts)
        finished = [a for a in attempts if a.finished and a.score is not None]
        quizzes.append(
            QuizResult(
                quiz_id,
                len(finished),
                max((a.score for a in finished if a.score is not None), default=None),
                finished[-1].score if finished else None,
                any(a.passed for a in finished),
            )
        )
    lesson_quizzes = [q for q in quizzes if q.quiz_id != outline.final_exam]
    # ISO 8601 UTC timestamps, all written by the store: they compare as text.
    moments = [profile.last_used_at, *(p.updated_at for p in reading.values())]
    moments += [a.finished_at or a.started_at for a in everything]
    moments += [r.answered_at for a in everything for r in a.responses.values()]
    return LearnerResult(
        name=profile.name,
        database=database,
        locale=profile.locale,
        last_active=max(moments),
        lessons_read=sum(1 for p in reading.values() if p.read),
        lessons_total=len(outline.lessons),
        quizzes_passed=sum(1 for q in lesson_quizzes if q.passed),
        quizzes_total=len(lesson_quizzes),
        seconds_spent=seconds,
        quizzes=quizzes,
    )


# -- item analysis -------------------------------------------------------------------------------


@dataclass
class ItemStats:
    question_id: str
    quiz_id: str
    attempts: int
    facility: float | None  # 0..1
    discrimination: float | None  # -100..100
    efficiency: float | None  # -100..100 (can exceed in odd data)
    choices: dict[str, int]  # option id (or true/false) -> how many chose it
    flags: list[str]  # low_discrimination, negative_discrimination, unchosen_distractor:<option id>

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def first_attempts(databases: list[Source], quiz_id: str) -> Reading[AttemptRecord]:
    """Each learner's first finished attempt at `quiz_id`, across the databases."""

    def read(_database: Source, store: ProgressStore) -> list[AttemptRecord]:
        found = []
        for profile in store.profiles():
            finished = [a for a in store.attempts(profile.id, quiz_id) if a.finished]
            if finished:
                found.append(store.attempt(finished[0].id))
        return found

    return read_each(databases, read)


def _variance(values: list[float], mean: float) -> float:
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def item_statistics(
    attempts: list[AttemptRecord], quiz_id: str, options: dict[str, tuple[list[str], set[str]]]
) -> list[ItemStats]:
    """Moodle's per-question statistics over `attempts` (see the module docstring).

    `options` gives, per choice question, its option ids and the right ones: every option is
    counted (zeros included) and a wrong option nobody chose is flagged.
    """
    marks: dict[str, list[tuple[float, float]]] = {}  # question -> [(its mark, rest of the attempt)]
    choices: dict[str, Counter[str]] = {}
    for attempt in attempts:
        scores = {r.question_id: r.score for r in attempt.responses.values()}
        total = sum(scores.values())
        for presented in attempt.plan:
            question_id = presented.question_id
            mark = scores.get(question_id, 0.0)
            marks.setdefault(question_id, []).append((mark, total - mark))
            response = attempt.responses.get(question_id)
            counter = choices.setdefault(question_id, Counter())
            if response is not None:
                answer = response.answer
                if "choice" in answer:
                    counter[str(answer["choice"])] += 1
                elif "choices" in answer:
                    counter.update(str(c) for c in answer["choices"])
                elif "value" in answer:
                    counter["true" if answer["value"] else "false"] += 1
    result = []
    for question_id, pairs in marks.items():
        count = len(pairs)
        own = [p[0] for p in pairs]
        rest = [p[1] for p in pairs]
        mean_own = sum(own) / count
        facility = mean_own  # every question is worth 1
        discrimination = efficiency = None
        if count > 1:
            mean_rest = sum(rest) / count
            covariance = sum((a - mean_own) * (b - mean_rest) for a, b in pairs) / (count - 1)
            variances = _variance(own, mean_own) * _variance(rest, mean_rest)
            if variances > 0:
                discrimination = 100 * covariance / math.sqrt(variances)
            covariance_max = sum(
                (a - mean_own) * (b - mean_rest) for a, b in zip(sorted(own), sorted(rest), strict=True)
            ) / (count - 1)
            if covariance_max:
                efficiency = 100 * covariance / covariance_max
        all_options, right = options.get(question_id, ([], set()))
        counts = dict.fromkeys(all_options, 0)
        counts.update(choices.get(question_id, {}))
        flags = []
        if discrimination is not None and discrimination < LOW_DISCRIMINATION:
            flags.append("negative_discrimination" if discrimination < 0 else "low_discrimination")
        flags += [
            f"unchosen_distractor:{option}" for option in all_options if not counts.get(option) and option not in right
        ]
        result.append(ItemStats(question_id, quiz_id, count, facility, discrimination, efficiency, counts, flags))
    return sorted(result, key=lambda s: s.question_id)

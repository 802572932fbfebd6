"""Scoring a whole attempt against the quiz's pass mark."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from course.content import Quiz
from course.quiz.plan import Presented


@dataclass(frozen=True)
class AttemptScore:
    """An attempt's share of the marks, and whether it reaches the pass mark."""

    score: float  # 0..1: the mean of the question scores, unanswered questions counting 0
    passed: bool
    answered: int
    total: int
    correct: int


def score_attempt(quiz: Quiz, plan: list[Presented], scores: Mapping[str, float]) -> AttemptScore:
    total = len(plan)
    got = [scores[p.question_id] for p in plan if p.question_id in scores]
    score = sum(got) / total if total else 0.0
    return AttemptScore(
        score=score,
        # Compare in whole percent steps the way the pass mark is written, without float noise.
        passed=round(score * 100, 6) >= quiz.pass_mark,
        answered=len(got),
        total=total,
        correct=sum(1 for s in got if s >= 1 - 1e-9),
    )

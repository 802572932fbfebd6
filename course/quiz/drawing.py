"""Which questions an attempt shows, in which order, with options in which order.

Everything follows from one recorded seed, so an attempt can be shown again exactly as
the trainee saw it, for review or after a crash.
"""

from __future__ import annotations

import random

from course.content import Course, Matching, Ordering, Quiz
from course.content.questions import QuestionBase
from course.quiz.plan import Presented


def bank(course: Course, quiz: Quiz) -> list[QuestionBase]:
    """Every question an attempt at `quiz` could draw."""
    questions: list[QuestionBase] = list(quiz.questions)
    for rule in quiz.draw_from:
        target = course.quizzes.get(rule.quiz)
        if target is not None:
            questions.extend(target.questions)
    return questions


def draw(course: Course, quiz: Quiz, seed: int) -> list[Presented]:
    """The questions of one attempt, drawn and shuffled as the quiz settings say."""
    rng = random.Random(seed)
    count = quiz.own_draw_count()
    if quiz.shuffle:
        chosen: list[QuestionBase] = rng.sample(list(quiz.questions), count)
    else:
        chosen = list(quiz.questions[:count])
    for rule in quiz.draw_from:
        target = course.quizzes.get(rule.quiz)
        if target is not None:
            chosen.extend(rng.sample(list(target.questions), min(rule.count, len(target.questions))))
    if quiz.shuffle:
        rng.shuffle(chosen)
    return [Presented(q.id, _part_order(q, rng, quiz.shuffle)) for q in chosen]


def _part_order(question: QuestionBase, rng: random.Random, shuffle: bool) -> tuple[str, ...]:
    if isinstance(question, Ordering):
        return _shuffled_away([item.id for item in question.items], rng)
    if isinstance(question, Matching):
        right = [pair.id for pair in question.pairs] + [d.id for d in question.distractors]
        return _shuffled_away(right, rng)
    options = getattr(question, "options", None)
    if options is None:
        return ()
    ids = [option.id for option in options]
    if shuffle and getattr(question, "shuffle_options", True):
        rng.shuffle(ids)
    return tuple(ids)


def _shuffled_away(ids: list[str], rng: random.Random) -> tuple[str, ...]:
    """A shuffle that never shows the answer: the right order is always disturbed."""
    original = list(ids)
    if len(ids) < 2:
        return tuple(ids)
    while ids == original:
        rng.shuffle(ids)
    return tuple(ids)

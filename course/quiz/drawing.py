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


def draw(course: Course, quiz: Quiz, seed: int, file_order: bool = False) -> list[Presented]:
    """The questions of one attempt, drawn and shuffled as the quiz settings say.

    Never two questions of one `group` (variants of one item), even from different banks.
    `file_order` (for an instructor's preview) shows options and matching answers as the
    file lists them; ordering items are still shuffled, since their file order is the answer.
    """
    rng = random.Random(seed)
    count = quiz.own_draw_count()
    taken: set[str] = set()
    if quiz.shuffle:
        chosen = _sample(rng, list(quiz.questions), count, taken)
    else:
        chosen = _first(list(quiz.questions), count, taken)
    for rule in quiz.draw_from:
        target = course.quizzes.get(rule.quiz)
        if target is not None:
            chosen.extend(_sample(rng, list(target.questions), rule.count, taken))
    if quiz.shuffle:
        rng.shuffle(chosen)
    return [Presented(q.id, _part_order(q, rng, quiz.shuffle, file_order)) for q in chosen]


def reshuffled(questions: list[QuestionBase], seed: int) -> list[Presented]:
    """`questions` in the order given, each with its parts shuffled anew (a review session).

    Options stay in place where the question says so (`shuffle_options: false`).
    """
    rng = random.Random(seed)
    return [Presented(q.id, _part_order(q, rng, True, False)) for q in questions]


def _sample(rng: random.Random, questions: list[QuestionBase], count: int, taken: set[str]) -> list[QuestionBase]:
    """`count` questions at random, skipping groups already `taken` (which it extends).

    A bank without groups is drawn exactly as before groups existed (one `rng.sample`), so
    the same seed keeps giving the same attempt. `validate` makes sure enough groups exist.
    """
    if all(q.group is None for q in questions):
        return rng.sample(questions, min(count, len(questions)))
    return _first(rng.sample(questions, len(questions)), count, taken)


def _first(questions: list[QuestionBase], count: int, taken: set[str]) -> list[QuestionBase]:
    """The first `count` of `questions`, at most one per group."""
    chosen: list[QuestionBase] = []
    for question in questions:
        if len(chosen) == count:
            break
        if question.group is None or question.group not in taken:
            chosen.append(question)
            if question.group is not None:
                taken.add(question.group)
    return chosen


def _part_order(question: QuestionBase, rng: random.Random, shuffle: bool, file_order: bool) -> tuple[str, ...]:
    if isinstance(question, Ordering):
        return _shuffled_away([item.id for item in question.items], rng)
    if isinstance(question, Matching):
        right = [pair.id for pair in question.pairs] + [d.id for d in question.distractors]
        return tuple(right) if file_order else _shuffled_away(right, rng)
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

"""Checking recorded scores against the answer key: the instructor's side of the trust model.

A trainee's program grades each answer with the course on the trainee's machine and sends
the answer together with its score. The server guarantees whose row it is and that it is
never changed afterwards, but it cannot know the answer key (the content is not on the
server). So `report` grades every recorded answer again with the instructor's copy of the
course, and names each answer whose recorded score differs: a modified program, a hand-made
row, or content that changed since the answer was given.
"""

from __future__ import annotations

from typing import NamedTuple

from course.content import Course
from course.progress.store import ProgressStore
from course.quiz import InvalidAnswer, bank, grade

TOLERANCE = 1e-6


class Mismatch(NamedTuple):
    learner: str
    quiz_id: str
    question_id: str
    recorded: float
    graded: float | None  # None: the answer cannot be graded at all


def mismatched_scores(course: Course, store: ProgressStore) -> list[Mismatch]:
    """Every recorded answer whose score is not the one the course's answer key gives."""
    found = []
    for profile in store.profiles():
        for summary in store.attempts(profile.id):
            quiz = course.quizzes.get(summary.quiz_id)
            if quiz is None:
                continue
            questions = {question.id: question for question in bank(course, quiz)}
            for response in store.attempt(summary.id).responses.values():
                question = questions.get(response.question_id)
                if question is None:
                    continue
                try:
                    graded: float | None = grade(question, response.answer, response.locale).score
                except (InvalidAnswer, KeyError, TypeError, ValueError):
                    graded = None
                if graded is None or abs(graded - response.score) > TOLERANCE:
                    found.append(Mismatch(profile.name, quiz.id, response.question_id, response.score, graded))
    return found

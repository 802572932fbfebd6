"""A quiz attempt (or review session) in progress: the drawn questions, the answers so far, the clock.

The screen asks this object what to show and tells it what the trainee answered; each
answer is graded and committed to the store before the screen shows any feedback. A run
holds its attempt in the store (see store.py, two windows): `start` and `resume` take it,
`renew` keeps it, `release` lets it go; a write after another window took it over raises
AttemptLost and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from course.content import Course, LocalizedText, Quiz
from course.content.questions import QuestionBase
from course.i18n import N_, gettext_in
from course.progress.records import AttemptRecord
from course.progress.store import ProgressStore, parse_time
from course.quiz import Answer, AttemptScore, Grade, Presented, bank, draw, grade, reshuffled, score_attempt

REVIEW_TITLE = N_("Review")


@dataclass(frozen=True)
class AnsweredQuestion:
    """Everything the review shows about one question of an attempt."""

    index: int
    question: QuestionBase
    presented: Presented
    answer: Answer | None
    grade: Grade | None


class QuizRun:
    """One attempt at a quiz by one profile, backed by the store."""

    def __init__(self, course: Course, quiz: Quiz, store: ProgressStore, record: AttemptRecord) -> None:
        self.course = course
        self.quiz = quiz
        self.store = store
        self.record = record
        # Only the banks this quiz draws from: a big course need not be indexed whole.
        questions = {question.id: question for question in bank(course, quiz)}
        # A question removed from the content since the attempt started is skipped, not fatal.
        self.plan = [p for p in record.plan if p.question_id in questions]
        self._questions = questions
        self.grades: dict[str, Grade] = {}
        for question_id, response in record.responses.items():
            if question_id in questions:
                try:
                    self.grades[question_id] = grade(questions[question_id], response.answer, response.locale)
                except ValueError:
                    continue

    @classmethod
    def start(
        cls,
        course: Course,
        quiz: Quiz,
        store: ProgressStore,
        profile_id: int,
        seed: int | None = None,
        file_order: bool = False,
    ) -> QuizRun:
        """A new attempt; `file_order` shows every part as the file lists it (see `draw`)."""
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        plan = draw(course, quiz, seed, file_order)
        limit = quiz.time_limit_minutes * 60 if quiz.time_limit_minutes else None
        record = store.start_attempt(profile_id, quiz.id, quiz.mode, seed, plan, limit)
        return cls(course, quiz, store, record)

    @classmethod
    def resume(
        cls, course: Course, quiz: Quiz, store: ProgressStore, record: AttemptRecord, take_over: bool = False
    ) -> QuizRun:
        """Hold an unfinished attempt again; AttemptHeld if another window has it, unless `take_over`."""
        return cls(course, quiz, store, store.claim_attempt(record.id, take_over))

    def renew(self) -> None:
        """Keep holding the attempt; AttemptLost if another window took it over."""
        self.store.renew_attempt(self.record.id)

    def release(self) -> None:
        """Let another window have the attempt without asking (leaving the quiz)."""
        self.store.release_attempt(self.record.id)

    # -- what to show -----------------------------------------------------------------------

    @property
    def exam(self) -> bool:
        return self.quiz.mode == "exam"

    def __len__(self) -> int:
        return len(self.plan)

    def question(self, index: int) -> QuestionBase:
        return self._questions[self.plan[index].question_id]

    def presented(self, index: int) -> Presented:
        return self.plan[index]

    def answer_of(self, index: int) -> Answer | None:
        response = self.record.responses.get(self.plan[index].question_id)
        return response.answer if response else None

    def grade_of(self, index: int) -> Grade | None:
        return self.grades.get(self.plan[index].question_id)

    def answered(self, index: int) -> bool:
        return self.plan[index].question_id in self.record.responses

    def first_unanswered(self) -> int:
        return next((i for i in range(len(self.plan)) if not self.answered(i)), len(self.plan))

    # -- answering --------------------------------------------------------------------------

    def answer(self, index: int, answer: Answer, locale: str, hint_used: bool = False) -> Grade:
        """Grade and durably record an answer. Raises InvalidAnswer for an ungradable one."""
        question = self.question(index)
        result = grade(question, answer, locale)
        self.store.record_answer(self.record.id, question.id, answer, result.score, locale, hint_used, position=index)
        self.record = self.store.attempt(self.record.id)
        self.grades[question.id] = result
        return result

    def move_to(self, index: int) -> None:
        self.store.save_attempt_position(self.record.id, index)
        self.record.position = index

    def score(self) -> AttemptScore:
        return score_attempt(self.quiz, self.plan, {qid: g.score for qid, g in self.grades.items()})

    def finish(self) -> AttemptScore:
        result = self.score()
        self.store.finish_attempt(self.record.id, result.score, result.passed)
        self.record = self.store.attempt(self.record.id)
        return result

    # -- time -------------------------------------------------------------------------------

    def deadline(self) -> dt.datetime | None:
        if self.record.time_limit_seconds is None:
            return None
        return parse_time(self.record.started_at) + dt.timedelta(seconds=self.record.time_limit_seconds)

    def seconds_left(self, now: dt.datetime) -> int | None:
        deadline = self.deadline()
        if deadline is None:
            return None
        return max(0, int((deadline - now).total_seconds()))

    def review(self) -> list[AnsweredQuestion]:
        return [
            AnsweredQuestion(i, self.question(i), self.plan[i], self.answer_of(i), self.grade_of(i))
            for i in range(len(self.plan))
        ]


def review_quiz(course: Course, question_ids: list[str]) -> Quiz:
    """A review session seen as a practice quiz of its questions (for the question runner)."""
    questions = course.questions()
    asked: list[Any] = [questions[qid] for qid in question_ids if qid in questions]
    return Quiz.model_construct(
        id="review",
        title=LocalizedText({locale: gettext_in(locale, REVIEW_TITLE) for locale in course.locales}),
        mode="practice",
        pass_mark=0,
        shuffle=False,
        questions=asked,
        draw_from=[],
    )


class ReviewRun(QuizRun):
    """A review session: due questions of every lesson, shown and marked as in practice.

    Each answer is recorded, and its card rated, before its feedback is shown (store.py).
    """

    @classmethod
    def begin(
        cls, course: Course, store: ProgressStore, profile_id: int, seed: int | None = None, take_over: bool = False
    ) -> ReviewRun | None:
        """A new session of what is due now; None when nothing is (or today's limit is reached).

        AttemptHeld when another window has the learner's review open, unless `take_over`.
        """
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        questions = course.questions()

        def present(ids: list[str]) -> list[Presented]:
            return reshuffled([questions[qid] for qid in ids], seed)

        record = store.start_review(profile_id, questions.keys(), present, seed, take_over)
        return None if record is None else cls.of(course, store, record)

    @classmethod
    def of(cls, course: Course, store: ProgressStore, record: AttemptRecord) -> ReviewRun:
        return cls(course, review_quiz(course, [p.question_id for p in record.plan]), store, record)

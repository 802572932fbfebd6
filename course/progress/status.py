"""What the course map shows: each lesson's status, the final exam, and where to continue."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from course.content.outline import Outline, OutlineLesson
from course.progress.records import AttemptRecord, LessonProgress
from course.progress.review import ReviewStatus, review_of
from course.progress.store import ProgressStore


class LessonStatus(Enum):
    LOCKED = "locked"  # a prerequisite is not done yet
    NEW = "new"
    IN_PROGRESS = "in_progress"
    READ = "read"  # read to the end; its quiz not passed yet
    PASSED = "passed"  # its quiz passed (or read, for a lesson without a quiz)


# Records are NamedTuples rather than dataclasses: they are defined on the way to the first
# frame, where building a dataclass costs about a millisecond each (NamedTuple: a tenth).


class QuizSummary(NamedTuple):
    attempts: int
    best: float | None
    latest: float | None
    passed: bool
    unfinished: AttemptRecord | None


class LessonState(NamedTuple):
    lesson: OutlineLesson
    status: LessonStatus
    progress: LessonProgress | None
    quiz: QuizSummary | None
    blocked_by: list[str]  # prerequisite lesson ids not done yet
    retention: float | None = None  # spaced review: how much of its answers is remembered (0..1)


class Continue(NamedTuple):
    """Where "continue where I left off" goes."""

    kind: str  # "lesson" or "quiz"
    target_id: str
    section: int = 0


class CourseState(NamedTuple):
    lessons: list[LessonState]
    final_exam: QuizSummary | None
    final_exam_unlocked: bool
    completion: float  # 0..1 for the progress bar
    next_step: Continue | None
    review: ReviewStatus | None = None  # spaced review: what is due

    def lesson(self, lesson_id: str) -> LessonState:
        return next(state for state in self.lessons if state.lesson.id == lesson_id)


def quiz_summary(store: ProgressStore, profile_id: int, quiz_id: str) -> QuizSummary:
    attempts = store.attempts(profile_id, quiz_id)
    finished = [a for a in attempts if a.finished and a.score is not None]
    unfinished = next((a for a in reversed(attempts) if not a.finished), None)
    return QuizSummary(
        attempts=len(finished),
        best=max((a.score for a in finished if a.score is not None), default=None),
        latest=finished[-1].score if finished else None,
        passed=any(a.passed for a in finished),
        unfinished=store.attempt(unfinished.id) if unfinished else None,
    )


def _done(lesson: OutlineLesson, progress: LessonProgress | None, quiz: QuizSummary | None) -> bool:
    if lesson.quiz is not None:
        return quiz is not None and quiz.passed
    return progress is not None and progress.read


def course_state(outline: Outline, store: ProgressStore, profile_id: int) -> CourseState:
    """The status of every lesson and of the final exam, from the outline and the store."""
    reading = store.lessons(profile_id)
    review = review_of(outline, store, profile_id)
    quizzes = {
        lesson.quiz: quiz_summary(store, profile_id, lesson.quiz)
        for lesson in outline.lessons
        if lesson.quiz is not None
    }
    done = {
        lesson.id: _done(lesson, reading.get(lesson.id), quizzes.get(lesson.quiz or "")) for lesson in outline.lessons
    }
    states = []
    for lesson in outline.lessons:
        progress = reading.get(lesson.id)
        quiz = quizzes.get(lesson.quiz or "")
        blocked_by = [p for p in lesson.prerequisites if not done.get(p, False)]
        if blocked_by:
            status = LessonStatus.LOCKED
        elif done[lesson.id]:
            status = LessonStatus.PASSED
        elif progress is not None and progress.read:
            status = LessonStatus.READ
        elif progress is not None or (quiz is not None and (quiz.attempts or quiz.unfinished)):
            status = LessonStatus.IN_PROGRESS
        else:
            status = LessonStatus.NEW
        states.append(LessonState(lesson, status, progress, quiz, blocked_by, review.retention[lesson.id]))

    exam_id = outline.final_exam
    exam = quiz_summary(store, profile_id, exam_id) if exam_id else None
    unlocked = all(done.values())
    steps = len(states) + (1 if exam_id else 0)
    points = sum(_points(state) for state in states) + (1.0 if exam and exam.passed else 0.0)
    return CourseState(
        lessons=states,
        final_exam=exam,
        final_exam_unlocked=unlocked,
        completion=points / steps if steps else 0.0,
        next_step=_next_step(states, exam_id, exam, unlocked),
        review=review.status,
    )


def _points(state: LessonState) -> float:
    if state.status is LessonStatus.PASSED:
        return 1.0
    if state.status is LessonStatus.READ:
        return 0.5
    if state.progress is not None and state.progress.sections_total:
        return 0.5 * (state.progress.furthest_section + 1) / state.progress.sections_total
    return 0.0


def _next_step(
    states: list[LessonState], exam_id: str | None, exam: QuizSummary | None, unlocked: bool
) -> Continue | None:
    unfinished = [
        (s.quiz.unfinished.started_at, s.lesson.quiz)
        for s in states
        if s.quiz is not None and s.quiz.unfinished is not None and s.lesson.quiz
    ]
    if exam is not None and exam.unfinished is not None and exam_id:
        unfinished.append((exam.unfinished.started_at, exam_id))
    if unfinished:
        return Continue("quiz", max(unfinished)[1])
    open_lessons = [s for s in states if s.status in (LessonStatus.IN_PROGRESS, LessonStatus.READ)]
    if open_lessons:
        latest = max(open_lessons, key=lambda s: s.progress.updated_at if s.progress else "")
        if latest.status is LessonStatus.READ and latest.lesson.quiz:
            return Continue("quiz", latest.lesson.quiz)
        return Continue("lesson", latest.lesson.id, latest.progress.section if latest.progress else 0)
    for state in states:
        if state.status is LessonStatus.NEW:
            return Continue("lesson", state.lesson.id)
    if exam_id and unlocked and not (exam and exam.passed):
        return Continue("quiz", exam_id)
    return None

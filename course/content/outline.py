"""The outline of a course: what the course map and the status need, as plain data.

The first screen a returning trainee sees is drawn from this outline alone; it is small,
kept as JSON in the content cache, and loads without pydantic, so the first frame does
not grow with the size of the question banks. Everything else (sections, questions,
glossary) comes from the full course, loaded after the first frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from course.content.course import Course

Texts = Mapping[str, str]

# Records are NamedTuples rather than dataclasses: they are defined on the way to the first
# frame, where building a dataclass costs about a millisecond each (NamedTuple: a tenth).


class OutlineLesson(NamedTuple):
    id: str
    title: Texts
    summary: Texts
    quiz: str | None
    prerequisites: tuple[str, ...]
    sections: int
    minutes: int | None = None


class OutlineQuiz(NamedTuple):
    id: str
    title: Texts
    description: Texts | None
    mode: str
    pass_mark: int
    per_attempt: int
    time_limit_minutes: int | None = None
    questions: tuple[str, ...] = ()  # the ids of its own bank (spaced review counts cards by them)


class Outline(NamedTuple):
    course_id: str
    title: Texts
    description: Texts | None
    locales: tuple[str, ...]
    source_locale: str
    lessons: tuple[OutlineLesson, ...]
    quizzes: Mapping[str, OutlineQuiz] = MappingProxyType({})
    final_exam: str | None = None

    def lesson(self, lesson_id: str) -> OutlineLesson:
        return next(lesson for lesson in self.lessons if lesson.id == lesson_id)

    def question_ids(self) -> frozenset[str]:
        """Every question of the course, by id."""
        return frozenset(qid for quiz in self.quizzes.values() for qid in quiz.questions)

    def lesson_questions(self, lesson: OutlineLesson) -> tuple[str, ...]:
        """The questions of a lesson: its quiz's own bank (not what the quiz draws from others)."""
        quiz = self.quizzes.get(lesson.quiz) if lesson.quiz else None
        return quiz.questions if quiz is not None else ()

    def to_json(self) -> dict[str, Any]:
        return {
            **self._asdict(),
            "lessons": [lesson._asdict() for lesson in self.lessons],
            "quizzes": {key: quiz._asdict() for key, quiz in self.quizzes.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outline:
        return cls(
            course_id=data["course_id"],
            title=data["title"],
            description=data["description"],
            locales=tuple(data["locales"]),
            source_locale=data["source_locale"],
            lessons=tuple(
                OutlineLesson(**{**lesson, "prerequisites": tuple(lesson["prerequisites"])})
                for lesson in data["lessons"]
            ),
            quizzes={
                key: OutlineQuiz(**{**quiz, "questions": tuple(quiz["questions"])})
                for key, quiz in data["quizzes"].items()
            },
            final_exam=data["final_exam"],
        )


def outline_of(course: Course) -> Outline:
    """The outline of a loaded course (lessons in the manifest's order)."""

    def texts(value: Any) -> Texts | None:
        return dict(value.root) if value is not None else None

    return Outline(
        course_id=course.manifest.id,
        title=dict(course.manifest.title.root),
        description=texts(course.manifest.description),
        locales=tuple(course.manifest.locales),
        source_locale=course.manifest.source_locale,
        lessons=tuple(
            OutlineLesson(
                id=lesson.id,
                title=dict(lesson.title.root),
                summary=dict(lesson.summary.root),
                quiz=lesson.quiz,
                prerequisites=tuple(lesson.prerequisites),
                sections=len(lesson.sections),
                minutes=lesson.minutes,
            )
            for lesson in course.lessons.values()
        ),
        quizzes={
            quiz.id: OutlineQuiz(
                id=quiz.id,
                title=dict(quiz.title.root),
                description=texts(quiz.description),
                mode=quiz.mode,
                pass_mark=quiz.pass_mark,
                per_attempt=quiz.own_draw_count() + sum(rule.count for rule in quiz.draw_from),
                time_limit_minutes=quiz.time_limit_minutes,
                questions=tuple(q.id for q in quiz.questions),
            )
            for quiz in course.quizzes.values()
        },
        final_exam=course.manifest.final_exam,
    )

"""A loaded course: the validated files, and where each object came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from course.content.models import GlossaryTerm, Lesson, Manifest, Source
from course.content.questions import QuestionBase
from course.content.quizzes import Quiz
from course.content.yamlfile import YamlDocument

if TYPE_CHECKING:
    from course.content.outline import Outline


# In `Course.unreadable`: the ids of that kind are not known (a directory or a linked file
# could not be read), so no reference of that kind is reported as broken. Never an id.
EVERY_ID = "*"


@dataclass(frozen=True)
class Origin:
    """Where an object is written: its file and its location inside it."""

    doc: YamlDocument
    loc: tuple[str | int, ...] = ()


@dataclass
class Course:
    """Everything a course holds, keyed by id; lessons in the manifest's order."""

    root: Path
    manifest: Manifest
    lessons: dict[str, Lesson] = field(default_factory=dict)
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict, repr=False)
    unreadable: dict[str, set[str]] = field(
        default_factory=lambda: {"lesson": set(), "quiz": set(), "term": set(), "source": set()},
        repr=False,
    )
    """Ids found in files that failed validation, by kind (their problems are reported already);
    `EVERY_ID` when the files of a kind could not be read at all."""

    @property
    def locales(self) -> list[str]:
        return list(self.manifest.locales)

    @property
    def source_locale(self) -> str:
        return self.manifest.source_locale

    def questions(self) -> dict[str, QuestionBase]:
        """Every question of every bank, by its course-wide id."""
        return {q.id: q for quiz in self.quizzes.values() for q in quiz.questions}

    def outline(self) -> Outline:
        """What the course map needs, as plain data (see course.content.outline)."""
        from course.content.outline import outline_of

        return outline_of(self)

    def lesson_for_quiz(self, quiz_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons.values() if lesson.quiz == quiz_id), None)

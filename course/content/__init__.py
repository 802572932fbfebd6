"""What a course IS: pydantic models, YAML loading and cross-file checks.

Imports nothing from Textual (see tests/test_layers.py). Names are resolved on first use
(PEP 562), so importing a light module such as `course.content.outline` does not load
pydantic: the app's first frame is drawn from the outline alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.lazy import exports_on_demand

_EXPORTS = {
    "LocalizedText": "course.content.base",
    "Course": "course.content.course",
    "LoadResult": "course.content.loader",
    "is_course_dir": "course.content.location",
    "load_course": "course.content.loader",
    "find_content_dir": "course.content.location",
    "GlossaryTerm": "course.content.models",
    "Lesson": "course.content.models",
    "Manifest": "course.content.models",
    "Section": "course.content.models",
    "Source": "course.content.models",
    "SourceRef": "course.content.models",
    "Problem": "course.content.problems",
    "QUESTION_TYPE_NAMES": "course.content.questions",
    "Choice": "course.content.questions",
    "Item": "course.content.questions",
    "Matching": "course.content.questions",
    "MultipleChoice": "course.content.questions",
    "Numeric": "course.content.questions",
    "Ordering": "course.content.questions",
    "Pair": "course.content.questions",
    "Question": "course.content.questions",
    "QuestionBase": "course.content.questions",
    "ShortAnswer": "course.content.questions",
    "SingleChoice": "course.content.questions",
    "TrueFalse": "course.content.questions",
    "DrawRule": "course.content.quizzes",
    "Quiz": "course.content.quizzes",
}
__all__ = [
    "QUESTION_TYPE_NAMES",
    "Choice",
    "Course",
    "DrawRule",
    "GlossaryTerm",
    "Item",
    "Lesson",
    "LoadResult",
    "LocalizedText",
    "Manifest",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "Ordering",
    "Pair",
    "Problem",
    "Question",
    "QuestionBase",
    "Quiz",
    "Section",
    "ShortAnswer",
    "SingleChoice",
    "Source",
    "SourceRef",
    "TrueFalse",
    "find_content_dir",
    "is_course_dir",
    "load_course",
]


__getattr__ = exports_on_demand(__name__, _EXPORTS, globals())


if TYPE_CHECKING:
    from course.content.base import LocalizedText
    from course.content.course import Course
    from course.content.loader import LoadResult, load_course
    from course.content.location import find_content_dir, is_course_dir
    from course.content.models import GlossaryTerm, Lesson, Manifest, Section, Source, SourceRef
    from course.content.problems import Problem
    from course.content.questions import (
        QUESTION_TYPE_NAMES,
        Choice,
        Item,
        Matching,
        MultipleChoice,
        Numeric,
        Ordering,
        Pair,
        Question,
        QuestionBase,
        ShortAnswer,
        SingleChoice,
        TrueFalse,
    )
    from course.content.quizzes import DrawRule, Quiz

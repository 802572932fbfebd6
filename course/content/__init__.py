"""What a course IS: pydantic models, YAML loading and cross-file checks.

Imports nothing from Textual (see tests/test_layers.py).
"""

from course.content.base import LocalizedText
from course.content.course import Course
from course.content.loader import LoadResult, is_course_dir, load_course
from course.content.location import find_content_dir
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

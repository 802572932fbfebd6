"""What the learner DID: the progress store (interface and SQLite backend), its migrations, the course status.

Imports nothing from Textual (see tests/test_layers.py).
"""

from course.progress.errors import AttemptHeld, AttemptLost, StoreDamaged, StoreError, StoreRefused
from course.progress.location import ENV_VARIABLE, data_dir, database_path
from course.progress.opening import open_store
from course.progress.records import AttemptRecord, LessonProgress, Profile, Response
from course.progress.status import Continue, CourseState, LessonState, LessonStatus, QuizSummary, course_state
from course.progress.store import ProfileNameError, ProgressStore, parse_time

__all__ = [
    "ENV_VARIABLE",
    "AttemptHeld",
    "AttemptLost",
    "AttemptRecord",
    "Continue",
    "CourseState",
    "LessonProgress",
    "LessonState",
    "LessonStatus",
    "Profile",
    "ProfileNameError",
    "ProgressStore",
    "QuizSummary",
    "Response",
    "StoreDamaged",
    "StoreError",
    "StoreRefused",
    "course_state",
    "data_dir",
    "database_path",
    "open_store",
    "parse_time",
]

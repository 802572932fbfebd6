"""How an attempt RUNS: drawing, shuffling, grading and scoring. No Textual, no I/O.

Names are resolved on first use (PEP 562); `course.quiz.plan` is plain data and loads
nothing heavy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.lazy import exports_on_demand

_EXPORTS = {
    "Answer": "course.quiz.plan",
    "Presented": "course.quiz.plan",
    "bank": "course.quiz.drawing",
    "draw": "course.quiz.drawing",
    "reshuffled": "course.quiz.drawing",
    "Grade": "course.quiz.grading",
    "InvalidAnswer": "course.quiz.grading",
    "correct_answer": "course.quiz.grading",
    "grade": "course.quiz.grading",
    "normalize_text": "course.quiz.matching",
    "parse_number": "course.quiz.matching",
    "strip_diacritics": "course.quiz.matching",
    "text_matches": "course.quiz.matching",
    "AttemptScore": "course.quiz.scoring",
    "score_attempt": "course.quiz.scoring",
}
__all__ = [
    "Answer",
    "AttemptScore",
    "Grade",
    "InvalidAnswer",
    "Presented",
    "bank",
    "correct_answer",
    "draw",
    "grade",
    "normalize_text",
    "parse_number",
    "reshuffled",
    "score_attempt",
    "strip_diacritics",
    "text_matches",
]


__getattr__ = exports_on_demand(__name__, _EXPORTS, globals())


if TYPE_CHECKING:
    from course.quiz.drawing import bank, draw, reshuffled
    from course.quiz.grading import Grade, InvalidAnswer, correct_answer, grade
    from course.quiz.matching import normalize_text, parse_number, strip_diacritics, text_matches
    from course.quiz.plan import Answer, Presented
    from course.quiz.scoring import AttemptScore, score_attempt

"""How an attempt RUNS: drawing, shuffling, grading and scoring. No Textual, no I/O."""

from course.quiz.drawing import Presented, bank, draw
from course.quiz.grading import Answer, Grade, InvalidAnswer, correct_answer, grade
from course.quiz.matching import normalize_text, parse_number, strip_diacritics, text_matches
from course.quiz.scoring import AttemptScore, score_attempt

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
    "score_attempt",
    "strip_diacritics",
    "text_matches",
]

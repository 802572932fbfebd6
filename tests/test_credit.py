"""Per-option `credit`: Moodle's answer grades on single and multiple choice, validated and graded."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from course.content.questions import Question
from course.quiz.grading import grade

BASE = {
    "prompt": {"en": "Q?", "vi": "Hỏi?"},
    "explanation": {"en": "E.", "vi": "G."},
    "source": "S1",
}


def question(**fields: Any) -> Any:
    return TypeAdapter(Question).validate_python({**BASE, **fields}, context={"locales": ["en", "vi"]})


def option(option_id: str, credit: float | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"id": option_id, "text": {"en": option_id, "vi": option_id}}
    if credit is not None:
        found["credit"] = credit
    return found


def test_single_choice_partial_credit() -> None:
    q = question(id="s", type="single_choice", options=[option("a"), option("b", 50), option("c")], answer="a")
    assert [grade(q, {"choice": c}).score for c in "abc"] == [1.0, 0.5, 0.0]
    assert not grade(q, {"choice": "b"}).correct


def test_multiple_choice_credits_are_moodles_sum_kept_between_0_and_1() -> None:
    q = question(
        id="m",
        type="multiple_choice",
        options=[option("a", 70), option("b", 30), option("c", -100), option("d", 0)],
        answers=["a", "b"],
    )
    scores = {
        picked: grade(q, {"choices": list(picked)}).score for picked in ["", "a", "b", "ab", "abd", "d", "ac", "abc"]
    }
    assert scores == {"": 0.0, "a": 0.7, "b": 0.3, "ab": 1.0, "abd": 1.0, "d": 0.0, "ac": 0.0, "abc": 0.0}


def test_without_credits_the_partial_rule_is_unchanged() -> None:
    q = question(id="m", type="multiple_choice", options=[option(x) for x in "abcd"], answers=["a", "b"])
    assert grade(q, {"choices": ["a"]}).score == 0.5
    assert grade(q, {"choices": ["a", "c"]}).score == 0.0
    assert grade(q, {"choices": ["a", "b", "c"]}).score == 0.5


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"type": "single_choice", "options": [option("a", 50), option("b")], "answer": "a"},
            "option 'a' is the answer, so it earns 100; remove its credit",
        ),
        (
            {"type": "single_choice", "options": [option("a"), option("b", -50)], "answer": "a"},
            "a single-choice option earns 0 to 100",
        ),
        (
            {
                "type": "multiple_choice",
                "options": [option("a", 60), option("b", 30), option("c")],
                "answers": ["a", "b"],
            },
            "the right options' credits add up to 90, not 100",
        ),
        (
            {"type": "multiple_choice", "options": [option("a"), option("b"), option("c", 20)], "answers": ["a", "b"]},
            "option 'c' is not in answers, so its credit must be 0 or below",
        ),
        (
            {
                "type": "multiple_choice",
                "options": [option("a", 50), option("b", 50), option("c")],
                "answers": ["a", "b"],
                "scoring": "all_or_nothing",
            },
            "credit on options needs scoring: partial",
        ),
    ],
)
def test_credits_that_cannot_mean_anything_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        question(id="x", **fields)

"""Validation of every question type: what a valid question needs, what an invalid one is told."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from course.content import QUESTION_TYPE_NAMES, Question

CONTEXT = {"locales": ["vi", "en"]}
ADAPTER: TypeAdapter[Any] = TypeAdapter(Question)


def text(en: str, vi: str | None = None) -> dict[str, str]:
    return {"en": en, "vi": vi or f"{en} (vi)"}


def base(kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"q-{kind.replace('_', '-')}",
        "type": kind,
        "prompt": text("Prompt?", "Câu hỏi?"),
        "explanation": text("Because.", "Vì vậy."),
        "source": {"ref": "S1", "at": "Art. 2"},
        **fields,
    }


def choices(*ids: str) -> list[dict[str, Any]]:
    return [{"id": i, "text": text(f"Option {i}", f"Phương án {i}")} for i in ids]


VALID: dict[str, dict[str, Any]] = {
    "single_choice": base("single_choice", options=choices("a", "b"), answer="b"),
    "multiple_choice": base("multiple_choice", options=choices("a", "b", "c"), answers=["a", "c"]),
    "true_false": base("true_false", answer=True),
    "short_answer": base("short_answer", accepted={"en": ["Budapest"], "vi": ["Budapest"]}),
    "numeric": base("numeric", value=2004, tolerance=0.5, unit=text("year", "năm")),
    "ordering": base("ordering", items=[{"id": "x", "text": text("X")}, {"id": "y", "text": text("Y")}]),
    "matching": base(
        "matching",
        pairs=[
            {"id": "p1", "left": text("Art. 2"), "right": text("Illegal access")},
            {"id": "p2", "left": text("Art. 24"), "right": text("Extradition")},
        ],
        distractors=[{"id": "d1", "text": text("Forgery")}],
    ),
}

# (type, change to the valid question, words the error must contain, field it must name)
INVALID: list[tuple[str, dict[str, Any], str, str]] = [
    ("single_choice", {"answer": "z"}, "'z' is not an option", "answer"),
    ("single_choice", {"options": choices("a")}, "at least 2", "options"),
    ("single_choice", {"options": choices("a", "a")}, "used twice", "options"),
    ("multiple_choice", {"answers": ["a", "q"]}, "'q' is not an option", "answers"),
    ("multiple_choice", {"answers": []}, "at least 1", "answers"),
    ("multiple_choice", {"scoring": "most"}, "use one of", "scoring"),
    ("multiple_choice", {"answers": ["a", "a"]}, "listed twice", "answers"),
    ("true_false", {"answer": "yes"}, "true or false", "answer"),
    ("short_answer", {"accepted": {"en": ["Budapest"]}}, "no accepted answer for vi", "accepted"),
    ("short_answer", {"match": "regex"}, "use one of", "match"),
    ("numeric", {"value": "2004"}, "number", "value"),
    ("numeric", {"tolerance": -1}, "at least 0", "tolerance"),
    ("numeric", {"format": "year", "value": 2004.5}, "a year is a whole number", "format"),
    ("numeric", {"format": "roman"}, "use one of", "format"),
    ("ordering", {"items": [{"id": "x", "text": text("X")}]}, "at least 2", "items"),
    ("ordering", {"items": [{"id": "x", "text": text("X")}, {"id": "x", "text": text("Y")}]}, "used twice", "items"),
    ("matching", {"distractors": [{"id": "p1", "text": text("Z")}]}, "also a pair id", "distractors"),
    ("matching", {"pairs": []}, "at least 2", "pairs"),
]


def validate(data: dict[str, Any]) -> Any:
    return ADAPTER.validate_python(data, context=CONTEXT)


def test_every_type_has_a_valid_example() -> None:
    assert set(VALID) == set(QUESTION_TYPE_NAMES)


@pytest.mark.parametrize("kind", sorted(VALID))
def test_valid_question(kind: str) -> None:
    question = validate(VALID[kind])
    assert question.type == kind
    assert question.prompt.get("vi", "en") == "Câu hỏi?"


@pytest.mark.parametrize("kind", sorted(VALID))
def test_every_type_needs_every_shipped_locale(kind: str) -> None:
    data = dict(VALID[kind], explanation={"en": "Because."})
    with pytest.raises(ValidationError) as info:
        validate(data)
    assert "text for vi is missing" in str(info.value)


@pytest.mark.parametrize("kind", sorted(VALID))
def test_every_type_refuses_unknown_fields(kind: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate(dict(VALID[kind], answer_key="a") if kind != "true_false" else dict(VALID[kind], options=[]))
    assert info.value.errors()[0]["type"] == "extra_forbidden"


@pytest.mark.parametrize(("kind", "change", "words", "field"), INVALID)
def test_invalid_question(kind: str, change: dict[str, Any], words: str, field: str) -> None:
    from course.content.problems import _reword

    with pytest.raises(ValidationError) as info:
        validate({**VALID[kind], **change})
    errors = info.value.errors()
    messages = [_reword(type(None), e["loc"], e) for e in errors]  # type: ignore[arg-type]
    assert any(words in m for m in messages), messages
    assert any(field in e["loc"] for e in errors), errors


def test_unknown_type_lists_the_valid_ones() -> None:
    with pytest.raises(ValidationError) as info:
        validate(base("essay"))
    assert "single_choice" in str(info.value) and "matching" in str(info.value)


def test_text_is_stored_composed() -> None:
    decomposed = "Cha\u0300o"  # "Chào" typed as a + combining grave
    question = validate(dict(VALID["true_false"], prompt={"en": "Hello", "vi": decomposed}))
    assert question.prompt.root["vi"] == "Chào"


def test_a_third_locale_may_be_partial() -> None:
    data = dict(VALID["true_false"], prompt={"en": "Hello", "vi": "Chào", "fr": "Bonjour"})
    question = validate(data)
    assert question.prompt.get("fr", "en") == "Bonjour"
    assert question.explanation.get("fr", "en") == "Because."  # falls back to the source locale

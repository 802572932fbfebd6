"""`validate` names a field as the instructor wrote it, at the line where it is (issue 13, point 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.cli import main


def _validate(course: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["validate", str(course)]) == 1
    return [line for line in capsys.readouterr().out.splitlines() if "first-quiz.yaml:" in line]


def _edit(course: Path, old: str, new: str) -> None:
    path = course / "quizzes" / "first-quiz.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_source_place_of_the_wrong_shape_is_named_as_written(
    course_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(course_copy, "    source: {ref: S1}\n", "    source: {ref: S1, at: [Art. 1]}\n")
    lines = _validate(course_copy, capsys)
    assert len(lines) == 1
    assert lines[0].endswith("questions[0].source.at: expected text or a mapping ('key: value' lines), found a list"), (
        lines
    )
    assert "function-after" not in lines[0] and "str" not in lines[0].split(": ", 1)[1].split(":")[0]


def test_a_per_language_place_missing_a_language_says_so_once(
    course_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(course_copy, "    source: {ref: S1}\n", "    source: {ref: S1, at: {en: Art. 1}}\n")
    lines = _validate(course_copy, capsys)
    assert len(lines) == 1
    assert lines[0].endswith("questions[0].source.at: text for vi is missing or empty; every text needs vi, en")


def test_an_unknown_question_type_is_reported_at_its_type_line(
    course_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(course_copy, "type: multiple_choice", "type: multi_choice")
    text = (course_copy / "quizzes" / "first-quiz.yaml").read_text("utf-8").splitlines()
    type_line = next(n for n, line in enumerate(text, start=1) if "type: multi_choice" in line)
    lines = _validate(course_copy, capsys)
    assert len(lines) == 1
    assert f"first-quiz.yaml:{type_line}:11: questions[1].type: unknown question type 'multi_choice'" in lines[0]

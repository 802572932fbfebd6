"""YAML -> Moodle -> YAML keeps every field: every shipped quiz and an edge-case quiz, both formats, both languages.

The whole model dump is compared, so a field someone adds to a question or a quiz and forgets
to carry fails here.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from course.content import Course, load_course
from course.exchange.banks import SUFFIX, export_quiz, import_file
from course.shipped import data_root

FIXTURES = Path(__file__).parent / "fixtures"


def loaded(root: Path) -> Course:
    result = load_course(root)
    assert result.ok and result.course is not None, [p.format() for p in result.problems]
    return result.course


def round_trip(root: Path, quiz_id: str, fmt: str, tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Export `quiz_id` in each language, import both files into a new bank, put it in place, load."""
    course = loaded(root)
    bank = tmp_path / f"{quiz_id}-{fmt}.yaml"
    warnings: list[str] = []
    for lang in course.locales:
        exported = export_quiz(course, quiz_id, fmt, lang)
        warnings += exported.warnings
        path = tmp_path / f"{quiz_id}-{lang}{SUFFIX[fmt]}"
        path.write_text(exported.text, "utf-8")
        import_file(path, bank, lang, quiz_id)
    quiz_file = course.origins[("quiz", quiz_id)].doc.path
    shutil.copy(bank, quiz_file)
    after = loaded(root)
    return course.quizzes[quiz_id].model_dump(), after.quizzes[quiz_id].model_dump(), warnings


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    target = tmp_path / "shipped"
    for part in ("lessons", "quizzes"):
        shutil.copytree(data_root() / part, target / part)
    return target


@pytest.fixture
def edge_course(course_copy: Path) -> Path:
    shutil.copy(FIXTURES / "exchange" / "edge-quiz.yaml", course_copy / "quizzes" / "first-quiz.yaml")
    return course_copy


SHIPPED = sorted(
    yaml.safe_load(p.read_text("utf-8"))["id"]
    for p in (data_root() / "quizzes").glob("*.yaml")
    if "questions:" in p.read_text("utf-8")
)


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
@pytest.mark.parametrize("quiz_id", SHIPPED)
def test_every_shipped_quiz_comes_back_whole(shipped_copy: Path, tmp_path: Path, quiz_id: str, fmt: str) -> None:
    before, after, _warnings = round_trip(shipped_copy, quiz_id, fmt, tmp_path)
    assert after == before


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_the_edge_case_quiz_comes_back_whole(edge_course: Path, tmp_path: Path, fmt: str) -> None:
    before, after, warnings = round_trip(edge_course, "first-quiz", fmt, tmp_path)
    types = {q["type"] for q in before["questions"]}
    assert len(types) == 7
    assert after == before
    # What Moodle itself cannot hold is said, by question, in each language's export.
    said = "\n".join(warnings)
    assert "e-multi-eleven: the grades -9.0909091%, 9.0909091% are not in Moodle's list" in said
    assert "e-multi-strict: scoring all_or_nothing has no" in said
    assert "e-match: scoring all_or_nothing has no Moodle equivalent for matching" in said


def test_the_shipped_quizzes_are_all_tested() -> None:
    assert len(SHIPPED) >= 8


def test_a_quiz_that_only_draws_is_not_exported(shipped_copy: Path) -> None:
    from course.exchange.neutral import ExchangeError

    with pytest.raises(ExchangeError, match="has no questions of its own"):
        export_quiz(loaded(shipped_copy), "final-exam", "gift", "en")


def test_the_bank_written_is_the_one_compared(edge_course: Path, tmp_path: Path) -> None:
    """The import writes every quiz setting into the YAML an instructor reads, not only into the model."""
    round_trip(edge_course, "first-quiz", "gift", tmp_path)
    data = yaml.safe_load((edge_course / "quizzes" / "first-quiz.yaml").read_text("utf-8"))
    assert (data["mode"], data["pass_mark"], data["draw"], data["shuffle"], data["time_limit_minutes"]) == (
        "exam",
        55,
        9,
        False,
        25,
    )
    assert data["title"]["en"] == "Treaties / Protocols: a {test} quiz"
    single = data["questions"][0]
    assert [o.get("credit") for o in single["options"]] == [None, 50, 33.33333, None]


def test_the_export_never_changes_what_a_question_means(edge_course: Path) -> None:
    """What Moodle reads in the files: numbers in full, texts that look like weights kept text, `/` kept in the name."""
    course = loaded(edge_course)
    gift_text = export_quiz(course, "first-quiz", "gift", "en").text
    xml_text = export_quiz(course, "first-quiz", "moodle-xml", "en").text
    for text in (gift_text, xml_text):
        assert "12345678.5" in text and "0.00001" in text and "-0.000123" in text
        assert "e+0" not in text and "e-0" not in text
    assert "~[markdown]%100% sure it is this" in gift_text  # not the weight %100%
    assert "~%50%[markdown][html] half right" in gift_text  # not the format marker [html]
    assert "=%100%[markdown][html]y" in gift_text
    assert "\n$CATEGORY: Treaties // Protocols: a {test} quiz\n" in gift_text  # as Moodle reads it: not unescaped
    assert "<text>$course$/top/Treaties // Protocols: a {test} quiz</text>" in xml_text
    assert "=A -\\> B -> first -> second" in gift_text

"""Dated statements: `as_of` shown to the trainee, and `validate` warning when it is due for a re-check."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.content.advice import course_warnings, months_before
from course.i18n import as_of, set_locale
from course.tui.screens.glossary import GlossaryScreen
from course.tui.screens.lesson import LessonScreen
from course.tui.screens.quiz import QuizScreen
from tests.test_app import create_profile, visible_text
from tests.tui_helpers import build_app, load
from tests.tui_keys import answer

CHECKED = "2026-01-15"


def date_everything(root: Path, day: str = CHECKED, limit: int | None = None) -> None:
    """Give a lesson section, a question and a glossary term of the fixture course an `as_of`."""
    lesson = root / "lessons" / "first-lesson.yaml"
    lesson.write_text(
        lesson.read_text("utf-8").replace(
            "  - heading: {en: Opening, vi: Mở đầu}\n", f"  - heading: {{en: Opening, vi: Mở đầu}}\n    as_of: {day}\n"
        ),
        "utf-8",
    )
    quiz = root / "quizzes" / "first-quiz.yaml"
    text = quiz.read_text("utf-8").replace(
        "    type: single_choice\n", f"    type: single_choice\n    as_of: {day}\n", 1
    )
    # The first question also cites a further source, shown after the first.
    quiz.write_text(text.replace("    source: {ref: S1}\n", "    source: {ref: S1, also: [S2]}\n", 1), "utf-8")
    terms = root / "lessons" / "glossary" / "terms.yaml"
    text = terms.read_text("utf-8")
    assert "  - id: extradition\n" in text
    terms.write_text(text.replace("  - id: extradition\n", f"  - id: extradition\n    as_of: {day}\n"), "utf-8")
    if limit is not None:
        manifest = root / "lessons" / "course.yaml"
        manifest.write_text(manifest.read_text("utf-8") + f"as_of_max_age_months: {limit}\n", "utf-8")


@pytest.mark.parametrize(("locale", "shown"), [("en", "As of January 2026"), ("vi", "Tính đến tháng 1/2026")])
def test_as_of_reads_as_a_month_in_each_language(locale: str, shown: str) -> None:
    set_locale(locale)
    assert as_of(dt.date(2026, 1, 15)) == shown


def test_as_of_of_another_language_for_a_side_by_side_column() -> None:
    set_locale("en")
    assert as_of(dt.date(2025, 8, 31), "vi") == "Tính đến tháng 8/2025"
    assert as_of(dt.date(2025, 8, 31)) == "As of August 2025"


async def test_the_trainee_sees_the_date_in_lesson_feedback_and_glossary(course_copy: Path, tmp_path: Path) -> None:
    date_everything(course_copy)
    course = load(course_copy)
    app = build_app(course, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)
        await pilot.press("enter")  # the first lesson, first section (dated)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "As of January 2026" in visible_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "Tính đến tháng 1/2026" in visible_text(app)
        await pilot.press("right")  # the second section is not dated; it is the last: the sources
        await pilot.pause()
        text = visible_text(app)
        assert "Tính đến" not in text
        assert "Nguồn của bài học" in text and "Công ước về tội phạm mạng, ETS số 185" in text
        assert "https://example.org/ets185" in text
        await pilot.press("g", *"dan do")  # the glossary: the dated term
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        assert "Tính đến tháng 1/2026" in visible_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "As of January 2026" in visible_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("down", "t", "enter")  # the first quiz; its first question is dated
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.run.question(0).as_of == dt.date(2026, 1, 15)
        await answer(pilot, screen, right=True)
        text = visible_text(app)
        assert "As of January 2026" in text and "Source:" in text
        flat = " ".join(re.sub(r"[│█▊▎]", " ", text).split())
        assert "also: United Nations Convention against Cybercrime" in flat, flat
        await pilot.press("f2")
        await pilot.pause()
        assert "Tính đến tháng 1/2026" in visible_text(app)


def test_months_before_keeps_the_day_or_the_end_of_a_short_month() -> None:
    assert months_before(dt.date(2026, 11, 29), 12) == dt.date(2025, 11, 29)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


def test_warnings_appear_once_a_date_is_older_than_the_limit(course_copy: Path) -> None:
    date_everything(course_copy)
    course = load(course_copy)
    assert course_warnings(course, dt.date(2027, 1, 15)) == []  # exactly twelve months: still fresh
    stale = course_warnings(course, dt.date(2027, 1, 16))
    assert [(w.path.name, w.field, w.code) for w in stale] == [
        ("first-lesson.yaml", "sections[0].as_of", "stale_as_of"),
        ("terms.yaml", "terms[0].as_of", "stale_as_of"),
        ("first-quiz.yaml", "questions[0].as_of", "stale_as_of"),
    ]  # in file order: lessons/, then quizzes/
    assert "dated 2026-01-15, more than 12 months ago" in stale[0].message


def test_the_course_sets_its_own_limit(course_copy: Path) -> None:
    date_everything(course_copy, limit=3)
    course = load(course_copy)
    assert course_warnings(course, dt.date(2026, 4, 15)) == []
    assert len(course_warnings(course, dt.date(2026, 4, 16))) == 3


def test_a_date_in_the_future_is_a_warning_too(course_copy: Path) -> None:
    date_everything(course_copy, day="2030-01-01")
    warnings = course_warnings(load(course_copy), dt.date(2026, 11, 29))
    assert len(warnings) == 3 and all("after today" in w.message for w in warnings)


def test_validate_lists_warnings_apart_and_still_succeeds(
    course_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    date_everything(course_copy, day="2001-01-01")  # long overdue, whatever day the test runs
    assert main(["validate", str(course_copy)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "3 warnings (the course can still be used; these need a second look):"
    assert out[1].startswith("  warning: ") and "first-lesson.yaml:" in out[1] and "sections[0].as_of" in out[1]
    assert out[-1].startswith("The course in ") and "is valid" in out[-1]

    assert main(["validate", str(course_copy), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["problems"] == []
    assert [w["code"] for w in data["warnings"]] == ["stale_as_of"] * 3
    assert {w["field"] for w in data["warnings"]} == {"sections[0].as_of", "questions[0].as_of", "terms[0].as_of"}
    assert all(isinstance(w["line"], int) and w["line"] > 1 for w in data["warnings"])


def test_a_date_that_is_not_a_date_is_a_problem(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    date_everything(course_copy, day="January 2026")
    assert main(["validate", str(course_copy)]) == 1
    out = capsys.readouterr().out
    assert "sections[0].as_of: 'January 2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-15" in out


def test_the_shipped_course_dates_what_changes(tmp_path: Path) -> None:
    """Dated statements carry as_of, so instructors are told when to re-check them."""
    course = load(Path(__file__).parents[1])
    dated_sections = [
        (lesson.id, i) for lesson in course.lessons.values() for i, s in enumerate(lesson.sections) if s.as_of
    ]
    dated_questions = [q.id for q in course.questions().values() if q.as_of]
    assert ("hanoi-signing", 5) in dated_sections and ("budapest-convention", 5) in dated_sections
    assert {"hanoi-vietnam-ratified", "bud-parties-aug-2025", "cmp-figures-dated"} <= set(dated_questions)
    assert any(term.as_of for term in course.glossary.values())
    # And the figures they date stay fresh for a year after the check.
    assert course_warnings(course, dt.date(2026, 11, 29)) == []


def test_validate_warns_about_the_same_prompt_unless_grouped(course_copy: Path) -> None:
    second = course_copy / "quizzes" / "second-quiz.yaml"
    first = load(course_copy).quizzes["first-quiz"].questions[2]  # the true/false question
    text = second.read_text("utf-8")
    text = text.replace(
        "questions:\n",
        "questions:\n"
        "  - id: copy-of-tf\n"
        "    type: true_false\n"
        f"    prompt: {{en: {json.dumps(first.prompt.root['en'])}, vi: Một câu khác hẳn.}}\n"
        "    answer: false\n"
        "    explanation: {en: Copied., vi: Sao chép.}\n"
        "    source: {ref: S1}\n",
        1,
    )
    second.write_text(text, "utf-8")
    result = load_course(course_copy)
    assert result.ok and result.course is not None
    warnings = course_warnings(result.course, dt.date(2026, 11, 29))
    assert [(w.path.name, w.field, w.code) for w in warnings] == [
        ("second-quiz.yaml", "questions[0].prompt.en", "same_prompt")
    ]
    assert f"the same prompt as question '{first.id}' (first-quiz.yaml:" in warnings[0].message
    # Marking both as variants of one item says it is meant: no warning, and never both in one attempt.
    second.write_text(text.replace("    type: true_false\n", "    type: true_false\n    group: tf-item\n", 1), "utf-8")
    quiz = course_copy / "quizzes" / "first-quiz.yaml"
    quiz.write_text(
        quiz.read_text("utf-8").replace(
            f"  - id: {first.id}\n    type: true_false\n",
            f"  - id: {first.id}\n    type: true_false\n    group: tf-item\n",
        ),
        "utf-8",
    )
    result = load_course(course_copy)
    assert result.ok and result.course is not None
    assert course_warnings(result.course, dt.date(2026, 11, 29)) == []

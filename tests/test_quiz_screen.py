"""What a trainee sees while answering: whole options, no answer they did not give, feedback beside the question."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from course.content import Course
from course.i18n import set_locale
from tests.conftest import FIXTURES
from tests.test_app import visible_text
from tests.test_key_bursts import open_question
from tests.tui_helpers import build_app, load
from tests.tui_keys import burst

SIZE = (80, 24)
BORDERS = re.compile(r"[▊▎▔▁█]")


@pytest.fixture
def long_course(course_copy: Path) -> Course:
    shutil.copy(FIXTURES / "long-quiz.yaml", course_copy / "quizzes" / "first-quiz.yaml")
    return load(course_copy)


def flowing(text: str) -> str:
    """The screen as running text: borders gone, wrapped lines joined (to find a wrapped option whole)."""
    lines = [" ".join(BORDERS.sub(" ", line).split()) for line in text.splitlines()]
    return " ".join(line for line in lines if line)


@pytest.mark.parametrize(
    ("question_id", "keys"),
    [
        ("l-single", ()),
        ("l-tf", ()),
        ("l-multi", ()),
        ("l-year", ()),
        ("l-match", ()),
        ("l-single", ("enter",)),  # Enter twice: still nothing chosen, still nothing answered
    ],
)
async def test_enter_with_nothing_chosen_never_answers(
    long_course: Course, tmp_path: Path, question_id: str, keys: tuple[str, ...]
) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(app, pilot, question_id)
        await burst(pilot, *keys, "enter")
        assert not screen.run.answered(screen.index)
        assert re.search(
            r"(Choose an option|Tick at least one|Type a number|Give at least one) .*first", visible_text(app)
        )


async def test_an_ordering_left_as_shown_is_answered_only_when_confirmed(long_course: Course, tmp_path: Path) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(app, pilot, "l-order")
        await burst(pilot, "enter")
        assert not screen.run.answered(screen.index)
        assert "Nothing has been moved yet. Press Enter again" in flowing(visible_text(app))
        await burst(pilot, "enter")
        assert screen.run.answer_of(screen.index) == {"order": list(screen.run.presented(screen.index).order)}


@pytest.mark.parametrize("at_once", [False, True], ids=["0.15s-apart", "in-one-burst"])
async def test_enter_twice_from_feedback_does_not_answer_the_next_question(
    long_course: Course, tmp_path: Path, at_once: bool
) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(app, pilot, "l-multi")
        await burst(pilot, "space", "enter")
        assert screen.run.answer_of(1) == {"choices": ["access"]}
        if at_once:
            await burst(pilot, "enter", "enter")
        else:
            await pilot.press("enter")
            await pilot.pause(0.15)
            await pilot.press("enter")
            await pilot.pause()
        assert screen.index == 2  # the true/false question, not answered with "True"
        assert not screen.run.answered(2)


@pytest.mark.parametrize("locale", ["en", "vi"])
@pytest.mark.parametrize("question_id", ["l-single", "l-multi", "l-order", "l-match"])
async def test_the_whole_option_text_is_on_screen_at_80_columns(
    long_course: Course, tmp_path: Path, question_id: str, locale: str
) -> None:
    app = build_app(long_course, tmp_path, locale=locale)
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await open_question(app, pilot, question_id)
        set_locale(locale)
        text = flowing(visible_text(app))
        question = screen.run.question(screen.index)
        texts = [
            *(o.text for o in getattr(question, "options", [])),
            *(i.text for i in getattr(question, "items", [])),
            *(p.left for p in getattr(question, "pairs", [])),
            *(p.right for p in getattr(question, "pairs", [])),
            *(d.text for d in getattr(question, "distractors", [])),
        ]
        assert texts
        for words in texts:
            assert words.root[locale] in text
        assert "…" not in text


async def test_a_wrapped_option_keeps_its_letter_and_indent(long_course: Course, tmp_path: Path) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_question(app, pilot, "l-single")
        lines = visible_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "( ) A. It was adopted" in line)
        column = lines[first].index("It was")
        assert lines[first + 1][column - 1] == " " and lines[first + 1][column] != " "  # under the text, not the letter


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_ticks_differ_in_shape_and_letters_tick(
    long_course: Course, tmp_path: Path, no_color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(long_course, tmp_path)
    assert app.no_color == no_color
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(app, pilot, "l-multi")
        await burst(pilot, "space", "c")
        text = visible_text(app)
        assert "[x] A. Illegal access" in text and "[ ] B. Illegal interception" in text
        assert "[x] C. Economic espionage" in text
        await burst(pilot, "c", "enter")  # a letter unticks too
        assert screen.run.answer_of(screen.index) == {"choices": ["access"]}


async def test_single_choice_marks_the_chosen_option(long_course: Course, tmp_path: Path) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_question(app, pilot, "l-single")
        assert "(•)" not in visible_text(app)
        await burst(pilot, "c")
        assert "(•) C. It was signed in Hanoi." in visible_text(app)
        assert "( ) A." in visible_text(app)


@pytest.mark.parametrize("question_id", ["l-single", "l-multi", "l-match"])
async def test_the_question_and_its_feedback_stay_together(
    long_course: Course, tmp_path: Path, question_id: str
) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(app, pilot, question_id)
        await burst(pilot, *{"l-single": ["b"], "l-multi": ["c"], "l-match": ["a"]}[question_id], "enter")
        assert screen.run.answered(screen.index)
        lines = visible_text(app).splitlines()
        prompt = screen.run.question(screen.index).prompt.root["en"]
        at = next(i for i, line in enumerate(lines) if prompt in line)
        verdict = next(i for i, line in enumerate(lines) if "Not right" in line or "Partly right" in line)
        assert verdict - at <= 2  # no band of blank lines between them
        assert "Your answer:" in visible_text(app)


@pytest.mark.parametrize(("locale", "shown"), [("en", "Right answer: 2001"), ("vi", "Đáp án đúng: 2001")])
async def test_a_year_is_never_grouped(long_course: Course, tmp_path: Path, locale: str, shown: str) -> None:
    app = build_app(long_course, tmp_path, locale=locale)
    async with app.run_test(size=SIZE) as pilot:
        await open_question(app, pilot, "l-year")
        set_locale(locale)
        assert "2004" in visible_text(app)  # the example is a year too
        await burst(pilot, *"1999", "enter")
        text = visible_text(app)
        assert shown in text and "2,001" not in text and "2.001" not in text


async def test_the_english_number_hint_says_eg(tmp_path: Path) -> None:
    from tests.conftest import FIXTURE_COURSE

    app = build_app(load(FIXTURE_COURSE), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_question(app, pilot, "q-num")
        assert "Type a number (e.g. 1.5) and press Enter." in visible_text(app)


async def test_f4_without_a_hint_says_so(long_course: Course, tmp_path: Path) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_question(app, pilot, "l-single")
        assert "f4" not in visible_text(app).splitlines()[-1]
        await burst(pilot, "f4")
        assert "This question has no hint." in visible_text(app)


async def test_enter_on_the_last_question_says_where_it_goes(long_course: Course, tmp_path: Path) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_question(app, pilot, "l-match")
        await burst(pilot, "a", "enter")
        text = visible_text(app)
        assert "Press Enter to see your result." in flowing(text)
        assert "⏎ See your result" in text.splitlines()[-1]


async def test_a_matching_partner_is_shown_under_its_item(long_course: Course, tmp_path: Path) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await open_question(app, pilot, "l-match")
        await burst(pilot, "down", "down", "e")
        question = screen.run.question(screen.index)
        rights = {p.id: p.right.root["en"] for p in question.pairs}  # type: ignore[attr-defined]
        rights.update({d.id: d.text.root["en"] for d in question.distractors})  # type: ignore[attr-defined]
        chosen = rights[screen.run.presented(screen.index).order[4]]
        line = next(line for line in visible_text(app).splitlines() if "→ E." in line)
        assert chosen.split()[0] in line  # the letter and its text on one line
        instruction = (
            "Highlight an item with ↑ ↓, then type the letter of its partner (or ← →); Enter gives your answer."
        )
        assert instruction in flowing(visible_text(app))  # never cut

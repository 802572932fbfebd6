"""Keys sent in one burst (fast typists, screen readers, input tools) each act on what the key before left."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from course.content import Course
from course.progress.runs import QuizRun
from course.tui.app import CourseApp
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.glossary import GlossaryScreen
from course.tui.screens.lesson import LessonScreen
from course.tui.screens.quiz import QuizScreen
from course.tui.widgets.questions import MatchingInput, MultiChoiceInput, OrderingInput
from tests.conftest import FIXTURES
from tests.tui_helpers import build_app, load
from tests.tui_keys import burst

SIZE = (80, 24)


@pytest.fixture
def long_course(course_copy: Path) -> Course:
    shutil.copy(FIXTURES / "long-quiz.yaml", course_copy / "quizzes" / "first-quiz.yaml")
    return load(course_copy)


async def open_question(app: CourseApp, pilot: Pilot[None], question_id: str) -> QuizScreen:
    """A learner, then the first quiz standing at `question_id`."""
    await pilot.press(*"Lan", "enter")
    await pilot.pause()
    course = app.session.content
    run = QuizRun.start(course, course.quizzes["first-quiz"], app.session.store, app.session.profile_id, seed=1)
    screen = QuizScreen(app.session, run)
    screen.index = next(i for i in range(len(run)) if run.question(i).id == question_id)
    await app.push_screen(screen)
    await pilot.pause()
    return screen


def letters(screen: QuizScreen) -> dict[str, str]:
    """Right-hand id by the letter the trainee sees."""
    order = screen.run.presented(screen.index).order
    return {chr(ord("a") + i): right for i, right in enumerate(order)}


async def test_matching_burst_gives_each_item_its_own_partner(long_course: Course, tmp_path: Path) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(app, pilot, "l-match")
        await burst(pilot, "e", "down", "c", "down", "a", "down", "d")
        widget = screen.query_one(MatchingInput)
        by_letter = letters(screen)
        lefts = [pair.id for pair in widget.question.pairs]  # type: ignore[attr-defined]
        expected = {
            lefts[0]: by_letter["e"],
            lefts[1]: by_letter["c"],
            lefts[2]: by_letter["a"],
            lefts[3]: by_letter["d"],
        }
        assert widget.pairs == expected
        await burst(pilot, "enter")
        assert screen.run.answer_of(screen.index) == {"pairs": expected}


@pytest.mark.parametrize(
    ("keys", "ticked"),
    [
        (("space", "down", "space", "down", "space"), ["access", "interception", "espionage"]),
        (("down", "space", "down", "space"), ["interception", "espionage"]),
        (("space", "space", "down", "down", "space"), ["espionage"]),
    ],
    ids=["tick-all", "tick-last-two", "untick-then-tick"],
)
async def test_multiple_choice_burst_ticks_what_was_typed(
    long_course: Course, tmp_path: Path, keys: tuple[str, ...], ticked: list[str]
) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(app, pilot, "l-multi")
        await burst(pilot, *keys, "enter")
        assert screen.query_one(MultiChoiceInput).disabled  # answered, with exactly these
        assert screen.run.answer_of(screen.index) == {"choices": ticked}


async def test_ordering_burst_moves_items_where_typed(long_course: Course, tmp_path: Path) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(app, pilot, "l-order")
        start = list(screen.run.presented(screen.index).order)
        # Down to the last item, lift it to the top, then down one and lift that one up.
        await burst(pilot, "down", "down", "shift+up", "shift+up", "down", "down", "shift+up")
        moved = [start[2], start[0], start[1]]
        moved[1], moved[2] = moved[2], moved[1]
        assert screen.query_one(OrderingInput).order == moved


async def test_answer_then_next_then_answer_in_one_burst(long_course: Course, tmp_path: Path) -> None:
    """`c Enter Enter Space Enter`: C answers the first question, Enter moves on, Space ticks A of the second."""
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(app, pilot, "l-single")
        await burst(pilot, "c", "enter", "enter", "space", "enter")
        assert screen.run.answer_of(0) == {"choice": "signed"}
        assert screen.index == 1
        assert screen.run.answer_of(1) == {"choices": ["access"]}


async def test_lesson_sections_in_a_burst(long_course: Course, tmp_path: Path) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Lan", "enter")
        await pilot.pause()
        await burst(pilot, "enter", "right", "f2")
        screen = app.screen
        assert isinstance(screen, LessonScreen)  # Enter opened the lesson before → acted
        assert screen.section == 1


async def test_glossary_typing_then_down_then_enter(long_course: Course, tmp_path: Path) -> None:
    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Lan", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        await burst(pilot, "g", *"dan do", "escape")
        assert isinstance(app.screen, CourseMapScreen)  # g opened the glossary, Esc closed it
        await burst(pilot, "g", *"dan")
        glossary = app.screen
        assert isinstance(glossary, GlossaryScreen)
        assert glossary.query_one("#search").value == "dan"  # type: ignore[attr-defined]


async def test_keys_go_straight_to_a_dialog_a_screen_waits_on(long_course: Course, tmp_path: Path) -> None:
    """ "New attempt?" is asked from a worker that waits for the answer: n then y in one burst answers it."""
    from course.tui.screens.dialogs import ConfirmDialog
    from course.tui.screens.quiz_intro import QuizIntroScreen

    app = build_app(long_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        first = await open_question(app, pilot, "l-single")
        await burst(pilot, "a", "enter", "escape", "y")  # answer one, leave the quiz: it is unfinished
        app.push_screen(QuizIntroScreen(app.session, "first-quiz"))
        await pilot.pause()
        await pilot.press("n")
        assert isinstance(app.screen, ConfirmDialog)
        assert app.key_order._quiet()  # the worker waiting for this answer holds no key back
        await burst(pilot, "y")
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.run.record.id != first.run.record.id

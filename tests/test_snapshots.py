"""Every screen, in both languages, at 80x24 and 120x40, from fixture content with the clock and seed pinned.

Review the report before `pytest --snapshot-update`: a changed snapshot is a changed screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from course.content import Course
from course.tui.app import CourseApp
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.quiz import QuizScreen
from course.tui.screens.quiz_intro import QuizIntroScreen
from course.tui.screens.review import ReviewScreen
from tests.conftest import FIXTURE_COURSE
from tests.test_review_app import answered_quiz
from tests.tui_helpers import build_app, load
from tests.tui_keys import answer

Scenario = Callable[[Pilot[None]], Awaitable[None]]
COURSE: Course = load(FIXTURE_COURSE)


async def first_start(pilot: Pilot[None]) -> None:
    await pilot.pause()


async def course_map(pilot: Pilot[None]) -> None:
    await pilot.press(*"Lan", "enter")
    await pilot.pause()


async def lesson(pilot: Pilot[None]) -> None:
    await course_map(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def lesson_side_by_side(pilot: Pilot[None]) -> None:
    await lesson(pilot)
    await pilot.press("right", "f3")
    await pilot.pause()


async def glossary(pilot: Pilot[None]) -> None:
    await lesson(pilot)
    await pilot.press("g")
    await pilot.pause()


async def quiz_intro(pilot: Pilot[None]) -> None:
    await course_map(pilot)
    await pilot.press("down", "t")
    await pilot.pause()


async def quiz_question(pilot: Pilot[None]) -> None:
    await quiz_intro(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def quiz_feedback(pilot: Pilot[None]) -> None:
    await quiz_question(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, QuizScreen)
    await answer(pilot, screen, right=False)


async def leave_quiz_dialog(pilot: Pilot[None]) -> None:
    await quiz_question(pilot)
    await pilot.press("escape")
    await pilot.pause()


async def results(pilot: Pilot[None]) -> None:
    await quiz_question(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, QuizScreen)
    for index in range(len(screen.run)):
        await answer(pilot, screen, right=index % 2 == 0)
        await pilot.press("enter")
        await pilot.pause()


async def help_screen(pilot: Pilot[None]) -> None:
    await course_map(pilot)
    await pilot.press("f1")
    await pilot.pause()


async def exam(pilot: Pilot[None]) -> None:
    await course_map(pilot)
    app = pilot.app
    assert isinstance(app, CourseApp)
    app.push_screen(QuizIntroScreen(app.session, "final-exam"))
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def review_row(pilot: Pilot[None]) -> None:
    """A learner who took the first quiz (two answers wrong) a minute ago: two questions due."""
    await course_map(pilot)
    app = pilot.app
    assert isinstance(app, CourseApp)
    answered_quiz(COURSE, app.session.store, wrong=2)
    app.session.store.clock.advance(60)  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, CourseMapScreen)
    screen.refresh_language()
    await pilot.press("end", "up")  # the Review row (above the final exam), described below the list
    await pilot.pause()


async def review_intro(pilot: Pilot[None]) -> None:
    await review_row(pilot)
    await pilot.press("r")
    await pilot.pause()


async def review_feedback(pilot: Pilot[None]) -> None:
    await review_intro(pilot)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    await answer(pilot, screen, right=False)


def question_of_type(kind: str) -> Scenario:
    async def scenario(pilot: Pilot[None]) -> None:
        await quiz_question(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, QuizScreen)
        index = next(i for i in range(len(screen.run)) if screen.run.question(i).type == kind)  # type: ignore[attr-defined]
        await screen.show_question(index)
        await pilot.pause()

    return scenario


SCREENS: dict[str, Scenario] = {
    "first_start": first_start,
    "course_map": course_map,
    "lesson": lesson,
    "lesson_side_by_side": lesson_side_by_side,
    "glossary": glossary,
    "quiz_intro": quiz_intro,
    "quiz_question": quiz_question,
    "quiz_feedback": quiz_feedback,
    "leave_quiz_dialog": leave_quiz_dialog,
    "results": results,
    "help": help_screen,
    "exam": exam,
    "review_row": review_row,
    "review_intro": review_intro,
    "review_feedback": review_feedback,
}
TYPES = ["single_choice", "multiple_choice", "true_false", "short_answer", "numeric", "ordering", "matching"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("locale", ["en", "vi"])
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen(snap_compare: Any, tmp_path: Path, screen: str, locale: str, size: tuple[int, int]) -> None:
    app = build_app(COURSE, tmp_path, locale=locale)
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[screen])


@pytest.mark.parametrize("locale", ["en", "vi"])
@pytest.mark.parametrize("kind", TYPES)
def test_question_type(snap_compare: Any, tmp_path: Path, kind: str, locale: str) -> None:
    app = build_app(COURSE, tmp_path, locale=locale)
    assert snap_compare(app, terminal_size=(80, 24), run_before=question_of_type(kind))


@pytest.mark.parametrize("locale", ["en", "vi"])
def test_too_small(snap_compare: Any, tmp_path: Path, locale: str) -> None:
    app = build_app(COURSE, tmp_path, locale=locale)
    assert snap_compare(app, terminal_size=(60, 20))

"""Spaced review as the trainee meets it: the Review row on the course map, each lesson's retention,
the review page and its daily limit, a review session on the quiz runner, `cybercourse review`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import fsrs
import pytest

from course.content import Course
from course.i18n import current_locale
from course.progress import ProgressStore, open_store
from course.progress.runs import QuizRun
from course.quiz import Presented, correct_answer
from course.tui.app import CourseApp
from course.tui.review_app import ReviewApp
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.dialogs import ConfirmDialog
from course.tui.screens.review import ReviewScreen
from course.tui.screens.review_intro import ReviewIntroScreen, next_limit
from course.tui.session import Session
from course.tui.widgets.footer import CourseFooter
from tests.conftest import FIXTURE_COURSE
from tests.test_app import visible_text
from tests.tui_helpers import Clock, build_app, load
from tests.tui_keys import answer

SIZE = (80, 24)


@pytest.fixture(scope="module")
def course() -> Course:
    return load(FIXTURE_COURSE)


def said(app: CourseApp) -> str:
    return " ".join(visible_text(app).split())


def answered_quiz(course: Course, store: ProgressStore, wrong: int = 2) -> int:
    """Lan takes the first quiz before the app starts: the first `wrong` questions wrong, the rest right."""
    profile = store.profile_by_name("Lan") or store.create_profile("Lan", "en")
    run = QuizRun.start(course, course.quizzes["first-quiz"], store, profile.id, seed=1)
    for index in range(len(run)):
        right = correct_answer(run.question(index))
        run.answer(index, wrong_answer(right, run.presented(index).order) if index < wrong else right, "en")
    run.finish()
    return profile.id


def wrong_answer(right: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """An answer scoring nothing, of the same shape as the right one."""
    if "choice" in right:
        return {"choice": next(o for o in order if o != right["choice"])}
    if "choices" in right:
        return {"choices": []}
    if "value" in right:
        return {"value": not right["value"]}
    if "text" in right:
        return {"text": "1" if right["text"][:1].isdigit() else "no idea"}
    if "order" in right:
        return {"order": list(reversed(right["order"]))}
    return {"pairs": {}}


def in_order(ids: list[str]) -> list[Presented]:
    return [Presented(q) for q in ids]


def footer_keys(app: CourseApp) -> list[str]:
    return [item.key for item in app.screen.query_one(CourseFooter).items()]


async def test_the_review_row_shows_when_the_next_question_is_due_then_how_many(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    fresh = build_app(course, tmp_path / "fresh", clock=clock)
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.press(*"An", "enter")
        await pilot.pause()
        assert "Review" not in said(fresh) and "r" not in footer_keys(fresh)  # nothing answered yet
    app = build_app(course, tmp_path, clock=clock)
    answered_quiz(course, app.session.store, wrong=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "↻ Review · next one due in 1 minute" in said(app)
        assert "retention 100%" in said(app)  # answered just now: all remembered
        assert "r" in footer_keys(app)
        clock.advance(60)
        screen = app.screen
        assert isinstance(screen, CourseMapScreen)
        screen._review_clock()  # what the map does every half minute
        await pilot.pause()
        assert "↻ Review · 2 due" in said(app)
        clock.advance(20 * 86400)
        screen._review_clock()
        await pilot.pause()
        assert "↻ Review · 7 due" in said(app)
        assert "retention 100%" not in said(app)  # three weeks later, less is remembered
        await pilot.press("f2")
        await pilot.pause()
        assert "↻ Ôn tập · 7 câu đến hạn" in said(app)


async def test_the_review_row_changes_the_moment_a_question_falls_due(course: Course, tmp_path: Path) -> None:
    """Not up to half a minute later: the map plans a redraw for the due moment itself."""
    import asyncio

    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    answered_quiz(course, app.session.store, wrong=2)
    clock.advance(59.7)  # the wrong answers fall due 0.3 s after the map opens
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "next one due in less than a minute" in said(app)
        clock.advance(1)
        await asyncio.sleep(0.6)  # the planned redraw, well before the half-minute one
        await pilot.pause()
        assert "↻ Review · 2 due" in said(app)


async def test_a_review_session_commits_each_answer_before_its_feedback(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    store = app.session.store
    profile = answered_quiz(course, store, wrong=2)
    clock.advance(60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewIntroScreen)
        assert "2 questions are due now. Today: 0 of 20 reviewed." in said(app)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert "Question 1 of 2" in said(app) and "Learner: Lan" in said(app)
        first = screen.run.question(0).id
        await answer(pilot, screen, right=True)
        # On screen: the practice feedback, explanation and source; in the store already: the rating.
        assert "✓ Correct." in said(app) and "Source:" in said(app)
        log = [(r.question_id, r.rating, r.kind) for r in store.review_log(profile) if r.kind == "review"]
        assert log == [(first, 3, "review")]
        await pilot.press("f2")
        await pilot.pause()
        assert current_locale() == "vi" and "✓ Chính xác." in said(app) and "Nguồn:" in said(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "Câu 2/2" in said(app)
        await answer(pilot, screen, right=False)
        assert "✗ Chưa đúng." in said(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewIntroScreen)
        assert "Ôn tập xong: đúng 1/2 câu." in said(app)
        await pilot.press("f2", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert "↻ Review · next one due in 1 minute" in said(app)  # the wrong one, again in a minute
    ratings = [r.rating for r in store.review_log(profile) if r.kind == "review"]
    assert ratings == [3, 1]


async def test_options_are_shuffled_again_in_each_session(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    seeds = iter(range(1, 100))
    app = build_app(course, tmp_path, clock=clock)
    app.session.seed = lambda: next(seeds)
    profile = answered_quiz(course, app.session.store, wrong=2)
    orders = set()
    async with app.run_test(size=SIZE) as pilot:
        for _session in range(6):
            clock.advance(3600)
            await pilot.press("r", "enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            multi = next(i for i in range(len(screen.run)) if screen.run.question(i).id == "q-multi")
            orders.add(screen.run.presented(multi).order)
            await pilot.press("escape", "y")  # leave: nothing answered, nothing rated
            await pilot.pause()
            assert isinstance(app.screen, CourseMapScreen)
    assert len(orders) > 1
    assert [r for r in app.session.store.review_log(profile) if r.kind == "review"] == []


async def test_the_learner_sets_the_daily_limit(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    profile = answered_quiz(course, app.session.store, wrong=7)
    clock.advance(60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert "Press Enter to start (7 questions)." in said(app)
        for _ in range(4):
            await pilot.press("minus")
        await pilot.pause()
        assert app.session.store.profile(profile).review_limit == 4
        assert "Daily limit: 4 questions" in said(app) and "Press Enter to start (4 questions)." in said(app)
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert app.session.store.profile(profile).review_limit == 10
    assert [next_limit(n, -1) for n in (1, 2, 5, 6, 10, 500)] == [1, 1, 4, 5, 5, 495]
    assert [next_limit(n, 1) for n in (1, 4, 5, 7, 495, 500)] == [2, 5, 10, 10, 500, 500]


async def test_the_limit_reached_says_so(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    store = app.session.store
    profile = answered_quiz(course, store, wrong=3)
    store.set_review_limit(profile, 1)
    clock.advance(60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and len(screen.run) == 1
        await answer(pilot, screen, right=True)
        await pilot.press("enter")
        await pilot.pause()
        assert "Today's limit is reached" in said(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "↻ Review · 2 due · today's 1 done" in said(app)


async def test_cybercourse_review_opens_the_session_directly_in_the_learners_language(
    course: Course, tmp_path: Path
) -> None:
    clock = Clock()
    store = open_store(tmp_path / "progress.sqlite3", clock=clock, scheduler=fsrs.Scheduler(enable_fuzzing=False))
    profile = answered_quiz(course, store, wrong=2)
    store.use_profile(profile, "vi")
    clock.advance(60)
    session = Session(
        outline=course.outline(), store=store, course=course, seed=lambda: 1, locales=list(course.locales)
    )
    app = ReviewApp(session, "en", profile)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert current_locale() == "vi" and "Câu 1/2" in said(app)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)  # leaving leads to the course map
    chosen = ReviewApp(replace(session, language_chosen=True), "en", profile)  # `--lang en` was given
    async with chosen.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(chosen.screen, ReviewScreen)
        assert current_locale() == "en" and "Question 1 of 2" in said(chosen)
    store.close()


async def test_a_review_taken_over_in_another_window_stops_taking_answers(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    profile = answered_quiz(course, app.session.store, wrong=2)
    clock.advance(60)
    other = open_store(tmp_path / "progress.sqlite3", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        taken = other.start_review(profile, course.questions().keys(), in_order, 5, take_over=True)
        assert taken is not None
        await answer(pilot, screen, right=True)
        assert "finished in another window" in said(app) and "was not saved" in said(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewIntroScreen) and "finished in another window" in said(app)
    assert [r for r in other.review_log(profile) if r.kind == "review"] == []
    other.close()


async def test_starting_a_review_open_in_another_window_asks_first(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    profile = answered_quiz(course, app.session.store, wrong=2)
    clock.advance(60)
    other = open_store(tmp_path / "progress.sqlite3", clock=clock)
    theirs = other.start_review(profile, course.questions().keys(), in_order, 5)
    assert theirs is not None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "open in another window" in said(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReviewIntroScreen)
        assert not other.attempt(theirs.id).finished  # nothing changed
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert other.attempt(theirs.id).finished
    other.close()


async def test_the_review_page_says_when_questions_fall_due(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    answered_quiz(course, app.session.store, wrong=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewIntroScreen)
        assert "Nothing is due now; the next question is due in 1 minute." in said(app)
        assert "enter" not in footer_keys(app)
        clock.advance(60)
        screen._review_clock()  # what the page does every half minute
        await pilot.pause()
        assert "Press Enter to start (1 question)." in said(app) and "enter" in footer_keys(app)


async def test_the_highlighted_lesson_stays_highlighted_when_the_review_row_appears(
    course: Course, tmp_path: Path
) -> None:
    app = build_app(course, tmp_path, clock=Clock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Lan", "enter")
        await pilot.pause()
        await pilot.press("down")  # from "Start" to the first lesson
        screen = app.screen
        assert isinstance(screen, CourseMapScreen) and screen._highlighted_id() == "first-lesson"
        answered_quiz(course, app.session.store)  # as a quiz does, before coming back to the map
        screen.refresh_language()
        await pilot.pause()
        assert "↻ Review" in said(app) and screen._highlighted_id() == "first-lesson"

"""Two windows on one learner, as the trainee sees them: the takeover dialog, and a quiz whose
attempt was taken over in another window. The other window is a second store on the same file,
exactly what a second app instance opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from course.content import Course
from course.progress import AttemptLost, ProgressStore, open_store
from course.progress.runs import QuizRun
from course.quiz import correct_answer
from course.tui.app import CourseApp
from course.tui.screens.dialogs import ConfirmDialog
from course.tui.screens.quiz import QuizScreen
from course.tui.screens.quiz_intro import QuizIntroScreen
from course.tui.screens.results import ResultsScreen
from tests.conftest import FIXTURE_COURSE
from tests.test_app import create_profile, visible_text
from tests.tui_helpers import Clock, build_app, load
from tests.tui_keys import answer

SIZE = (80, 24)


@pytest.fixture(scope="module")
def course() -> Course:
    return load(FIXTURE_COURSE)


def said(app: CourseApp) -> str:
    """The screen's words, with line breaks made spaces (messages wrap)."""
    return " ".join(visible_text(app).split())


def other_window(tmp_path: Path, clock: Clock) -> ProgressStore:
    return open_store(tmp_path / "progress.sqlite3", clock=clock)


async def open_quiz(pilot: Pilot[None], app: CourseApp) -> QuizScreen:
    """From the map, the first lesson's quiz, started or resumed."""
    await pilot.press("down", "t", "enter")
    await pilot.pause()
    assert isinstance(app.screen, QuizScreen)
    return app.screen


async def test_a_quiz_held_in_another_window_is_taken_over_only_when_the_trainee_says_so(
    course: Course, tmp_path: Path
) -> None:
    clock = Clock()
    other = other_window(tmp_path, clock)
    profile = other.create_profile("Lan", "en")
    theirs = QuizRun.start(course, course.quizzes["first-quiz"], other, profile.id, seed=1)
    theirs.answer(0, correct_answer(theirs.question(0)), "vi")
    app = build_app(course, tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "t", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        text = said(app)
        assert "This quiz is open in another window" in text and "Take over" in text
        await pilot.press("f2")  # the dialog follows the language
        await pilot.pause()
        assert "Bài kiểm tra này đang mở ở một cửa sổ khác" in said(app) and "Tiếp quản" in said(app)
        await pilot.press("f2")
        await pilot.press("escape")  # not now
        await pilot.pause()
        assert isinstance(app.screen, QuizIntroScreen)
        theirs.answer(1, correct_answer(theirs.question(1)), "vi")  # the other window goes on, undisturbed

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")  # take it over
        await pilot.pause()
        mine = app.screen
        assert isinstance(mine, QuizScreen)
        assert mine.run.record.id == theirs.record.id and mine.index == 2  # both answers are there
        assert mine.run.answered(0) and mine.run.answered(1)
        with pytest.raises(AttemptLost):
            theirs.answer(2, correct_answer(theirs.question(2)), "vi")
        await answer(pilot, mine)
        assert "Correct." in said(app)
    other.close()


async def test_a_window_whose_quiz_was_taken_over_stops_and_says_so(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        screen = await open_quiz(pilot, app)
        await answer(pilot, screen)  # saved, its feedback shown
        await pilot.press("enter")
        await pilot.pause()
        kept = screen.run.question(0).id
        other = other_window(tmp_path, clock)
        other.claim_attempt(screen.run.record.id, take_over=True)

        await answer(pilot, screen)  # the trainee answers the next question here
        assert app.screen is screen  # it stays, so that keys typed meanwhile do not become commands
        text = said(app)
        assert "taken over in another window" in text and "Every answer saved before is kept" in text
        assert "The answer you had just given was not saved" in text and "Press Esc" in text
        await answer(pilot, screen)  # answering again does nothing
        await pilot.press("pagedown", "f4", "enter")
        assert app.screen is screen
        assert list(other.attempt(screen.run.record.id).responses) == [kept]  # the first one, and only it
        await pilot.press("f2")
        await pilot.pause()
        text = said(app)  # the notice follows the language
        assert "Lượt làm này đã được tiếp quản ở một cửa sổ khác" in text
        assert "Câu trả lời bạn vừa nhập chưa được lưu" in text
        await pilot.press("escape")  # back to the quiz's page, which says it again
        await pilot.pause()
        assert isinstance(app.screen, QuizIntroScreen)
        assert "Lượt làm này đã được tiếp quản ở một cửa sổ khác" in said(app)
        other.close()


async def test_a_renewal_finds_out_even_under_a_dialog(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        screen = await open_quiz(pilot, app)
        await pilot.press("escape")  # "Leave the quiz?" is open over it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        other = other_window(tmp_path, clock)
        other.claim_attempt(screen.run.record.id, take_over=True)
        screen._renew()  # what the screen does every RENEW_SECONDS
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # the trainee's dialog is not snatched away
        await pilot.press("n")  # "Stay"
        await pilot.pause()
        assert app.screen is screen
        text = said(app)
        assert "taken over in another window" in text and "not saved" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizIntroScreen) and "taken over in another window" in said(app)
        other.close()


async def test_leaving_a_quiz_lets_another_window_have_it_without_asking(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        screen = await open_quiz(pilot, app)
        await pilot.press("escape", "y")  # leave
        await pilot.pause()
        assert isinstance(app.screen, QuizIntroScreen) or not isinstance(app.screen, QuizScreen)
        other = other_window(tmp_path, clock)
        other.claim_attempt(screen.run.record.id)  # no AttemptHeld: nobody holds it
        other.close()


async def test_a_new_attempt_closes_the_other_windows_attempt_only_after_taking_it_over(
    course: Course, tmp_path: Path
) -> None:
    clock = Clock()
    other = other_window(tmp_path, clock)
    profile = other.create_profile("Lan", "en")
    theirs = QuizRun.start(course, course.quizzes["first-quiz"], other, profile.id, seed=1)
    theirs.answer(0, correct_answer(theirs.question(0)), "vi")
    app = build_app(course, tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "t", "n")
        await pilot.pause()
        await pilot.press("y")  # "Start a new attempt? The unfinished one will be closed..."
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "open in another window" in said(app)
        await pilot.press("n")  # do not take it over: nothing is closed
        await pilot.pause()
        assert not other.attempt(theirs.record.id).finished
        theirs.answer(1, correct_answer(theirs.question(1)), "vi")

        await pilot.press("n", "y", "y")  # new attempt, yes, and take the old one over
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.run.record.id != theirs.record.id
        closed = other.attempt(theirs.record.id)
        assert closed.finished and len(closed.responses) == 2 and closed.score == pytest.approx(2 / 7)
        with pytest.raises(AttemptLost, match="finished in another window"):
            theirs.answer(2, correct_answer(theirs.question(2)), "vi")
    other.close()


async def test_the_exam_clock_running_out_elsewhere_is_not_a_crash(course: Course, tmp_path: Path) -> None:
    """An exam finished in another window (time up there): this window's next write says so."""
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        app.push_screen(QuizIntroScreen(app.session, "final-exam"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.run.exam
        other = other_window(tmp_path, clock)
        other.claim_attempt(screen.run.record.id, take_over=True)
        other.finish_attempt(screen.run.record.id, 0.0, False)
        await pilot.press("pagedown")  # a move is a write too
        await pilot.pause()
        assert app.screen is screen and "finished in another window" in said(app)
        await pilot.press("ctrl+f")  # finishing it again is not offered
        await pilot.pause()
        assert app.screen is screen and not isinstance(app.screen, ResultsScreen)
        other.close()


async def test_an_exam_answer_may_still_be_changed_in_its_window_until_the_end(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        app.push_screen(QuizIntroScreen(app.session, "final-exam"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.run.exam
        first = screen.run.question(0).id
        await answer(pilot, screen, right=False)
        assert screen.index == 1
        await pilot.press("pageup")  # back to the first question: no feedback was shown
        await pilot.pause()
        assert screen.index == 0
        await answer(pilot, screen, right=True)
        record = app.session.store.attempt(screen.run.record.id)
        assert record.responses[first].score == 1.0  # changed, by the window holding the attempt

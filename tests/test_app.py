"""Walking through the course as a trainee does, with the keyboard, and checking what is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Markdown

from course.content import Course
from course.i18n import current_locale
from course.progress import LessonStatus, ProgressStore, course_state, open_store
from course.tui.app import CourseApp
from course.tui.screens.course_map import CompletionLine, CourseMapScreen
from course.tui.screens.lesson import LessonScreen
from course.tui.screens.profiles import ProfileScreen
from course.tui.screens.quiz import QuizScreen
from course.tui.screens.quiz_intro import QuizIntroScreen
from course.tui.screens.results import ResultsScreen
from course.tui.screens.too_small import TooSmallScreen
from course.tui.widgets.footer import CourseFooter
from tests.conftest import FIXTURE_COURSE
from tests.tui_helpers import Clock, build_app, load
from tests.tui_keys import answer

SIZE = (80, 24)


@pytest.fixture(scope="module")
def course() -> Course:
    return load(FIXTURE_COURSE)


def refresh_map(app: CourseApp) -> None:
    """What returning to the map does, after progress was made behind the app's back."""
    screen = app.screen
    assert isinstance(screen, CourseMapScreen)
    screen.refresh_language()


def store_of(app: CourseApp) -> ProgressStore:
    return app.session.store


def visible_text(app: CourseApp) -> str:
    """Everything on screen, as the trainee reads it."""
    return "\n".join(
        "".join(segment.text for segment in line)
        for line in app.screen._compositor.render_update(full=True).strips  # type: ignore[union-attr]
    )


async def create_profile(pilot: Pilot[None], name: str = "Lan") -> None:
    await pilot.press(*name, "enter")
    await pilot.pause()


async def test_first_start_asks_for_a_name_then_goes_straight_to_the_course(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("enter")  # no name yet
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert "Type a name" in visible_text(app)
        await create_profile(pilot, "Nguyễn Văn An")
        assert isinstance(app.screen, CourseMapScreen)
        assert [p.name for p in store_of(app).profiles()] == ["Nguyễn Văn An"]
    again = build_app(course, tmp_path)
    async with again.run_test(size=SIZE):
        assert isinstance(again.screen, CourseMapScreen)  # no questions the second time
        assert "Nguyễn Văn An" in visible_text(again)


async def test_language_chosen_at_first_start_is_kept(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path, locale="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")  # from the name to the language list
        await pilot.press("up")  # Tiếng Việt is first
        await pilot.pause()
        assert current_locale() == "vi"
        assert "Tên của bạn" in visible_text(app)  # the form itself switched language
        await pilot.press("shift+tab")
        await create_profile(pilot, "Lan")
        assert store_of(app).profiles()[0].locale == "vi"
        assert "Khóa học mẫu" in visible_text(app)


async def test_lang_on_the_command_line_wins_over_the_learners_saved_language(course: Course, tmp_path: Path) -> None:
    """README: `--lang` forces the interface language; without it the learner's own comes back."""
    first = build_app(course, tmp_path, locale="vi")
    async with first.run_test(size=SIZE) as pilot:
        await create_profile(pilot, "Lan")
        assert store_of(first).profiles()[0].locale == "vi"
    forced = build_app(course, tmp_path, locale="en")
    forced.session.language_chosen = True  # what `cybercourse --lang en` sets
    async with forced.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert current_locale() == "en" and "Fixture course" in visible_text(forced)
    returning = build_app(course, tmp_path, locale="vi")  # no --lang: the environment says vi
    async with returning.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert current_locale() == "en"  # Lan's last language (from that run) comes back
        assert "Fixture course" in visible_text(returning)


async def test_read_a_lesson_to_the_end_switching_language_midway(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await pilot.press("enter")  # "Start: First lesson"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.section == 0
        assert "Budapest Convention" in visible_text(app)
        await pilot.press("f2")  # Vietnamese, same place
        await pilot.pause()
        assert current_locale() == "vi" and screen.section == 0
        assert "Công ước Budapest" in visible_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert screen.section == 1
        assert "Dẫn độ" in visible_text(app)
        await pilot.press("f3")  # side by side keeps both languages in view
        await pilot.pause()
        text = visible_text(app)
        assert "Dẫn độ" in text and "Extradition" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        profile = store_of(app).profiles()[0]
        progress = store_of(app).lessons(profile.id)["first-lesson"]
        assert progress.read and progress.section == 1
        assert profile.locale == "vi"  # the switch is remembered for next time


async def test_lessons_locked_by_prerequisite(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await pilot.press("down", "down", "enter")  # Second lesson
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert "Locked" in visible_text(app)


async def take_first_quiz(pilot: Pilot[None], app: CourseApp, right: bool) -> None:
    screen = app.screen
    assert isinstance(screen, QuizScreen)
    for _ in range(len(screen.run)):
        await answer(pilot, screen, right=right)
        assert "Source:" in visible_text(app)  # practice: feedback and its source at once
        await pilot.press("enter")
        await pilot.pause()


async def test_quiz_every_type_fail_then_pass(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await pilot.press("down", "t")  # take the first lesson's quiz
        await pilot.pause()
        assert isinstance(app.screen, QuizIntroScreen)
        await pilot.press("enter")
        await pilot.pause()
        types = {app.screen.run.question(i).type for i in range(len(app.screen.run))}  # type: ignore[attr-defined]
        assert len(types) == 7
        await take_first_quiz(pilot, app, right=False)
        assert isinstance(app.screen, ResultsScreen)
        assert "Not passed yet" in visible_text(app)
        await pilot.press("n", "enter")  # a new attempt
        await pilot.pause()
        await take_first_quiz(pilot, app, right=True)
        assert isinstance(app.screen, ResultsScreen)
        text = visible_text(app)
        assert "Passed" in text and "100%" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        profile = store_of(app).profiles()[0]
        attempts = store_of(app).attempts(profile.id, "first-quiz")
        assert [a.passed for a in attempts] == [False, True]
        assert [a.score for a in attempts] == [0.0, 1.0]
        state = course_state(course.outline(), store_of(app), profile.id)
        assert state.lesson("first-lesson").status is LessonStatus.PASSED
        assert state.lesson("second-lesson").status is LessonStatus.NEW  # unlocked by the pass


async def test_quit_mid_quiz_and_resume(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await pilot.press("down", "t", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        await answer(pilot, screen)
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, screen, right=False)
        first_two = [screen.run.question(i).id for i in range(2)]
        await pilot.press("ctrl+q")  # quit without any ceremony
    # Everything answered is in the store already.
    store = open_store(tmp_path / "progress.sqlite3")
    profile = store.profiles()[0]
    unfinished = store.unfinished_attempt(profile.id, "first-quiz")
    assert unfinished is not None and sorted(unfinished.responses) == sorted(first_two)
    store.close()

    again = build_app(course, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        assert "Continue: First quiz" in visible_text(again)
        await pilot.press("enter")  # the "Continue" entry
        await pilot.pause()
        assert isinstance(again.screen, QuizIntroScreen)
        assert "2 of 7 answered" in visible_text(again)
        await pilot.press("enter")
        await pilot.pause()
        resumed = again.screen
        assert isinstance(resumed, QuizScreen)
        assert resumed.index == 2 and resumed.run.record.id == unfinished.id
        assert "Question 3 of 7" in visible_text(again)


async def pass_lesson_quizzes(course: Course, store: ProgressStore, profile_id: int) -> None:
    from course.progress.runs import QuizRun
    from course.quiz import correct_answer

    for quiz_id in ("first-quiz", "second-quiz"):
        run = QuizRun.start(course, course.quizzes[quiz_id], store, profile_id, seed=1)
        for i in range(len(run)):
            run.answer(i, correct_answer(run.question(i)), "en")
        run.finish()


async def test_final_exam_unlocks_and_honours_its_time_limit(course: Course, tmp_path: Path) -> None:
    clock = Clock()
    app = build_app(course, tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await pilot.press("end", "enter")  # the final exam, last in the list
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)  # locked
        profile = store_of(app).profiles()[0]
        await pass_lesson_quizzes(course, store_of(app), profile.id)
        refresh_map(app)
        await pilot.press("end", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizIntroScreen)
        assert "10 minutes" in visible_text(app)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.run.exam
        assert "Time left 10:00" in visible_text(app)
        await answer(pilot, screen, right=True)
        assert "Source:" not in visible_text(app)  # an exam keeps feedback for the end
        assert screen.index == 1
        clock.advance(601)
        await pilot.pause(1.2)  # the once-a-second check notices
        assert isinstance(app.screen, ResultsScreen)
        record = store_of(app).attempts(profile.id, "final-exam")[-1]
        assert record.finished and record.score == pytest.approx(1 / 4)


async def test_exam_review_shows_answers_and_sources(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await create_profile(pilot)
        profile = store_of(app).profiles()[0]
        await pass_lesson_quizzes(course, store_of(app), profile.id)
        refresh_map(app)
        await pilot.press("end", "enter", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        for _ in range(len(screen.run)):
            await answer(pilot, screen, right=False)
        await pilot.pause()
        await pilot.press("enter")  # confirm "Finish"
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = visible_text(app)
        assert "Your answer:" in text and "Right answer:" in text and "Source:" in text


async def test_too_small_terminal_says_so(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "too small" in visible_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)


async def test_help_lists_the_keys_of_the_screen(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = visible_text(app)
        assert "Glossary" in text and "Continue" in text and "Language" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


async def test_glossary_search_without_diacritics(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await pilot.press("g", *"dan do")
        await pilot.pause()
        text = visible_text(app)
        assert "extradition" in text and "1 term" in text


async def test_markdown_is_not_a_link_launcher(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await pilot.press("enter")
        await pilot.pause()
        for markdown in app.screen.query(Markdown):
            assert markdown._open_links is False


async def test_the_mouse_works_too(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await pilot.press("down", "t", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        await pilot.click("ChoiceList", offset=(4, 1))  # option A
        await pilot.pause()
        await pilot.click("#answer-button")
        await pilot.pause()
        assert screen.run.answered(0)


def footer_line(app: CourseApp) -> str:
    return visible_text(app).splitlines()[-1]


async def test_the_footer_follows_the_language_and_its_keys_can_be_clicked(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        assert "c Continue" in footer_line(app) and "f2 Tiếng Việt" in footer_line(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "c Tiếp tục" in footer_line(app) and "f2 English" in footer_line(app)
        footer = app.screen.query_one(CourseFooter)
        glossary = next(item for item in footer.items() if item.key == "g")
        await pilot.click(CourseFooter, offset=(glossary.start + 1, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "GlossaryScreen"
        help_key = next(item for item in app.screen.query_one(CourseFooter).items() if item.key == "f1")
        await pilot.click(CourseFooter, offset=(help_key.end - 1, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_a_crowded_footer_keeps_help_and_language(course: Course, tmp_path: Path) -> None:
    """At 80 columns the exam's keys do not all fit: the widest screen key gives way, never F1/F2."""
    app = build_app(course, tmp_path, locale="vi")
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        app.push_screen(QuizIntroScreen(app.session, "final-exam"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        line = footer_line(app)
        assert "f1 Trợ giúp" in line and "f2 English" in line and "⏎ Trả lời" in line
        assert "Câu trước" not in line  # the widest key, still listed by F1
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "Câu trước" in footer_line(app)


async def test_the_progress_line_fills_in_proportion(course: Course, tmp_path: Path) -> None:
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        line = app.screen.query_one(CompletionLine)
        for completion, percent in ((0.0, "0%"), (0.5, "50%"), (1.0, "100%")):
            line.show(completion)
            text = line.render()
            assert text.plain.startswith(f"Your progress: {percent}  ")
            assert text.cell_len == line.size.width  # the bar runs to the end of the line
            label = len(f"Your progress: {percent}  ")
            todo_style = line.get_component_rich_style("completion--todo")
            done = sum(span.end - span.start for span in text.spans if span.start >= label and span.style != todo_style)
            bar = line.size.width - label
            assert abs(done - completion * bar) <= 1

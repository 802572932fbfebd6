"""The screens around the quizzes, as a trainee walks them: lessons, learners, map, glossary, help, notices."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.content import Course
from course.i18n import set_locale
from course.progress import open_store
from course.tui.app import CourseApp
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.dialogs import ConfirmDialog, NoticeDialog
from course.tui.screens.glossary import GlossaryScreen
from course.tui.screens.help import HelpScreen
from course.tui.screens.lesson import LessonScreen
from course.tui.screens.profiles import ProfileScreen
from course.tui.screens.quiz_intro import QuizIntroScreen
from course.tui.widgets.footer import CourseFooter
from tests.conftest import FIXTURE_COURSE
from tests.test_app import create_profile, visible_text
from tests.tui_helpers import build_app, load
from tests.tui_keys import burst

REPO = Path(__file__).parents[1]
SIZE = (80, 24)
# The longest names a learner may have: 40 characters.
LONG_NAMES = [
    "Tôn Nữ Thị Thanh Hương Bảo Ngọc Phương An"[:40],
    "Alexandra Konstantinopoulou-Vanderbilt J",
    "Trần Văn Bình",
]


@pytest.fixture(scope="module")
def shipped() -> Course:
    return load(REPO)


@pytest.fixture(scope="module")
def fixture_course() -> Course:
    return load(FIXTURE_COURSE)


def footer_keys(app: CourseApp) -> list[str]:
    return [item.display + " " + item.description for item in app.screen.query_one(CourseFooter).items()]


async def open_first_lesson(pilot: object, app: CourseApp) -> LessonScreen:
    await create_profile(pilot)  # type: ignore[arg-type]
    await burst(pilot, "enter")  # type: ignore[arg-type]  # ▶ Start: the first lesson
    assert isinstance(app.screen, LessonScreen)
    return app.screen


@pytest.mark.parametrize("locale", ["en", "vi"])
async def test_a_new_section_opens_at_its_heading(shipped: Course, tmp_path: Path, locale: str) -> None:
    app = build_app(shipped, tmp_path, locale=locale)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_lesson(pilot, app)
        set_locale(locale)
        for section in range(1, 4):
            await burst(pilot, "end", "right")  # read to the bottom, then on
            heading = shipped.lessons["what-is-cybercrime"].sections[section].heading.root[locale]
            lines = visible_text(app).splitlines()
            assert screen.section == section
            assert heading in lines[2]  # the position line names it...
            assert any(heading in line for line in lines[3:7])  # ...and the text starts at its heading
        await burst(pilot, "end", "left")
        heading = shipped.lessons["what-is-cybercrime"].sections[2].heading.root[locale]
        assert any(heading in line for line in visible_text(app).splitlines()[3:7])


async def test_the_footer_shows_the_keys_that_work_on_each_section(shipped: Course, tmp_path: Path) -> None:
    app = build_app(shipped, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_first_lesson(pilot, app)
        sections = len(shipped.lessons["what-is-cybercrime"].sections)
        seen = []
        for section in [*range(sections), sections - 2, 0]:
            while screen.section != section:
                await burst(pilot, "right" if screen.section < section else "left")
            keys = footer_keys(app)
            seen.append(keys)
            assert ("← Previous" in keys) == (section > 0)
            assert ("→ Next" in keys) == (section < sections - 1)
            assert ("⏎ Quiz" in keys) == (section == sections - 1)
            if section == 0:
                assert "← previous section" not in visible_text(app)
            await burst(pilot, "f1")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            described = [f"{keys_shown} {text}" for keys_shown, text in help_screen.rows()]
            for key in keys:
                display, _, words = key.partition(" ")
                if display != "f2":
                    assert any(row.startswith(display) and row.endswith(words) for row in described), (key, described)
            assert not any("Previous" in row for row in described) or section > 0
            assert not any(row.endswith("Quiz") for row in described) or section == sections - 1
            await burst(pilot, "escape")
        await burst(pilot, "end")
        while screen.section != sections - 1:
            await burst(pilot, "right")
        await burst(pilot, "enter")  # the text says Enter takes the quiz: it does
        assert isinstance(app.screen, QuizIntroScreen)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_learner_screen_shows_every_learner_at_80x24(
    fixture_course: Course, tmp_path: Path, size: tuple[int, int]
) -> None:
    store = open_store(tmp_path / "progress.sqlite3")
    for name in LONG_NAMES:
        store.create_profile(name, "vi")
    store.close()
    app = build_app(fixture_course, tmp_path)
    async with app.run_test(size=size) as pilot:
        current = app.session.profile
        assert current is not None
        await burst(pilot, "p")
        assert isinstance(app.screen, ProfileScreen)
        text = visible_text(app)
        for name in LONG_NAMES:
            assert name in text
        line = next(line for line in text.splitlines() if current.name in line and "·" in line)
        assert line  # the current learner's row is on screen
        await burst(pilot, "enter")  # highlighted at the start: Enter keeps the current learner
        assert isinstance(app.screen, CourseMapScreen)
        assert app.session.profile is not None and app.session.profile.id == current.id


async def test_esc_asks_before_quitting_and_the_footer_says_so(fixture_course: Course, tmp_path: Path) -> None:
    app = build_app(fixture_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert "esc Quit" in footer_keys(app)  # the first start: nowhere to go back to
        await burst(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await burst(pilot, "n")
        assert isinstance(app.screen, ProfileScreen)
        await create_profile(pilot)
        assert "q Quit" in footer_keys(app)
        await burst(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog) and "Quit cybercourse?" in visible_text(app)
        await burst(pilot, "escape")  # Esc on the question: stay
        assert isinstance(app.screen, CourseMapScreen)
        await burst(pilot, "q", "y")
    assert app.return_code == 0


@pytest.mark.parametrize(("locale", "where"), [("vi", "Bản đồ khóa học"), ("en", "Course map")])
@pytest.mark.parametrize("width", [80, 100])
async def test_the_header_keeps_the_screen_and_the_learner(
    shipped: Course, tmp_path: Path, locale: str, where: str, width: int
) -> None:
    store = open_store(tmp_path / "progress.sqlite3")
    store.create_profile(LONG_NAMES[0], locale)
    store.close()
    app = build_app(shipped, tmp_path, locale=locale)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        header = visible_text(app).splitlines()[0]
        assert where in header and LONG_NAMES[0] in header
        await burst(pilot, "g")
        header = visible_text(app).splitlines()[0]
        assert ("Thuật ngữ" if locale == "vi" else "Glossary") in header and LONG_NAMES[0] in header


async def test_a_new_learner_is_told_what_the_first_lesson_is(shipped: Course, tmp_path: Path) -> None:
    app = build_app(shipped, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await create_profile(pilot)
        text = visible_text(app)
        assert "▶ Start: What is cybercrime?" in text
        assert "Pick up exactly where you stopped" not in text
        assert shipped.lessons["what-is-cybercrime"].summary.root["en"][:40] in " ".join(text.split())
        await burst(pilot, "t")  # the Start row's lesson has a quiz: t opens it
        assert isinstance(app.screen, QuizIntroScreen)
        await burst(pilot, "escape", "end", "t")  # the locked final exam: t says why not
        assert isinstance(app.screen, CourseMapScreen)
        assert "The final exam unlocks" in visible_text(app)


async def test_enter_and_keys_say_what_the_text_says(fixture_course: Course, tmp_path: Path) -> None:
    from course.progress.runs import QuizRun

    app = build_app(fixture_course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        profile = app.session.profile
        assert profile is not None
        run = QuizRun.start(fixture_course, fixture_course.quizzes["first-quiz"], app.session.store, profile.id, 1)
        run.answer(0, {"choice": "b"}, "en")
        await burst(pilot, "down", "t")
        text = visible_text(app)
        assert "Enter resumes it" in " ".join(text.split()) and "⏎ Resume" in text.splitlines()[-1]
        assert "r Review" not in text  # no finished attempt yet
        run.finish()
        await burst(pilot, "escape", "t")
        assert "⏎ Start" in visible_text(app).splitlines()[-1] and "r Review last attempt" in visible_text(app)
        await burst(pilot, "r")
        text = visible_text(app)
        assert "press n to try again" in text and "n New attempt" in text.splitlines()[-1]


async def test_glossary_down_moves_into_the_results_and_the_best_match_comes_first(
    shipped: Course, tmp_path: Path
) -> None:
    app = build_app(shipped, tmp_path, locale="vi")
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await burst(pilot, "g")
        glossary = app.screen
        assert isinstance(glossary, GlossaryScreen)
        assert "↓ Kết quả" in footer_keys(app)
        await burst(pilot, *"chứng cứ", "down")
        terms = glossary.query_one("#terms")
        assert app.focused is terms
        assert terms.highlighted_option.id == "electronic-evidence"  # type: ignore[attr-defined]
        await burst(pilot, "up")  # back to the search box from the first result
        assert app.focused is glossary.query_one("#search")


async def test_glossary_sorts_vietnamese_by_its_alphabet(shipped: Course, tmp_path: Path) -> None:
    app = build_app(shipped, tmp_path, locale="vi")
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await burst(pilot, "g")
        glossary = app.screen
        assert isinstance(glossary, GlossaryScreen)
        order = [glossary.session.text(shipped.glossary[o.id or ""].term) for o in glossary.query_one("#terms").options]  # type: ignore[attr-defined]
        assert order.index("bảo quản khẩn cấp (dữ liệu máy tính đã được lưu trữ)") < order.index(
            "biện pháp tố tụng và thực thi pháp luật"
        )
        assert order.index("dữ liệu lưu lượng") < order.index("Đại hội đồng Liên Hợp Quốc")  # đ after d
        assert order.index("Công ước Hà Nội") < order.index("cơ chế thực thi")  # ô before ơ


async def test_a_damaged_progress_notice_stays_until_read(fixture_course: Course, tmp_path: Path) -> None:
    app = build_app(fixture_course, tmp_path)
    app.session.notice = "the progress file was damaged. It was kept as progress.sqlite3.damaged-20260302-083000"
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):  # it comes once the first screen is up
            if isinstance(app.screen, NoticeDialog):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, NoticeDialog)  # a dialog, not a toast: no timeout takes it away
        assert "damaged-20260302-083000" in visible_text(app)
        await burst(pilot, "enter")
        assert isinstance(app.screen, ProfileScreen)

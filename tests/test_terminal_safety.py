"""What reaches the terminal: content and names as text (never markup or actions), typed
keys in the order they were typed (input-method bursts), NO_COLOR honoured."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from course.content import load_course
from course.tui.app import CourseApp
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.lesson import LessonScreen
from course.tui.widgets.entry import TextEntry
from tests.conftest import FIXTURE_COURSE
from tests.test_app import create_profile, visible_text
from tests.tui_helpers import build_app, load

MARKUP = "[bold]Bold[/bold] [@click=app.quit]Quit[/] [link=https://example.org]Link[/link]"


@pytest.fixture
def hostile_course(course_copy: Path) -> Path:
    lesson = course_copy / "lessons" / "first-lesson.yaml"
    text = lesson.read_text("utf-8")
    text = text.replace("title: {en: First lesson, vi: Bài học thứ nhất}", f'title: {{en: "{MARKUP}", vi: "{MARKUP}"}}')
    text = text.replace(
        "en: The **Budapest Convention** was opened for signature in 2001.",
        'en: "Read [the treaty](https://example.org/evil) and [@click=app.quit]this[/]."',
    )
    lesson.write_text(text, "utf-8")
    assert load_course(course_copy).ok
    return course_copy


async def test_content_markup_is_shown_as_text_and_runs_nothing(hostile_course: Path, tmp_path: Path) -> None:
    app = build_app(load(hostile_course), tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await create_profile(pilot, "[@click=app.quit]Ann[/] [b]X[/b]")
        text = visible_text(app)
        assert MARKUP in text  # literally, brackets and all
        assert "[@click=app.quit]Ann[/] [b]X[/b]" in text  # the learner's name too
        await pilot.click("#topbar", offset=(90, 0))  # on the hostile name: nothing happens
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, CourseMapScreen)
        await pilot.click("#lessons", offset=(10, 2))  # on the hostile title: it opens, as a click should
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LessonScreen)
        assert "[bold]Bold[/bold] [@click=app.quit]Quit[/]" in visible_text(app)  # the title, in the top bar


async def test_lesson_links_open_nothing(hostile_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(CourseApp, "open_url", lambda self, url, **kw: opened.append(url))
    app = build_app(load(hostile_course), tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await create_profile(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "[@click=app.quit]this[/]" in visible_text(app)
        from textual.widgets import Markdown

        body = app.screen.query_one("#body", Markdown)
        body.post_message(Markdown.LinkClicked(body, "https://example.org/evil"))
        await pilot.pause()
        assert opened == [] and app.is_running
        # Shown as text, so the trainee can type it into a browser of their choosing.
        assert [n.message for n in app._notifications] == ["https://example.org/evil"]


async def burst(pilot: Pilot[None], keys: list[str]) -> None:
    """Keys as an input method sends them: all at once, without waiting between them."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        character = key if len(key) == 1 else None
        driver.send_message(events.Key(key, character))
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (["b", "a", "backspace", "c"], "bc"),
        (["c", "h", "a", "o", "backspace", "backspace", "à", "o"], "chào"),  # Telex: chao + aw... -> chào
        (["d", "d", "backspace", "backspace", "đ", "ô"], "đô"),
        (["a", "b", "left", "x"], "axb"),
    ],
)
async def test_input_method_bursts_keep_their_order(typed: list[str], expected: str, tmp_path: Path) -> None:
    app = build_app(load(FIXTURE_COURSE), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        name = app.screen.query_one("#name", TextEntry)
        await burst(pilot, typed)
        assert name.value == expected


async def test_bursts_in_answers_and_search(tmp_path: Path) -> None:
    app = build_app(load(FIXTURE_COURSE), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await create_profile(pilot)
        await pilot.press("g")
        await pilot.pause()
        await burst(pilot, ["d", "a", "n", "backspace", "backspace", "ẫ", "n"])
        assert app.screen.query_one("#search", TextEntry).value == "dẫn"
        assert "extradition" in visible_text(app)


def test_no_color_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(load(FIXTURE_COURSE), tmp_path)
    assert app.no_color

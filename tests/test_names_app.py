"""Learner names as typed in the app: keys arriving one by one, joiners and combining marks too."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from textual._xterm_parser import XTermParser
from textual.pilot import Pilot

from course.content import Course
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.profiles import ProfileScreen
from tests.conftest import FIXTURE_COURSE
from tests.test_app import visible_text
from tests.tui_helpers import build_app, load

SIZE = (80, 24)
CODER = "\U0001f469\U0001f3fd\u200d\U0001f4bb"  # 👩🏽‍💻


async def typed(pilot: Pilot[None], text: str) -> None:
    """`text` as a terminal sends it, read by Textual's own terminal parser (one key per code point)."""
    driver = pilot.app._driver
    assert driver is not None
    for message in XTermParser().feed(text):
        driver.send_message(message)
    await pilot.pause()
    await pilot.pause()


async def test_an_emoji_typed_key_by_key_keeps_its_joiner(tmp_path: Path) -> None:
    course: Course = load(FIXTURE_COURSE)
    app = build_app(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, f"{CODER} Lan\r")
        assert isinstance(app.screen, CourseMapScreen)
        assert [p.name for p in app.session.store.profiles()] == [f"{CODER} Lan"]


async def test_a_name_typed_decomposed_finds_the_composed_learner(tmp_path: Path) -> None:
    course: Course = load(FIXTURE_COURSE)
    app = build_app(course, tmp_path)
    composed = unicodedata.normalize("NFC", "Nguyễn An")
    async with app.run_test(size=SIZE) as pilot:
        await typed(pilot, composed + "\r")
        app.push_screen(ProfileScreen(app.session))
        await pilot.pause()
        await pilot.press("tab")  # from the list of learners to the name field
        await typed(pilot, unicodedata.normalize("NFD", "nguyễn an") + "\r")
        assert isinstance(app.screen, ProfileScreen)
        assert f"There is already a learner called {composed}." in visible_text(app)
        assert [p.name for p in app.session.store.profiles()] == [composed]

"""Full garbage collections wait for a quiet moment, and the app gives the collector back as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from course.tui import collector as collector_module
from course.tui.collector import IdleCollector
from tests.conftest import FIXTURE_COURSE
from tests.tui_helpers import build_app, load


def test_full_collections_wait_for_a_pause_in_the_input(monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_threshold()
    idle = IdleCollector()
    idle.start()
    try:
        assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] > 10**6
        now = [1000.0]
        monkeypatch.setattr(collector_module.time, "monotonic", lambda: now[0])
        monkeypatch.setattr(collector_module.gc, "get_count", lambda: (0, 0, before[2]))
        idle.note_input()
        assert not idle.due()  # a key just came: the trainee is waiting for the screen
        now[0] += collector_module.IDLE_SECONDS
        assert idle.due()
        monkeypatch.setattr(collector_module.gc, "get_count", lambda: (0, 0, before[2] - 1))
        assert not idle.due()  # nothing much allocated since the last one
    finally:
        idle.stop()
    assert gc.get_threshold() == before


async def test_the_app_keeps_the_course_out_of_collections_and_restores_the_collector(tmp_path: Path) -> None:
    before = gc.get_threshold()
    app = build_app(load(FIXTURE_COURSE), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() > 0  # the course, loaded before the app, is kept out
        assert gc.get_threshold()[2] > 10**6
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0

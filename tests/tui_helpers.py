"""Building the app the way the tests and snapshots need it: fixture content, pinned clock and seed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import fsrs

from course.content import Course, load_course
from course.progress import open_store
from course.tui.app import CourseApp, make_app
from course.tui.session import Session

FIXED_NOW = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def load(root: Path) -> Course:
    result = load_course(root)
    assert result.ok and result.course is not None, [p.format() for p in result.problems]
    return result.course


def build_app(
    course: Course, data_dir: Path, locale: str = "en", clock: Clock | None = None, seed: int = 1
) -> CourseApp:
    """The app on `course`, its store in `data_dir`, at a pinned clock, seed and FSRS without fuzzing."""
    store = open_store(
        data_dir / "progress.sqlite3", clock=clock or Clock(), scheduler=fsrs.Scheduler(enable_fuzzing=False)
    )
    session = Session(
        outline=course.outline(),
        store=store,
        course=course,
        seed=lambda: seed,
        locales=list(course.locales),
    )
    return make_app(session, locale)

"""Shared fixtures: a copy of the fixture course, and the interface language pinned."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from course.i18n import set_locale

# Dates on screen are shown in local time; pin it so snapshots and messages are repeatable.
os.environ["TZ"] = "UTC"
time.tzset()
# Compiled catalogs are cached per user; tests keep theirs out of the home directory.
os.environ.setdefault("CYBERCOURSE_CACHE_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "cybercourse-test-cache"))

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_COURSE = FIXTURES / "course"


def pytest_report_header() -> str:
    """The versions of the libraries the course leans on, at the top of every run, so that a
    failure after a fresh install can be traced to a library that moved."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("textual", "rich", "pydantic", "PyYAML", "babel", "platformdirs", "defusedxml", "psycopg", "fsrs"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return "libraries: " + ", ".join(found)


@pytest.fixture(autouse=True)
def english_interface() -> None:
    """Tests read English messages unless they switch language themselves."""
    set_locale("en")


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture course."""
    target = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, target)
    return target


@pytest.fixture
def rich_course(course_copy: Path) -> Path:
    """The fixture course with a first quiz that uses every field of every question type."""
    shutil.copy(FIXTURES / "exchange" / "first-quiz.yaml", course_copy / "quizzes" / "first-quiz.yaml")
    return course_copy

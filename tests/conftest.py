"""Shared fixtures: a copy of the fixture course, progress stores, and the interface language pinned."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import fsrs
import pytest

from course.i18n import set_locale
from course.progress import ProgressStore, open_store

if TYPE_CHECKING:
    from tests.postgres_server import ClassDatabase, PostgresServer

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


class FakeClock:
    """A clock the test moves by hand: stores and screens see exactly the moments it gives."""

    def __init__(self, now: dt.datetime = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


# Every backend the store tests run against; a backend is added here and every test taking
# `store_factory` (or `store`) runs against it too.
STORE_BACKENDS = ["sqlite", "postgres"]


class StoreFactory:
    """Opens stores on one fresh learner database per test.

    Each call is another app instance (another window) on that same database, with its own
    connection; by default they share the factory's clock.
    """

    def __init__(self, backend: str, tmp_path: Path, location: Path | str | None = None) -> None:
        self.backend = backend
        self.location = location or tmp_path / "store" / "progress.sqlite3"
        (tmp_path / "store").mkdir()
        self.clock = FakeClock()
        self.opened: list[ProgressStore] = []

    def __call__(self, clock: FakeClock | None = None, scheduler: fsrs.Scheduler | None = None) -> ProgressStore:
        """Another window; `scheduler` replaces the app's FSRS scheduler (fuzzing on) where a test needs exact days."""
        store = open_store(self.location, clock=clock or self.clock, scheduler=scheduler)
        self.opened.append(store)
        return store

    def close_all(self) -> None:
        for store in self.opened:
            store.close()


@pytest.fixture(params=STORE_BACKENDS)
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """A fresh learner database: a progress file, or a class database on the test server
    (`class init` done, used by its administrator, who sees and may do everything)."""
    location: str | None = None
    if request.param == "postgres":
        database = request.getfixturevalue("class_db")
        import psycopg

        from course.progress.postgres.roles import init_class

        with psycopg.connect(database.url, autocommit=True) as conn:
            init_class(conn, database.url)
        location = database.url
    factory = StoreFactory(request.param, tmp_path, location)
    yield factory
    factory.close_all()


@pytest.fixture
def store(store_factory: StoreFactory) -> ProgressStore:
    """A fresh store (one window on a fresh learner database), on the factory's clock."""
    return store_factory()


@pytest.fixture
def clock(store_factory: StoreFactory) -> FakeClock:
    """The clock of `store` and of every store the factory opens."""
    return store_factory.clock


# -- PostgreSQL (class mode) -------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for this test process (each xdist worker starts its own)."""
    from tests.postgres_server import start_server

    try:
        server = start_server()
    except RuntimeError as error:
        pytest.fail(f"{error}: install PostgreSQL (apt-get install postgresql), as .ci/run does")
    yield server
    server.remove()


@pytest.fixture
def class_db(postgres: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ClassDatabase]:
    """A new, empty database on the server; passwords reach libpq through a .pgpass file only."""
    from tests.postgres_server import ClassDatabase

    database = ClassDatabase.create(postgres, tmp_path / "pgpass")
    monkeypatch.setenv("PGPASSFILE", str(database.pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    yield database
    database.drop()

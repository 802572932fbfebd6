"""The instructor's class commands, run as a user would, against a real server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from textual.widgets import DataTable

from course.content import load_course
from course.progress import open_store
from course.progress.postgres.connection import connect
from course.progress.postgres.roles import enrol, init_class
from course.progress.postgres.store import PostgresStore
from course.progress.runs import QuizRun
from course.quiz import Presented, correct_answer
from course.tui.room import RoomApp
from tests.conftest import FIXTURE_COURSE
from tests.postgres_server import ClassDatabase

REPO = Path(__file__).parents[1]


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "course", "--lang", "en", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_init_enrol_list_remove_as_the_instructor_types_them(class_db: ClassDatabase, tmp_path: Path) -> None:
    store = ["--store", class_db.url]
    assert "is ready" in cli("class", "init", *store).stdout
    assert "up to date" in cli("class", "init", *store).stdout
    enrolled = cli("class", "enrol", "Lan Nguyễn", *store, "--host", "room-server")
    assert enrolled.returncode == 0, enrolled.stderr
    [pgpass_line] = [line.strip() for line in enrolled.stdout.splitlines() if line.strip().startswith("room-server:")]
    host, port, database, role, password = pgpass_line.split(":")
    assert (host, port, database) == ("room-server", str(class_db.server.port), class_db.name)
    assert f"cybercourse --store postgresql://{role}@room-server:{port}/{database}" in enrolled.stdout
    class_db.add_password(role, password)
    PostgresStore(class_db.url_for(role)).close()  # the handed-out password works
    service = cli("class", "enrol", "Minh", *store, "--service", "room")
    assert "[room]" in service.stdout and "cybercourse --store service=room" in service.stdout
    listed = cli("class", "list", *store).stdout
    assert "Lan Nguyễn" in listed and "Minh" in listed and "can log in" in listed
    assert "can no longer log in" in cli("class", "remove", "Minh", *store).stdout
    assert "no login" in cli("class", "list", *store).stdout


@pytest.mark.parametrize(
    ("store", "expected"),
    [
        ("postgresql://postgres:hunter2@127.0.0.1:{port}/{db}", "do not write the password"),
        ("postgresql://ghost@127.0.0.1:{port}/{db}", "none was found for ghost"),
        ("postgresql://postgres@127.0.0.1:{port}/no_such_db", "there is no database no_such_db"),
        ("postgresql://postgres@127.0.0.1:1/{db}", "cannot reach the class server"),
        ("postgresql://postgres@[oops/{db}", "is not a PostgreSQL connection URL"),
        ("service=nowhere", "is not defined"),
    ],
)
def test_bad_targets_get_one_sentence_and_no_traceback(class_db: ClassDatabase, store: str, expected: str) -> None:
    result = cli("class", "list", "--store", store.format(port=class_db.server.port, db=class_db.name))
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert "hunter2" not in result.stderr + result.stdout


def test_a_database_without_a_class_and_a_wrong_password(class_db: ClassDatabase) -> None:
    result = cli("report", "--store", class_db.url)
    assert result.returncode == 1 and "holds no class yet" in result.stderr and "class init" in result.stderr
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        init_class(conn, class_db.url)
        lan = enrol(conn, "Lan", "vi")
        minh = enrol(conn, "Minh", "vi")
    class_db.add_password(lan.role, "not-the-password")
    class_db.add_password(minh.role, minh.password)
    result = cli("--store", class_db.url_for(lan.role), "progress")
    assert result.returncode == 1 and "refused the password" in result.stderr and "Traceback" not in result.stderr
    result = cli("class", "enrol", "Tâm", "--store", class_db.url_for(minh.role))  # a trainee's role
    assert result.returncode == 1 and "may not do this" in result.stderr


def test_import_local_twice_imports_once(class_db: ClassDatabase, tmp_path: Path) -> None:
    course = load_course(FIXTURE_COURSE).course
    assert course is not None
    local = open_store(tmp_path / "progress.sqlite3")
    me = local.create_profile("Lan", "vi")
    local.save_position(me.id, "intro", 2, 3, seconds=120)
    run = QuizRun.start(course, course.quizzes["first-quiz"], local, me.id, seed=5)
    for index in range(len(run)):
        run.answer(index, correct_answer(run.question(index)), "vi")
    run.finish()
    cards = local.cards(me.id)
    local.close()
    assert "is ready" in cli("class", "init", "--store", class_db.url).stdout
    first = cli("class", "import-local", str(tmp_path), "--store", class_db.url)
    assert first.returncode == 0, first.stderr
    assert f"1 new attempts, {len(run)} new answers; 0 were" in first.stdout
    second = cli("class", "import-local", str(tmp_path / "progress.sqlite3"), "--store", class_db.url)
    assert f"0 new attempts, 0 new answers; {len(run) + 1} were already" in second.stdout
    server = PostgresStore(class_db.url)
    [lan] = server.profiles()
    [attempt] = server.attempts(lan.id)
    assert attempt.score == 1.0 and len(server.attempt(attempt.id).responses) == len(run)
    assert server.lessons(lan.id)["intro"].seconds_spent == 120
    # The review cards and their ratings came along, once.
    assert server.cards(lan.id) == cards and len(server.review_log(lan.id)) == len(run)
    server.close()
    # Enrolled afterwards, Lan logs in and finds the imported work.
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        lan_login = enrol(conn, "Lan", "vi")
    class_db.add_password(lan_login.role, lan_login.password)
    mine = PostgresStore(class_db.url_for(lan_login.role))
    assert [a.score for a in mine.attempts(lan.id)] == [1.0]
    mine.close()


async def test_watch_shows_an_answer_within_a_second(class_db: ClassDatabase) -> None:
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        init_class(conn, class_db.url)
        lan = enrol(conn, "Lan", "vi")
        enrol(conn, "Minh", "vi")
    class_db.add_password(lan.role, lan.password)
    trainee = PostgresStore(class_db.url_for(lan.role))
    [me] = trainee.profiles()
    attempt = trainee.start_attempt(me.id, "first-quiz", "practice", 1, [Presented("q1"), Presented("q2")], None)
    app = RoomApp(lambda: connect(class_db.url), "room", None, ["en", "vi"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        row = app.learners[me.id]
        assert row.answers == 0 and row.state is None
        trainee.here([me.id], "online")
        trainee.record_answer(attempt.id, "q1", {"choice": "a"}, 1.0, "vi", position=1)
        answered_at = time.monotonic()
        while app.learners[me.id].answers == 0 and time.monotonic() - answered_at < 5:
            await pilot.pause(0.02)
        assert time.monotonic() - answered_at < 1.0
        await pilot.pause()
        table = app.query_one(DataTable)
        lan_row = [str(cell) for cell in table.get_row(str(me.id))]
        assert lan_row == ["Lan", "first-quiz question 2/2", "1", "1/1 right", "online"]
        minh_row = [str(cell) for cell in table.get_row(str(max(app.learners)))]
        assert minh_row[0] == "Minh" and minh_row[2] == "0" and minh_row[4] == "never connected"
    trainee.close()


def test_enrol_never_sends_the_password_in_a_statement_the_server_logs(class_db: ClassDatabase) -> None:
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        init_class(conn, class_db.url)
        conn.execute("SET log_min_messages = 'log'")
        conn.execute("SET log_statement = 'all'")
        lan = enrol(conn, "Lan", "vi")
    log = (class_db.server.directory / "server.log").read_text(errors="replace")
    assert "CREATE ROLE" in log and lan.role in log
    assert lan.password not in log


def test_a_class_of_another_schema_or_a_server_too_old(
    class_db: ClassDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from course.progress.postgres import connection

    with psycopg.connect(class_db.url, autocommit=True) as conn:
        init_class(conn, class_db.url)
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    result = cli("report", "--store", class_db.url)
    assert result.returncode == 1 and "newer cybercourse" in result.stderr and "Update cybercourse" in result.stderr
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    result = cli("report", "--store", class_db.url)
    assert result.returncode == 1 and "needs upgrading" in result.stderr
    monkeypatch.setattr(connection, "MIN_SERVER_VERSION", 990000)  # as if this server were too old
    with pytest.raises(connection.StoreRefused, match=r"runs PostgreSQL 15\.\d+; class mode needs"):
        connect(class_db.url)


async def test_watch_shows_who_is_offline_and_who_closed_the_course(class_db: ClassDatabase) -> None:
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        init_class(conn, class_db.url)
        lan, minh = enrol(conn, "Lan", "vi"), enrol(conn, "Minh", "vi")
    admin = PostgresStore(class_db.url)
    ids = {p.name: p.id for p in admin.profiles()}
    admin.here([ids["Lan"], ids["Minh"]], "online")
    app = RoomApp(lambda: connect(class_db.url), "room", None, ["en", "vi"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        assert str(table.get_row(str(ids["Lan"]))[4]) == "online"
        with psycopg.connect(class_db.url, autocommit=True) as conn:  # Lan's network dropped 2 minutes ago
            conn.execute(
                "UPDATE presence SET seen_at = now() - interval '2 minutes' WHERE profile_id = %s", (ids["Lan"],)
            )
        admin.here([ids["Minh"]], "left")
        for _wait in range(500):  # told by NOTIFY; bounded so that a broken listener fails, not hangs
            if str(table.get_row(str(ids["Minh"]))[4]) == "closed":
                break
            await pilot.pause(0.02)
        assert str(table.get_row(str(ids["Lan"]))[4]) == "offline (2 min)"
        assert "2 learners, 0 online, 2 offline" in str(app.query_one("#room-title").render())
    admin.close()
    assert lan.role != minh.role


def test_without_the_driver_class_mode_says_how_to_install_it() -> None:
    code = (
        "import sys\n"
        "sys.modules['psycopg'] = None  # as if cybercourse[class] was not installed\n"
        "from course.cli import main\n"
        "sys.exit(main(['--lang', 'en', 'class', 'list', '--store', 'postgresql://teacher@server/room1']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pip install 'cybercourse[class]'" in result.stderr


def test_the_store_comes_from_the_environment_or_names_a_progress_file(class_db: ClassDatabase, tmp_path: Path) -> None:
    """$CYBERCOURSE_STORE when --store is not given; a path (not a URL) is a local progress file."""
    env = {"CYBERCOURSE_STORE": class_db.url}
    assert "is ready" in cli("class", "init", env=env).stdout
    assert cli("class", "enrol", "Lan", env=env).returncode == 0
    assert "Lan" in cli("class", "list", env=env).stdout
    local = open_store(tmp_path / "elsewhere.sqlite3")
    local.create_profile("Tâm", "vi")
    local.close()
    shown = cli("progress", "--format", "json", "--store", str(tmp_path / "elsewhere.sqlite3"), env=env)
    assert shown.returncode == 0 and '"profile": "Tâm"' in shown.stdout  # --store wins over the environment

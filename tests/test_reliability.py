"""No lost progress: kills at random moments, two instances at once, damaged files."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course.content import load_course
from course.progress import AttemptHeld, StoreDamaged, StoreError, StoreRefused, database, open_store
from course.progress.runs import QuizRun
from course.progress.schema import SCHEMA_VERSION
from tests.conftest import FIXTURE_COURSE

REPO = Path(__file__).parents[1]
KILLS = 50


def plan_ids() -> list[str]:
    course = load_course(FIXTURE_COURSE).course
    assert course is not None
    return [q.id for q in course.quizzes["first-quiz"].questions]


def worker(data: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store_worker", str(data), json.dumps(plan_ids()), *extra],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def acknowledged(output: str) -> list[tuple[int, str]]:
    return [(attempt, question) for attempt, question, _answer in acknowledged_answers(output)]


def acknowledged_answers(output: str) -> list[tuple[int, str, str]]:
    """(attempt, question, answer) of every answer the worker saw saved."""
    return [
        (int(a), q, v) for _ack, a, q, v in (line.split() for line in output.splitlines() if line.startswith("ACK "))
    ]


def test_killed_at_random_moments_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    rng = random.Random(2026)
    course = load_course(FIXTURE_COURSE).course
    assert course is not None
    seen: set[tuple[int, str]] = set()
    for _kill in range(KILLS):
        child = worker(tmp_path)
        time.sleep(rng.uniform(0.05, 0.6))  # sometimes during start-up, mostly mid-answer
        child.send_signal(signal.SIGKILL)
        output, _errors = child.communicate()
        seen |= set(acknowledged(output))
        database = tmp_path / "progress.sqlite3"
        if not database.exists():  # killed before its first database was complete
            assert not seen
            continue
        # Read-only, so that checking never creates or changes the file under test.
        with sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = set(conn.execute("SELECT attempt_id, question_id FROM responses").fetchall())
        missing = seen - stored
        assert not missing, f"acknowledged but lost after kill {_kill}: {missing}"
    assert len(seen) > 100  # the kills really landed among answers
    # The next start offers to resume exactly where the killed program was.
    store = open_store(tmp_path / "progress.sqlite3")
    profile = store.profile_by_name("Lan")
    assert profile is not None
    unfinished = store.unfinished_attempt(profile.id, "first-quiz")
    if unfinished is not None:
        # The killed window's hold on the attempt has not run out yet: the app asks, and the
        # trainee takes it over (or it is free a minute later).
        with pytest.raises(AttemptHeld):
            QuizRun.resume(course, course.quizzes["first-quiz"], store, unfinished)
        run = QuizRun.resume(course, course.quizzes["first-quiz"], store, unfinished, take_over=True)
        answered = [i for i in range(len(run)) if run.answered(i)]
        assert answered == list(range(len(answered)))  # answered in order, resumes at the next
        assert run.first_unanswered() == len(answered)
    store.close()


def test_two_instances_writing_at_once(tmp_path: Path) -> None:
    open_store(tmp_path / "progress.sqlite3").close()
    children = [
        worker(tmp_path, "--count", "300", "--tag", tag, "--quiz", quiz) for tag, quiz in (("a", "qa"), ("b", "qb"))
    ]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_out, errors) in zip(children, outputs, strict=True):
        assert child.returncode == 0, errors
        assert "locked" not in errors.lower()
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        stored = set(conn.execute("SELECT attempt_id, question_id FROM responses").fetchall())
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for out, _errors in outputs:
        acks = acknowledged(out)
        assert len(acks) == 300 and set(acks) <= stored


def test_two_windows_taking_one_attempt_from_each_other_never_overwrite_an_answer(tmp_path: Path) -> None:
    """Two processes on one learner and one quiz, each taking the attempt over from the other
    again and again: every answer either one saw saved is in the store exactly as it gave it,
    a window whose attempt was taken over saves nothing more to it, and no attempt is finished
    while the other window is still answering it."""
    open_store(tmp_path / "progress.sqlite3").close()
    children = [worker(tmp_path, "--count", "150", "--tag", tag) for tag in ("a", "b")]
    outputs = [child.communicate(timeout=180) for child in children]
    for child, (_out, errors) in zip(children, outputs, strict=True):
        assert child.returncode == 0, errors
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {
            (attempt, question): json.loads(answer)["text"]
            for attempt, question, answer in conn.execute("SELECT attempt_id, question_id, answer FROM responses")
        }
        finished = dict(conn.execute("SELECT id, score FROM attempts WHERE finished_at IS NOT NULL").fetchall())
        answered_after_finishing = conn.execute(
            """SELECT count(*) FROM responses JOIN attempts ON attempts.id = responses.attempt_id
               WHERE attempts.finished_at IS NOT NULL AND responses.answered_at > attempts.finished_at"""
        ).fetchone()[0]
    questions = len(plan_ids())
    for out, _errors in outputs:
        acks = acknowledged_answers(out)
        assert len(acks) == 150
        for attempt, question, answer in acks:
            assert stored[(attempt, question)] == answer, "an acknowledged answer was replaced by the other window"
        assert "LOST" in out  # each window really had the attempt taken from it
        for line in out.splitlines():
            if line.startswith("FIN "):
                _fin, closed, answers = line.split()
                # Finished with every answer it holds: none arrived from the other window afterwards.
                assert finished[int(closed)] == pytest.approx(int(answers) / questions)
                assert int(answers) == questions
    assert finished and answered_after_finishing == 0
    assert len({attempt for attempt, _question in stored} - set(finished)) <= 1  # none left half-done behind


def damaged_file(kind: str, path: Path) -> None:
    if kind == "zero-length":
        path.write_bytes(b"")
    elif kind == "random-bytes":
        path.write_bytes(random.Random(1).randbytes(20_000))
    elif kind == "truncated":
        store = open_store(path)
        profile = store.create_profile("Lan", "vi")
        for i in range(300):
            store.save_position(profile.id, f"lesson-{i}", 1, 3, seconds=10)
        store.close()
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("kind", ["zero-length", "random-bytes", "truncated"])
def test_a_damaged_file_is_kept_aside_and_a_new_one_started(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    damaged_file(kind, path)
    original = path.read_bytes()
    with pytest.raises(StoreDamaged):
        open_store(path)  # plain opening (e.g. `cybercourse progress`) refuses and changes nothing
    assert path.read_bytes() == original
    store = open_store(path, recover=True)
    notice = store.notice
    assert notice is not None and "damaged-" in notice and "restore a backup" in notice
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == original  # kept, byte for byte
    assert store.create_profile("Lan", "vi").name == "Lan"  # and a working new file
    store.close()


def test_an_interrupted_first_start_leaves_no_half_made_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed while creating its first database, the program must not leave an empty file behind
    that the next start would have to call damaged."""
    path = tmp_path / "progress.sqlite3"

    def interrupted(_conn: sqlite3.Connection) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(database, "migrate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_store(path)
    assert not path.exists()
    monkeypatch.undo()
    store = open_store(path, recover=True)
    notice = store.notice  # the next start begins afresh, quietly
    assert notice is None and store.create_profile("Lan", "vi").name == "Lan"
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith((".lock", "-wal", "-shm"))) == [path.name]


def test_a_foreign_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id)")
    original = path.read_bytes()
    with pytest.raises(StoreRefused, match="another program"):
        open_store(path, recover=True)
    assert path.read_bytes() == original
    assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]


def test_a_newer_schema_is_refused_not_downgraded(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreRefused, match="newer version"):
        open_store(path, recover=True)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_an_unwritable_data_directory_gets_a_clear_message(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    with pytest.raises(StoreError, match="Check that the folder exists and is writable"):
        open_store(not_a_dir / "data" / "progress.sqlite3", recover=True)


def test_the_command_line_reports_store_problems_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id)")
    env = {**os.environ, "CYBERCOURSE_DATA_DIR": str(tmp_path)}
    for args in (["progress"], []):
        result = subprocess.run(
            [sys.executable, "-m", "course", "--content", str(FIXTURE_COURSE), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )
        assert result.returncode == 1
        assert "another program" in result.stderr and "Traceback" not in result.stderr


async def test_a_failed_save_keeps_the_answer_on_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_app import create_profile, visible_text
    from tests.tui_helpers import build_app, load
    from tests.tui_keys import answer

    app = build_app(load(FIXTURE_COURSE), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await create_profile(pilot)
        await pilot.press("down", "t", "enter")
        await pilot.pause()
        screen = app.screen

        def refuse(*args: object, **kwargs: object) -> None:
            raise StoreError("could not save to progress.sqlite3: database is locked. Nothing was lost; try again.")

        monkeypatch.setattr(app.session.store, "record_answer", refuse)
        await answer(pilot, screen)  # type: ignore[arg-type]
        assert "could not save" in visible_text(app)
        assert not screen.run.answered(0)  # type: ignore[attr-defined]
        monkeypatch.undo()
        await pilot.press("enter")  # the same answer, again
        await pilot.pause()
        assert screen.run.answered(0)  # type: ignore[attr-defined]

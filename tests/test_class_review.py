"""Spaced review in class mode: cards on the class server, row-level security, the trainee's outbox.

The store-level rules run on PostgreSQL through `store_factory` (test_review_store.py); here
what is particular to a class: each trainee's role reads and writes only its own cards, the
cards computed on the trainee's computer reach the server with the answer (exactly once),
two computers never rate the same due card twice, and a class set up before spaced review
is upgraded by `class init`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import fsrs
import psycopg
import pytest

from course.progress.postgres import roles
from course.progress.postgres.outbox import ClassroomStore
from course.progress.postgres.roles import Enrolment, enrol, init_class
from course.progress.postgres.schema import MIGRATIONS, SCHEMA_VERSION
from course.progress.postgres.store import PostgresStore
from course.progress.records import CardRecord, ReviewRecord
from course.quiz import Presented
from tests.conftest import FakeClock
from tests.postgres_server import ClassDatabase

QUESTIONS = {"q-single", "q-tf", "q-num"}
NO_FUZZ = fsrs.Scheduler(enable_fuzzing=False)


@dataclass
class Room:
    db: ClassDatabase
    lan: Enrolment
    minh: Enrolment
    clock: FakeClock

    def store(self, who: Enrolment) -> PostgresStore:
        return PostgresStore(self.db.url_for(who.role), self.clock, scheduler=NO_FUZZ)

    def sql(self, who: Enrolment) -> psycopg.Connection:
        return psycopg.connect(self.db.url_for(who.role), autocommit=True)

    def computer(self, who: Enrolment, folder: Path) -> ClassroomStore:
        """The trainee's program on one computer: a local copy and an outbox."""
        store = ClassroomStore(self.db.url_for(who.role), folder / "copy.sqlite3", self.clock)
        store._scheduler = NO_FUZZ
        return store


@pytest.fixture
def room(class_db: ClassDatabase) -> Iterator[Room]:
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        init_class(conn, class_db.url)
        lan = enrol(conn, "Lan Nguyễn", "vi")
        minh = enrol(conn, "Minh Trần", "vi")
    for who in (lan, minh):
        class_db.add_password(who.role, who.password)
    yield Room(class_db, lan, minh, FakeClock(dt.datetime.now(dt.UTC).replace(microsecond=0)))


def practise(store: PostgresStore | ClassroomStore, answers: dict[str, float]) -> int:
    [me] = store.profiles()
    attempt = store.start_attempt(me.id, "first-quiz", "practice", 1, [Presented(q) for q in answers], None)
    for question, score in answers.items():
        store.record_answer(attempt.id, question, {"text": "x"}, score, "vi")
    return me.id


def in_order(ids: list[str]) -> list[Presented]:
    return [Presented(q) for q in ids]


def server_cards(room: Room, profile_id: int) -> list[CardRecord]:
    teacher = PostgresStore(room.db.url, room.clock)
    try:
        return teacher.cards(profile_id)
    finally:
        teacher.close()


def test_a_trainee_reads_and_writes_only_their_own_cards(room: Room) -> None:
    lan, minh = room.store(room.lan), room.store(room.minh)
    lan_id = practise(lan, {"q-single": 0.0})
    minh_id = practise(minh, {"q-single": 1.0, "q-tf": 0.0})
    assert [c.question_id for c in lan.cards(lan_id)] == ["q-single"]
    assert lan.cards(minh_id) == [] and lan.review_log(minh_id) == []
    with room.sql(room.lan) as conn:
        assert conn.execute("SELECT count(*) FROM cards").fetchone() == (1,)
        assert conn.execute("SELECT DISTINCT role_name FROM review_log").fetchall() == [(room.lan.role,)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a card hung on Minh's profile
            conn.execute(
                "INSERT INTO cards (profile_id, role_name, question_id, state, due, reviews) "
                "VALUES (%s, %s, 'q-num', 1, '2026-01-01', 0)",
                (minh_id, room.minh.role),
            )
        assert conn.execute("UPDATE cards SET due = '2000-01-01' WHERE profile_id = %s", (minh_id,)).rowcount == 0
        assert conn.execute("UPDATE profiles SET review_limit = 5 WHERE id = %s", (minh_id,)).rowcount == 0
        for statement in ("UPDATE review_log SET rating = 4", "DELETE FROM review_log", "DELETE FROM cards"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):  # ratings are never rewritten by a trainee
                conn.execute(statement)
    lan.set_review_limit(lan_id, 7)
    assert lan.profile(lan_id).review_limit == 7 and minh.profile(minh_id).review_limit == 20
    assert [c.question_id for c in server_cards(room, minh_id)] == ["q-tf", "q-single"]  # by due time
    lan.close()
    minh.close()


def test_cards_made_on_the_trainees_computer_reach_the_server_once(room: Room, tmp_path: Path) -> None:
    store = room.computer(room.lan, tmp_path)
    lan_id = practise(store, {"q-single": 0.0, "q-tf": 1.0})
    store.set_review_limit(lan_id, 12)
    local = store.cards(lan_id)
    assert store.flush()
    assert server_cards(room, lan_id) == local  # the very cards computed here, field for field
    room.clock.advance(60)
    session = store.start_review(lan_id, QUESTIONS, in_order, 4)
    assert session is not None and [p.question_id for p in session.plan] == ["q-single"]
    store.record_answer(session.id, "q-single", {"text": "x"}, 1.0, "vi")
    assert store.flush()
    teacher = PostgresStore(room.db.url, room.clock)
    remote = teacher.attempt(session.id)  # the same session, with the same id and questions
    assert (remote.mode, remote.plan, list(remote.responses)) == ("review", session.plan, ["q-single"])
    assert [(r.question_id, r.rating, r.kind) for r in teacher.review_log(lan_id)] == [
        ("q-single", 1, "practice"),
        ("q-tf", 3, "practice"),
        ("q-single", 3, "review"),
    ]
    assert teacher.cards(lan_id) == store.cards(lan_id) and teacher.profile(lan_id).review_limit == 12
    teacher.close()
    store.close()


def test_two_computers_never_review_the_same_card_twice(room: Room, tmp_path: Path) -> None:
    first = room.computer(room.lan, tmp_path / "first")
    lan_id = practise(first, {"q-single": 0.0})
    assert first.flush()
    second = room.computer(room.lan, tmp_path / "second")  # the trainee's other computer, in step
    room.clock.advance(60)
    assert first.start_review(lan_id, QUESTIONS, in_order, 1) is not None
    assert first.flush()
    # The other computer did not know: its own start reaches the server, which refuses it.
    theirs = second.start_review(lan_id, QUESTIONS, in_order, 2)
    assert theirs is not None
    second.record_answer(theirs.id, "q-single", {"text": "x"}, 1.0, "vi")
    second.flush()
    reasons = [reason for _change, reason in second.rejected()]
    assert reasons[0].startswith("The review is open in another window")  # the session; then its answer
    assert [r.kind for r in server_cards_log(room, lan_id)] == ["practice"]  # rated once, by the quiz
    first.close()
    second.close()


def server_cards_log(room: Room, profile_id: int) -> list[ReviewRecord]:
    teacher = PostgresStore(room.db.url, room.clock)
    try:
        return list(teacher.review_log(profile_id))
    finally:
        teacher.close()


def test_class_init_upgrades_a_class_set_up_before_spaced_review(
    class_db: ClassDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        with monkeypatch.context() as old:
            old.setattr(roles, "MIGRATIONS", MIGRATIONS[:1])
            old.setattr(roles, "SCHEMA_VERSION", 1)
            assert init_class(conn, class_db.url) == (0, 1)
            lan = enrol(conn, "Lan Nguyễn", "vi")
        assert conn.execute("SELECT to_regclass('cards')").fetchone() == (None,)
        assert init_class(conn, class_db.url) == (1, SCHEMA_VERSION)
    class_db.add_password(lan.role, lan.password)
    store = PostgresStore(class_db.url_for(lan.role), scheduler=NO_FUZZ)
    [me] = store.profiles()
    assert me.review_limit == 20
    practise(store, {"q-single": 0.0})
    assert [c.question_id for c in store.cards(me.id)] == ["q-single"]
    store.close()


def test_cybercourse_review_on_a_class_server(room: Room, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from course.cli import main
    from course.tui.app import CourseApp
    from course.tui.review_app import ReviewApp
    from course.tui.session import Session

    opened: list[tuple[str, int]] = []

    def run_app(app: CourseApp, session: Session) -> int:
        assert isinstance(app, ReviewApp) and isinstance(session.store, ClassroomStore)
        opened.append((session.store.profile(app.profile_id).name, session.store.profile(app.profile_id).review_limit))
        session.store.close()
        return 0

    monkeypatch.setattr("course.commands.start.run_app", run_app)
    url = room.db.url_for(room.lan.role)
    args = ["review", "--store", url, "--data-dir", str(tmp_path), "--profile", "lan nguyễn", "--daily-limit", "9"]
    assert main(args) == 0
    assert opened == [("Lan Nguyễn", 9)]
    teacher = PostgresStore(room.db.url, room.clock)
    assert [p.review_limit for p in teacher.profiles() if p.name == "Lan Nguyễn"] == [9]  # sent to the server
    teacher.close()

"""Who may see what in a class: row-level security, tried with the learners' own roles."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest

from course.progress import AttemptLost, StoreError
from course.progress.postgres.connection import AccessRefused
from course.progress.postgres.roles import Enrolment, enrol, init_class, learners, remove
from course.progress.postgres.schema import SCHEMA_VERSION
from course.progress.postgres.store import PostgresStore
from course.quiz import Presented
from tests.postgres_server import ClassDatabase

PLAN = [Presented("q1"), Presented("q2"), Presented("q3")]


@dataclass
class Room:
    db: ClassDatabase
    lan: Enrolment
    minh: Enrolment

    def store(self, who: Enrolment) -> PostgresStore:
        return PostgresStore(self.db.url_for(who.role))

    def sql(self, who: Enrolment) -> psycopg.Connection:
        return psycopg.connect(self.db.url_for(who.role), autocommit=True)


@pytest.fixture
def room(class_db: ClassDatabase) -> Iterator[Room]:
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        init_class(conn, class_db.url)
        lan = enrol(conn, "Lan Nguyễn", "vi")
        minh = enrol(conn, "Minh Trần", "vi")
    for who in (lan, minh):
        class_db.add_password(who.role, who.password)
    yield Room(class_db, lan, minh)


def answered(room: Room, who: Enrolment, mode: str = "practice") -> tuple[int, int]:
    """A trainee's profile id and an attempt with one right answer, made through the store."""
    store = room.store(who)
    [me] = store.profiles()
    attempt = store.start_attempt(me.id, "first-quiz", mode, 1, PLAN, None)
    store.record_answer(attempt.id, "q1", {"choice": "a"}, 1.0, "vi")
    store.close()
    return me.id, attempt.id


def test_a_trainee_sees_only_their_own_profile_and_work(room: Room) -> None:
    _lan_profile, lan_attempt = answered(room, room.lan)
    minh_profile, _minh_attempt = answered(room, room.minh)
    lan = room.store(room.lan)
    assert [p.name for p in lan.profiles()] == ["Lan Nguyễn"]
    assert lan.attempts(minh_profile) == []
    assert lan.lessons(minh_profile) == {}
    with room.sql(room.lan) as conn:
        # Even asking the tables directly: only Lan's rows exist for Lan's role.
        assert conn.execute("SELECT count(*) FROM responses").fetchone() == (1,)
        assert conn.execute("SELECT DISTINCT role_name FROM attempts").fetchall() == [(room.lan.role,)]
        assert conn.execute("SELECT count(*) FROM presence").fetchone() == (0,)
    assert lan.attempt(lan_attempt).responses["q1"].score == 1.0
    lan.close()


def test_a_trainee_cannot_change_a_recorded_score(room: Room) -> None:
    _profile, attempt = answered(room, room.lan)
    with room.sql(room.lan) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE responses SET score = 0.5 WHERE attempt_id = %s", (attempt,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE responses SET answer = '{}', score = 1 WHERE attempt_id = %s", (attempt,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM responses")
    with psycopg.connect(room.db.url) as admin:
        assert admin.execute("SELECT score FROM responses").fetchone() == (1.0,)


def test_a_trainee_cannot_write_into_or_read_anothers_work(room: Room) -> None:
    minh_profile, minh_attempt = answered(room, room.minh)
    with room.sql(room.lan) as conn:
        # Minh's rows are invisible: an update finds nothing, and nothing can hang on them.
        assert conn.execute("UPDATE attempts SET position = 2 WHERE id = %s", (minh_attempt,)).rowcount == 0
        with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.NotNullViolation)):
            conn.execute(
                """INSERT INTO responses (attempt_id, role_name, question_id, answer_id, answer, score, locale,
                   answered_at) VALUES (%s, (SELECT role_name FROM attempts WHERE id = %s), 'q2',
                   gen_random_uuid(), '{}', 0, 'vi', 'now')""",
                (minh_attempt, minh_attempt),
            )
        with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.ForeignKeyViolation)):
            conn.execute(
                """INSERT INTO responses (attempt_id, role_name, question_id, answer_id, answer, score, locale,
                   answered_at) VALUES (%s, %s, 'q2', gen_random_uuid(), '{}', 0, 'vi', 'now')""",
                (minh_attempt, room.minh.role),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO attempts (id, profile_id, role_name, quiz_id, mode, seed, plan, started_at)"
                " VALUES (1, %s, %s, 'x', 'practice', 1, '[]', 'now')",
                (minh_profile, room.minh.role),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE profiles SET name = 'Someone else'")
    with psycopg.connect(room.db.url) as admin:
        assert admin.execute("SELECT count(*) FROM responses WHERE attempt_id = %s", (minh_attempt,)).fetchone() == (1,)


def test_a_finished_attempt_is_final_for_the_trainee(room: Room) -> None:
    profile, attempt = answered(room, room.lan, mode="exam")
    lan = room.store(room.lan)
    lan.claim_attempt(attempt)  # the quiz opened again
    lan.record_answer(attempt, "q1", {"choice": "b"}, 0.0, "vi")  # an exam answer may change before the end
    assert lan.attempt(attempt).responses["q1"].score == 0.0
    lan.finish_attempt(attempt, 0.0, False)
    with pytest.raises(AttemptLost):
        lan.record_answer(attempt, "q1", {"choice": "a"}, 1.0, "vi")
    with pytest.raises(AttemptLost):
        lan.record_answer(attempt, "q2", {"choice": "a"}, 1.0, "vi")
    with room.sql(room.lan) as conn:
        assert conn.execute("UPDATE attempts SET score = 1, passed = true WHERE id = %s", (attempt,)).rowcount == 0
    finished = lan.attempt(attempt)
    assert finished.score == 0.0 and finished.passed is False and set(finished.responses) == {"q1"}
    with pytest.raises(AccessRefused):
        lan.reset_profile(profile)
    lan.close()


def test_a_practice_answer_whose_feedback_was_shown_is_never_replaced(room: Room) -> None:
    _profile, attempt = answered(room, room.lan)
    lan = room.store(room.lan)
    lan.claim_attempt(attempt)
    with pytest.raises(StoreError, match="already answered"):
        lan.record_answer(attempt, "q1", {"choice": "b"}, 0.0, "vi")
    assert lan.attempt(attempt).responses["q1"].answer == {"choice": "a"}
    lan.close()


def test_the_instructor_reads_everyone_and_others_on_the_server_read_nothing(room: Room) -> None:
    answered(room, room.lan)
    answered(room, room.minh)
    with psycopg.connect(room.db.server.admin_url(room.db.name), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {room.db.name}_teacher LOGIN PASSWORD 'pw-teacher'")
        admin.execute(f"GRANT {room.db.name}_instructor TO {room.db.name}_teacher")
        admin.execute(f"CREATE ROLE {room.db.name}_stranger LOGIN PASSWORD 'pw-stranger'")
    room.db.add_password(f"{room.db.name}_teacher", "pw-teacher")
    room.db.add_password(f"{room.db.name}_stranger", "pw-stranger")
    teacher = PostgresStore(room.db.url_for(f"{room.db.name}_teacher"))
    assert sorted(p.name for p in teacher.profiles()) == ["Lan Nguyễn", "Minh Trần"]
    assert sum(len(teacher.attempts(p.id)) for p in teacher.profiles()) == 2
    teacher.close()
    with psycopg.connect(room.db.url_for(f"{room.db.name}_stranger"), autocommit=True) as stranger:
        for table in ("profiles", "attempts", "responses", "lesson_progress", "cards", "review_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                stranger.execute(f"SELECT * FROM {table}")


def test_init_is_idempotent_and_refuses_a_database_holding_something_else(class_db: ClassDatabase) -> None:
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        assert init_class(conn, class_db.url) == (0, SCHEMA_VERSION)
        assert init_class(conn, class_db.url) == (SCHEMA_VERSION, SCHEMA_VERSION)
    with psycopg.connect(class_db.server.admin_url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {class_db.name}_other")
    try:
        with psycopg.connect(class_db.server.admin_url(class_db.name + "_other"), autocommit=True) as other:
            other.execute("CREATE TABLE invoices (id int)")
            with pytest.raises(StoreError, match="already holds other tables"):
                init_class(other, "x")
            assert other.execute("SELECT to_regclass('profiles')").fetchone() == (None,)
    finally:
        with psycopg.connect(class_db.server.admin_url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {class_db.name}_other WITH (FORCE)")


def test_remove_takes_the_login_away_and_keeps_the_results(room: Room) -> None:
    answered(room, room.lan)
    with psycopg.connect(room.db.url, autocommit=True) as conn:
        assert remove(conn, "Lan Nguyễn", erase=False) == room.lan.role
        [lan, minh] = learners(conn)
        assert (lan["name"], lan["can_log_in"], lan["answers"]) == ("Lan Nguyễn", False, 1)
        assert minh["can_log_in"] is True
        again = enrol(conn, "Lan Nguyễn", "vi")  # enrolled again: the same role, the same results
        assert again.role == room.lan.role and again.password != room.lan.password
    with pytest.raises(StoreError, match="refused the password"):
        room.store(room.lan)


def test_report_names_a_score_the_answer_key_does_not_give(room: Room) -> None:
    """The trust model's check: a trainee's program could send any score with a new answer."""
    import subprocess
    import sys

    from course.content import load_course
    from course.quiz import correct_answer
    from tests.conftest import FIXTURE_COURSE

    course = load_course(FIXTURE_COURSE).course
    assert course is not None
    question = course.quizzes["first-quiz"].questions[0]
    honest = correct_answer(question)
    lan, minh = room.store(room.lan), room.store(room.minh)
    for store, score in ((lan, 1.0), (minh, 1.0)):
        [me] = store.profiles()
        attempt = store.start_attempt(me.id, "first-quiz", "practice", 1, [Presented(question.id)], None)
        answer = honest if store is lan else {"choice": "zzz-not-an-option"}
        store.record_answer(attempt.id, question.id, answer, score, "en")
        store.close()
    result = subprocess.run(
        [sys.executable, "-m", "course", "--content", str(FIXTURE_COURSE), "report", "--store", room.db.url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "1 recorded score does not match" in result.stderr
    assert f"Minh Trần, first-quiz, {question.id}: recorded 100%" in result.stderr
    assert "Lan Nguyễn" not in result.stderr

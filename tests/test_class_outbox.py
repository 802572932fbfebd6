"""Offline-safe class mode: answers given while the server is down are kept, sent once, never twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from course.progress import StoreError
from course.progress.postgres.connection import ServerUnreachable
from course.progress.postgres.mirror import pending
from course.progress.postgres.outbox import ClassroomStore
from course.progress.postgres.roles import Enrolment, enrol, init_class
from course.progress.postgres.store import PostgresStore
from course.quiz import Presented
from tests.conftest import FIXTURE_COURSE
from tests.postgres_server import ClassDatabase

QUESTIONS = [f"q{n}" for n in range(1, 9)]


@pytest.fixture
def lan(class_db: ClassDatabase) -> Enrolment:
    with psycopg.connect(class_db.url, autocommit=True) as conn:
        init_class(conn, class_db.url)
        who = enrol(conn, "Lan", "vi")
    class_db.add_password(who.role, who.password)
    return who


@pytest.fixture
def server_back(class_db: ClassDatabase) -> Iterator[None]:
    yield
    if not class_db.server.running():
        class_db.server.start()


def on_server(db: ClassDatabase) -> list[tuple[str, str]]:
    with psycopg.connect(db.url) as conn:
        return [(str(q), str(a)) for q, a in conn.execute("SELECT question_id, answer FROM responses ORDER BY 1")]


def test_answers_given_offline_survive_a_restart_and_are_sent_exactly_once(
    class_db: ClassDatabase, lan: Enrolment, tmp_path: Path, server_back: None
) -> None:
    url, local = class_db.url_for(lan.role), tmp_path / "copy.sqlite3"
    store = ClassroomStore(url, local)
    assert store.online
    [me] = store.profiles()
    attempt = store.start_attempt(me.id, "first-quiz", "practice", 3, [Presented(q) for q in QUESTIONS], None)
    for question in QUESTIONS[:3]:
        store.record_answer(attempt.id, question, {"text": question}, 1.0, "vi")
    assert store.flush()
    assert len(on_server(class_db)) == 3

    class_db.server.stop("immediate")  # the server drops mid-quiz
    for question in QUESTIONS[3:5]:
        store.record_answer(attempt.id, question, {"text": question}, 1.0, "vi")
        # On disk and readable at once, before anything was sent: the feedback can be shown.
        assert question in store.attempt(attempt.id).responses
    assert not store.flush(timeout=2)
    assert not store.online and store.pending_answers() == 2
    store.close()  # the trainee quits while the server is still down

    store = ClassroomStore(url, local)  # ... and starts again: the course opens from the copy
    assert not store.online and store.pending_answers() == 2
    assert set(store.claim_attempt(attempt.id).responses) == set(QUESTIONS[:5])  # the quiz resumes
    store.record_answer(attempt.id, QUESTIONS[5], {"text": QUESTIONS[5]}, 1.0, "vi")
    assert store.pending_answers() == 3

    class_db.server.start()
    assert store.flush()
    assert store.online and store.pending_answers() == 0
    assert on_server(class_db) == [(q, f'{{"text": "{q}"}}') for q in QUESTIONS[:6]]
    store.close()


def test_a_change_delivered_twice_counts_once(class_db: ClassDatabase, lan: Enrolment, tmp_path: Path) -> None:
    """The server committed, the acknowledgement was lost, the outbox sends the change again."""
    url = class_db.url_for(lan.role)
    store = ClassroomStore(url, tmp_path / "copy.sqlite3")
    [me] = store.profiles()
    attempt = store.start_attempt(me.id, "first-quiz", "practice", 3, [Presented("q1")], None)
    store.save_position(me.id, "intro", 1, 3, seconds=60)
    store.record_answer(attempt.id, "q1", {"text": "a"}, 1.0, "vi")
    with store._lock:  # what the outbox holds before sending
        sent = [change for _seq, change in pending(store._conn)]
    assert store.flush()
    remote = PostgresStore(url)
    for change in sent:
        assert remote.apply(change) is False  # a second delivery changes nothing
    assert remote.lessons(me.id)["intro"].seconds_spent == 60
    assert len(remote.attempt(attempt.id).responses) == 1
    assert len(remote.attempts(me.id)) == 1
    remote.close()
    store.close()


def test_first_start_without_the_server_says_what_to_do(
    class_db: ClassDatabase, lan: Enrolment, tmp_path: Path, server_back: None
) -> None:
    class_db.server.stop("fast")
    with pytest.raises(ServerUnreachable, match="first start needs the server"):
        ClassroomStore(class_db.url_for(lan.role), tmp_path / "copy.sqlite3")


def test_a_trainee_cannot_reset_or_create_learners_in_a_class(
    class_db: ClassDatabase, lan: Enrolment, tmp_path: Path
) -> None:
    store = ClassroomStore(class_db.url_for(lan.role), tmp_path / "copy.sqlite3")
    with pytest.raises(StoreError, match="only the instructor"):
        store.reset_profile(store.profiles()[0].id)
    with pytest.raises(ValueError, match="enrols each learner"):
        store.create_profile("Someone", "vi")
    store.close()


async def test_the_app_says_offline_and_how_many_answers_wait(
    class_db: ClassDatabase, lan: Enrolment, tmp_path: Path, server_back: None
) -> None:
    """A trainee in class answers while the server is down: feedback at once, and the footer says so."""
    from course.i18n import ngettext
    from course.tui.app import make_app
    from course.tui.screens.quiz import QuizScreen
    from course.tui.session import Session
    from course.tui.widgets.footer import CourseFooter
    from tests.tui_helpers import Clock, load
    from tests.tui_keys import answer

    course = load(FIXTURE_COURSE)
    store = ClassroomStore(class_db.url_for(lan.role), tmp_path / "copy.sqlite3", clock=Clock())  # the app's one clock
    session = Session(outline=course.outline(), store=store, course=course, seed=lambda: 1, locales=["en", "vi"])
    app = make_app(session, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "t", "enter")  # the first lesson's quiz
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        class_db.server.stop("immediate")
        await answer(pilot, screen)
        assert screen.feedback_shown  # shown at once, from the local copy
        store.flush(timeout=1)
        app._check_connection()  # what the once-a-second timer does
        await pilot.pause()
        footer = app.screen.query_one(CourseFooter).render().plain
        expected = ngettext("offline — {n} answer will be sent", "offline — {n} answers will be sent", 1)
        assert expected.format(n=1) in footer  # in the learner's language (both are in the catalog)
        class_db.server.start()
        assert store.flush()
        app._check_connection()
        await pilot.pause()
        assert expected.format(n=1) not in app.screen.query_one(CourseFooter).render().plain
    store.close()
    assert len(on_server(class_db)) == 1


def test_offline_with_nothing_waiting_does_not_say_zero_answers() -> None:
    from course.tui.app import offline_notice

    assert "0" not in offline_notice(0) and "offline" in offline_notice(0)
    assert offline_notice(2) == "offline — 2 answers will be sent"


def test_an_answer_the_server_refuses_is_kept_not_counted(
    class_db: ClassDatabase, lan: Enrolment, tmp_path: Path
) -> None:
    """Two computers, one learner: the attempt was taken over on the other one meanwhile."""
    url = class_db.url_for(lan.role)
    here = ClassroomStore(url, tmp_path / "here.sqlite3")
    [me] = here.profiles()
    attempt = here.start_attempt(me.id, "first-quiz", "practice", 3, [Presented(q) for q in QUESTIONS], None)
    here.record_answer(attempt.id, "q1", {"text": "here"}, 1.0, "vi")
    assert here.flush()
    elsewhere = PostgresStore(url)
    elsewhere.claim_attempt(attempt.id, take_over=True)  # the trainee agreed to take it over there
    here.record_answer(attempt.id, "q2", {"text": "here, too late"}, 1.0, "vi")  # this copy did not know yet
    assert here.flush()  # nothing left to send: the refused change is set aside
    [(change, reason)] = here.rejected()
    assert change.args["question_id"] == "q2" and "taken over" in reason
    assert on_server(class_db) == [("q1", '{"text": "here"}')]
    elsewhere.record_answer(attempt.id, "q2", {"text": "there"}, 1.0, "vi")
    assert on_server(class_db) == [("q1", '{"text": "here"}'), ("q2", '{"text": "there"}')]
    elsewhere.close()
    here.close()

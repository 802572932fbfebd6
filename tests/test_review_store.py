"""Spaced review in the store, at fixed clocks, on every backend (`store_factory`).

Cards are compared with what py-fsrs's own `fsrs.Scheduler` gives for the same ratings at the
same times; due counts, the daily limit (and the learner's day), a question removed from the
course, exam answers, two windows reviewing at once.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import fsrs
import pytest

from course.content import Course, load_course
from course.content.outline import Outline
from course.progress import AttemptHeld, AttemptLost, ProgressStore, StoreDamaged, StoreError, open_store
from course.progress.records import CardRecord
from course.progress.review import review_of
from course.progress.review_store import REVIEW
from course.progress.schema import SCHEMA_VERSION
from course.progress.store import iso
from course.quiz import Presented
from tests.conftest import FIXTURE_COURSE, FakeClock, StoreFactory
from tests.old_stores import version_1_store

MINUTE, DAY = 60, 86400
MINUTE_STEP = dt.timedelta(minutes=1)
IN_COURSE = {"q-single", "q-multi", "q-tf", "q-short", "q-num", "q-order", "q-match", "q2-tf", "q2-num"}


@pytest.fixture(scope="module")
def course() -> Course:
    result = load_course(FIXTURE_COURSE)
    assert result.course is not None
    return result.course


@pytest.fixture
def exact(store_factory: StoreFactory) -> ProgressStore:
    """A window whose scheduler does not fuzz, so that intervals are exact days."""
    return store_factory(scheduler=fsrs.Scheduler(enable_fuzzing=False))


@pytest.fixture
def pinned_random() -> Iterator[None]:
    state = random.getstate()
    yield
    random.setstate(state)


@pytest.fixture
def hanoi_time() -> Iterator[None]:
    """This computer's time zone is Asia/Ho_Chi_Minh (UTC+7) for the test."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Ho_Chi_Minh"
    time.tzset()
    yield
    os.environ["TZ"] = before or "UTC"
    time.tzset()


def learner(store: ProgressStore) -> int:
    found = store.profile_by_name("Lan")
    return found.id if found else store.create_profile("Lan", "en").id


def practise(store: ProgressStore, profile: int, answers: dict[str, float], hint: bool = False) -> int:
    """A practice attempt answering each question with the given score; returns its id."""
    plan = [Presented(q) for q in answers]
    attempt = store.start_attempt(profile, "first-quiz", "practice", 1, plan, None).id
    for question, score in answers.items():
        store.record_answer(attempt, question, {"text": "x"}, score, "en", hint_used=hint)
    store.finish_attempt(attempt, 0.0, False)
    return attempt


def in_order(ids: list[str]) -> list[Presented]:
    return [Presented(q) for q in ids]


def review_all(store: ProgressStore, profile: int, score: float = 1.0) -> list[str]:
    """A review session answering every question it asks with `score`; the questions asked."""
    session = store.start_review(profile, IN_COURSE, in_order, 7)
    if session is None:
        return []
    asked = [p.question_id for p in session.plan]
    for question in asked:
        store.record_answer(session.id, question, {"text": "x"}, score, "en")
    store.finish_attempt(session.id, score, True)
    return asked


def card(store: ProgressStore, profile: int, question: str) -> CardRecord:
    return next(c for c in store.cards(profile) if c.question_id == question)


def as_record(reference: fsrs.Card) -> tuple[object, ...]:
    return (
        int(reference.state),
        reference.step,
        reference.stability,
        reference.difficulty,
        iso(reference.due),
        iso(reference.last_review) if reference.last_review else None,
    )


def stored(record: CardRecord) -> tuple[object, ...]:
    return (record.state, record.step, record.stability, record.difficulty, record.due, record.last_review)


# -- the scheduling is py-fsrs's ----------------------------------------------------------------

# (seconds after the previous answer, score, hint used): practice, then review sessions, over months.
SEQUENCE = [
    (0, 0.0, False),  # wrong: Again
    (MINUTE, 1.0, False),  # right: Good
    (10 * MINUTE, 1.0, False),  # Good: graduates to review, days away
    (4 * DAY, 0.5, False),  # partly right: Hard
    (9 * DAY, 1.0, True),  # right after the hint: Hard
    (20 * DAY, 1.0, False),  # Good
    (45 * DAY, 0.0, False),  # forgotten: Again, relearning
    (10 * MINUTE, 1.0, False),  # Good
    (6 * DAY, 1.0, False),  # Good
]


def test_a_card_after_a_sequence_of_answers_is_what_fsrs_gives(
    store_factory: StoreFactory, clock: FakeClock, pinned_random: None
) -> None:
    """The app's own scheduler (py-fsrs defaults, fuzzing on), with Python's random seeded the
    same way for both runs: every state equals the reference's, step by step."""
    store = store_factory()
    profile = learner(store)
    reference, scheduler = fsrs.Card(card_id=0, due=clock()), fsrs.Scheduler()
    expected, got = [], []
    random.seed(2026)
    for wait, score, hint in SEQUENCE:
        clock.advance(wait)
        practise(store, profile, {"q-single": score}, hint)
        got.append(stored(card(store, profile, "q-single")))
    clock.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    random.seed(2026)
    for wait, score, hint in SEQUENCE:
        clock.advance(wait)
        rating = fsrs.Rating.Again if score == 0 else fsrs.Rating.Hard if score < 1 or hint else fsrs.Rating.Good
        reference, _log = scheduler.review_card(reference, rating, clock())
        expected.append(as_record(reference))
    assert got == expected
    assert [r.rating for r in store.review_log(profile)] == [1, 3, 3, 2, 2, 3, 1, 3, 3]
    assert card(store, profile, "q-single").reviews == len(SEQUENCE)


def test_the_apps_scheduler_fuzzes_intervals(
    store_factory: StoreFactory, clock: FakeClock, pinned_random: None
) -> None:
    """Production keeps py-fsrs's fuzzing: over many seeds, a long interval is not always the same."""
    dues = set()
    for seed in range(8):
        random.seed(seed)
        store = store_factory()
        profile = store.create_profile(f"Learner {seed}", "en").id
        for wait, score, hint in SEQUENCE[:6]:
            clock.advance(wait)
            practise(store, profile, {"q-single": score}, hint)
        dues.add(dt.datetime.fromisoformat(card(store, profile, "q-single").due) - clock())
    assert len(dues) > 1


def test_due_after_a_minute_and_after_days(exact: ProgressStore, clock: FakeClock, course: Course) -> None:
    profile = learner(exact)
    practise(exact, profile, {"q-single": 0.0, "q-tf": 1.0, "q-multi": 0.5})
    outline = course.outline()
    assert review_of(outline, exact, profile).status.due == 0
    clock.advance(MINUTE - 1)
    assert review_of(outline, exact, profile).status.due == 0
    clock.advance(1)  # the wrong answer is due after one minute
    status = review_of(outline, exact, profile).status
    assert (status.due, status.next_due) == (1, iso(clock() + dt.timedelta(minutes=4, seconds=30)))
    clock.advance(4.5 * MINUTE)  # partly right: Hard, halfway between the 1- and 10-minute steps
    assert review_of(outline, exact, profile).status.due == 2
    clock.advance(4.5 * MINUTE)  # right: the 10-minute step
    assert review_of(outline, exact, profile).status.due == 3
    start = clock.now
    review_all(exact, profile)  # each right once more: the one right twice graduates to days
    reference = fsrs.Scheduler(enable_fuzzing=False)
    twice, _log = reference.review_card(fsrs.Card(card_id=0, due=start), fsrs.Rating.Good, start - 10 * MINUTE_STEP)
    twice, _log = reference.review_card(twice, fsrs.Rating.Good, clock())
    graduated = card(exact, profile, "q-tf")
    assert stored(graduated) == as_record(twice) and graduated.state == int(fsrs.State.Review)
    wait = dt.datetime.fromisoformat(graduated.due) - clock()
    assert wait >= dt.timedelta(days=1)
    clock.advance(wait.total_seconds() - 1)
    assert "q-tf" not in due_ids(exact, profile)
    clock.advance(1)
    assert "q-tf" in due_ids(exact, profile)


def due_ids(store: ProgressStore, profile: int) -> list[str]:
    return [c.question_id for c in store.cards(profile) if c.due <= iso(store.clock())]


def test_most_overdue_first_within_the_daily_limit(exact: ProgressStore, clock: FakeClock) -> None:
    profile = learner(exact)
    for question in ("q-order", "q-single", "q-tf", "q-num", "q-multi"):
        practise(exact, profile, {question: 0.0})
        clock.advance(10)
    clock.advance(10 * MINUTE)
    exact.set_review_limit(profile, 3)
    session = exact.start_review(profile, IN_COURSE, in_order, 1)
    assert session is not None and session.mode == "review" and session.quiz_id == REVIEW
    assert [p.question_id for p in session.plan] == ["q-order", "q-single", "q-tf"]
    for question in ("q-order", "q-single"):
        exact.record_answer(session.id, question, {"text": "x"}, 1.0, "en")
    # Leaving half-way: a new session asks only what today's limit leaves (one), the most overdue.
    again = exact.start_review(profile, IN_COURSE, in_order, 2)
    assert again is not None and [p.question_id for p in again.plan] == ["q-tf"]
    assert exact.attempt(session.id).finished  # the first one was closed, its answers kept
    exact.record_answer(again.id, "q-tf", {"text": "x"}, 1.0, "en")
    assert exact.start_review(profile, IN_COURSE, in_order, 3) is None  # three today: done
    assert exact.reviews_since(profile, clock() - dt.timedelta(hours=1)) == 3
    exact.set_review_limit(profile, 4)  # the learner raises the limit
    more = exact.start_review(profile, IN_COURSE, in_order, 4)
    assert more is not None and [p.question_id for p in more.plan] == ["q-num"]


def test_quiz_answers_do_not_count_against_the_daily_limit(exact: ProgressStore, clock: FakeClock) -> None:
    profile = learner(exact)
    exact.set_review_limit(profile, 1)
    practise(exact, profile, {"q-single": 0.0, "q-tf": 0.0})
    practise(exact, profile, {"q-num": 1.0})
    clock.advance(MINUTE)
    assert review_all(exact, profile, 0.0) == ["q-single"]


def test_the_daily_limit_follows_the_learners_day(
    exact: ProgressStore, clock: FakeClock, course: Course, hanoi_time: None
) -> None:
    """Midnight in Hanoi is 17:00 UTC: the limit starts again then, not at UTC midnight."""
    profile = learner(exact)
    exact.set_review_limit(profile, 1)
    clock.now = dt.datetime(2026, 3, 1, 16, 0, tzinfo=dt.UTC)  # 23:00 in Hanoi
    practise(exact, profile, {"q-single": 0.0, "q-tf": 0.0, "q-num": 0.0})
    clock.advance(MINUTE)
    assert review_all(exact, profile, 0.0) == ["q-num"]  # all as overdue: by question id
    outline = course.outline()
    status = review_of(outline, exact, profile).status
    assert (status.due, status.today, status.reviewed_today) == (2, 0, 1)
    clock.now = dt.datetime(2026, 3, 1, 16, 59, 59, tzinfo=dt.UTC)  # 23:59:59 in Hanoi, the same day
    assert exact.start_review(profile, IN_COURSE, in_order, 1) is None
    clock.now = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)  # midnight in Hanoi: a new day (not in UTC)
    status = review_of(outline, exact, profile).status
    assert (status.today, status.reviewed_today) == (1, 0)
    assert review_all(exact, profile, 0.0) == ["q-single"]  # due since 16:01 (q-num, reviewed then: 16:02)


def test_a_question_removed_from_the_course_drops_out_with_its_history_kept(
    exact: ProgressStore, clock: FakeClock, course: Course
) -> None:
    profile = learner(exact)
    practise(exact, profile, {"q-single": 0.0, "q-tf": 0.0})
    clock.advance(MINUTE)
    outline = course.outline()
    first = outline.quizzes["first-quiz"]
    without = outline._replace(
        quizzes={
            **outline.quizzes,
            "first-quiz": first._replace(questions=tuple(q for q in first.questions if q != "q-tf")),
        }
    )
    assert review_of(outline, exact, profile).status.due == 2
    review = review_of(without, exact, profile)
    assert (review.status.due, review.status.cards, review.cards["first-lesson"]) == (1, 1, 1)
    session = exact.start_review(profile, without.question_ids(), in_order, 1)
    assert session is not None and [p.question_id for p in session.plan] == ["q-single"]
    # The card and its rating are still in the store, and count again once the question is back.
    assert {c.question_id for c in exact.cards(profile)} == {"q-single", "q-tf"}
    assert [r.question_id for r in exact.review_log(profile)].count("q-tf") == 1
    assert review_of(outline, exact, profile).status.due == 2


def test_exam_answers_are_rated_when_the_exam_is_finished(exact: ProgressStore, clock: FakeClock) -> None:
    profile = learner(exact)
    plan = in_order(["q-single", "q-tf", "q-num"])
    exam = exact.start_attempt(profile, "final-exam", "exam", 1, plan, None).id
    exact.record_answer(exam, "q-single", {"choice": "b"}, 0.0, "en")
    exact.record_answer(exam, "q-tf", {"value": True}, 1.0, "en")
    assert exact.cards(profile) == []  # an exam answer may still change
    clock.advance(30)
    exact.record_answer(exam, "q-single", {"choice": "a"}, 1.0, "en")  # changed its mind
    clock.advance(30)
    exact.finish_attempt(exam, 2 / 3, False)
    cards = {c.question_id: c for c in exact.cards(profile)}
    assert set(cards) == {"q-single", "q-tf"}  # q-num was not answered: no card
    assert {r.question_id: (r.rating, r.kind, r.reviewed_at) for r in exact.review_log(profile)} == {
        "q-single": (3, "exam", iso(clock())),
        "q-tf": (3, "exam", iso(clock())),
    }


def test_practice_answers_are_rated_at_once_and_never_twice(exact: ProgressStore, clock: FakeClock) -> None:
    profile = learner(exact)
    attempt = exact.start_attempt(profile, "first-quiz", "practice", 1, in_order(["q-single"]), None).id
    exact.record_answer(attempt, "q-single", {"choice": "b"}, 0.0, "en")
    assert [r.rating for r in exact.review_log(profile)] == [1]
    with pytest.raises(StoreError):  # a practice answer is never replaced, nor rated again
        exact.record_answer(attempt, "q-single", {"choice": "a"}, 1.0, "en")
    assert [r.rating for r in exact.review_log(profile)] == [1]
    assert card(exact, profile, "q-single").reviews == 1


def test_two_windows_never_review_the_same_card_twice(store_factory: StoreFactory, clock: FakeClock) -> None:
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    first, second = store_factory(scheduler=scheduler), store_factory(scheduler=scheduler)
    profile = learner(first)
    practise(first, profile, {"q-single": 0.0, "q-tf": 0.0})
    clock.advance(MINUTE)
    session = first.start_review(profile, IN_COURSE, in_order, 1)
    assert session is not None
    first.record_answer(session.id, "q-single", {"text": "x"}, 1.0, "en")
    with pytest.raises(AttemptHeld, match="review is open in another window"):
        second.start_review(profile, IN_COURSE, in_order, 2)
    taken = second.start_review(profile, IN_COURSE, in_order, 2, take_over=True)
    assert taken is not None and [p.question_id for p in taken.plan] == ["q-tf"]  # q-single is reviewed already
    with pytest.raises(AttemptLost):  # the first window's session is closed: nothing more is rated there
        first.record_answer(session.id, "q-tf", {"text": "x"}, 1.0, "en")
    second.record_answer(taken.id, "q-tf", {"text": "x"}, 0.0, "en")
    assert [(r.question_id, r.attempt_id) for r in second.review_log(profile) if r.kind == "review"] == [
        ("q-single", session.id),
        ("q-tf", taken.id),
    ]


def test_a_window_killed_in_a_review_holds_it_a_minute_at_most(store_factory: StoreFactory, clock: FakeClock) -> None:
    first, second = store_factory(), store_factory()
    profile = learner(first)
    practise(first, profile, {"q-single": 0.0, "q-tf": 0.0})
    clock.advance(MINUTE)
    assert first.start_review(profile, IN_COURSE, in_order, 1) is not None
    with pytest.raises(AttemptHeld):
        second.start_review(profile, IN_COURSE, in_order, 2)
    clock.advance(61)  # the first window stopped renewing
    assert second.start_review(profile, IN_COURSE, in_order, 2) is not None


def test_reset_forgets_cards_and_the_daily_limit_is_checked(exact: ProgressStore) -> None:
    profile = learner(exact)
    practise(exact, profile, {"q-single": 0.0})
    for wrong in (0, -1, 501, True):
        with pytest.raises(StoreError, match="whole number from 1 to 500"):
            exact.set_review_limit(profile, wrong)
    exact.set_review_limit(profile, 35)
    assert exact.profile(profile).review_limit == 35
    exact.reset_profile(profile)
    assert exact.cards(profile) == [] and exact.review_log(profile) == []


def test_a_new_learners_review_is_empty(exact: ProgressStore, course: Course) -> None:
    profile = learner(exact)
    review = review_of(course.outline(), exact, profile)
    assert review.status == review.status._replace(cards=0, due=0, today=0, reviewed_today=0, limit=20, next_due=None)
    assert review.retention == {"first-lesson": None, "second-lesson": None}
    assert exact.start_review(profile, IN_COURSE, in_order, 1) is None


def test_retention_is_fsrs_retrievability_averaged_over_a_lessons_cards(
    exact: ProgressStore, clock: FakeClock, course: Course
) -> None:
    profile = learner(exact)
    practise(exact, profile, {"q-single": 1.0, "q-tf": 0.0})
    practise(exact, profile, {"q-single": 1.0})  # ten minutes early: still counted as it is
    clock.advance(10 * DAY)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    cards = exact.cards(profile)
    expected = []
    for stored_card in cards:
        reference = fsrs.Card(
            card_id=0,
            state=fsrs.State(stored_card.state),
            step=stored_card.step,
            stability=stored_card.stability,
            difficulty=stored_card.difficulty,
            due=dt.datetime.fromisoformat(stored_card.due),
            last_review=dt.datetime.fromisoformat(stored_card.last_review or stored_card.due),
        )
        expected.append(scheduler.get_card_retrievability(reference, clock()))
    review = review_of(course.outline(), exact, profile)
    assert review.retention["first-lesson"] == pytest.approx(sum(expected) / 2)
    assert 0 < (review.retention["first-lesson"] or 0) < 1
    assert review.retention["second-lesson"] is None


def test_outline_lists_question_ids(course: Course) -> None:
    outline = course.outline()
    assert Outline.from_json(outline.to_json()) == outline
    assert outline.question_ids() == frozenset(IN_COURSE)
    assert outline.lesson_questions(outline.lesson("second-lesson")) == ("q2-tf", "q2-num")


# -- SQLite files -------------------------------------------------------------------------------


def test_an_older_file_gets_cards_and_a_daily_limit(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    version_1_store(path, ["Lan"])
    store = open_store(path, clock=FakeClock())
    try:
        [profile] = store.profiles()
        assert profile.review_limit == 20 and store.cards(profile.id) == []
        practise(store, profile.id, {"q-single": 0.0})
        assert [c.question_id for c in store.cards(profile.id)] == ["q-single"]
    finally:
        store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_hand_made_card_is_reported_not_used(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = open_store(path, clock=FakeClock())
    profile = learner(store)
    practise(store, profile, {"q-single": 0.0})
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE cards SET state = 7")
    for read in (
        lambda: store.cards(profile),
        lambda: practise(store, profile, {"q-single": 1.0}),
        lambda: store.start_review(profile, IN_COURSE, in_order, 1),
    ):
        with pytest.raises(StoreDamaged, match="values that cybercourse did not write"):
            read()
    store.close()


@pytest.mark.parametrize("limit", [0, -5, 501, "many"])
def test_a_hand_made_daily_limit_is_reported_not_used(tmp_path: Path, limit: object) -> None:
    path = tmp_path / "progress.sqlite3"
    store = open_store(path, clock=FakeClock())
    profile = learner(store)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE profiles SET review_limit = ?", (limit,))
    with pytest.raises(StoreDamaged, match="values that cybercourse did not write"):
        store.profile(profile)
    with pytest.raises(StoreDamaged):
        store.start_review(profile, IN_COURSE, in_order, 1)
    store.close()

"""Two windows on one learner: an attempt is held by one window at a time (store.py).

Store-level tests at fixed clocks run against every backend (`store_factory`: each call is
another window on the same learner database). The processes test is in test_reliability.py.
"""

from __future__ import annotations

import pytest

from course.content import Course, load_course
from course.progress import AttemptHeld, AttemptLost, ProgressStore, StoreError
from course.progress.runs import QuizRun
from course.progress.store import LEASE_SECONDS
from course.quiz import Presented, correct_answer
from tests.conftest import FIXTURE_COURSE, FakeClock, StoreFactory

PLAN = [Presented(q) for q in ("q1", "q2", "q3")]


@pytest.fixture(scope="module")
def course() -> Course:
    result = load_course(FIXTURE_COURSE)
    assert result.course is not None
    return result.course


def started(store: ProgressStore, mode: str = "practice") -> tuple[int, int]:
    """A learner and an attempt that `store` (the first window) holds: (profile id, attempt id)."""
    profile = store.profile_by_name("Lan") or store.create_profile("Lan", "vi")
    return profile.id, store.start_attempt(profile.id, "first-quiz", mode, 1, PLAN, None).id


def answer(store: ProgressStore, attempt_id: int, question: str, text: str) -> None:
    store.record_answer(attempt_id, question, {"text": text}, 1.0, "vi")


def stored(store: ProgressStore, attempt_id: int) -> dict[str, str]:
    return {q: r.answer["text"] for q, r in store.attempt(attempt_id).responses.items()}


def test_a_held_attempt_is_offered_for_takeover_and_then_refuses_the_first_window(store_factory: StoreFactory) -> None:
    first, second = store_factory(), store_factory()
    _profile, attempt = started(first)
    answer(first, attempt, "q1", "first")
    with pytest.raises(AttemptHeld, match="open in another window"):
        second.claim_attempt(attempt)
    with pytest.raises(AttemptLost):  # a window that does not hold it cannot write either
        answer(second, attempt, "q2", "second")
    taken = second.claim_attempt(attempt, take_over=True)
    assert {q: r.answer["text"] for q, r in taken.responses.items()} == {"q1": "first"}
    answer(second, attempt, "q2", "second")
    # The first window learns it on its next write of any kind, and nothing of it is written.
    for write in (
        lambda: answer(first, attempt, "q3", "first"),
        lambda: first.save_attempt_position(attempt, 2),
        lambda: first.renew_attempt(attempt),
        lambda: first.finish_attempt(attempt, 0.0, False),
    ):
        with pytest.raises(AttemptLost, match="taken over in another window") as lost:
            write()
        assert "Every answer saved before is kept" in str(lost.value)
    record = second.attempt(attempt)
    assert stored(second, attempt) == {"q1": "first", "q2": "second"}  # what the first saw saved is kept
    assert not record.finished and record.position == 0


def test_a_lease_runs_out_unless_renewed(store_factory: StoreFactory, clock: FakeClock) -> None:
    first, second = store_factory(), store_factory()
    _profile, attempt = started(first)
    clock.advance(LEASE_SECONDS - 1)
    with pytest.raises(AttemptHeld):
        second.claim_attempt(attempt)
    first.renew_attempt(attempt)  # a renewal (or any write) counts from now
    clock.advance(LEASE_SECONDS - 1)
    with pytest.raises(AttemptHeld):
        second.claim_attempt(attempt)
    answer(first, attempt, "q1", "first")
    clock.advance(LEASE_SECONDS - 1)
    with pytest.raises(AttemptHeld):
        second.claim_attempt(attempt)
    clock.advance(2)  # the first window stopped renewing (killed, asleep): free without asking
    second.claim_attempt(attempt)
    with pytest.raises(AttemptLost):
        answer(first, attempt, "q2", "first")


def test_a_lapsed_lease_nobody_took_is_still_the_holders(store_factory: StoreFactory, clock: FakeClock) -> None:
    first, _second = store_factory(), store_factory()
    _profile, attempt = started(first)
    clock.advance(10 * LEASE_SECONDS)  # the laptop slept; no other window came
    answer(first, attempt, "q1", "first")
    first.renew_attempt(attempt)
    assert stored(first, attempt) == {"q1": "first"}


def test_leaving_the_quiz_or_closing_the_store_lets_another_window_in_at_once(store_factory: StoreFactory) -> None:
    first, second, third = store_factory(), store_factory(), store_factory()
    _profile, attempt = started(first)
    first.release_attempt(attempt)
    second.claim_attempt(attempt)
    with pytest.raises(AttemptLost):  # released means released: claiming again is needed
        answer(first, attempt, "q1", "first")
    second.close()
    third.claim_attempt(attempt)


def test_a_practice_answer_is_never_replaced_but_an_exam_answer_may_change_until_the_end(
    store_factory: StoreFactory,
) -> None:
    store = store_factory()
    profile, practice = started(store)
    answer(store, practice, "q1", "first")
    with pytest.raises(StoreError, match="already answered"):
        answer(store, practice, "q1", "changed")  # its feedback was shown at once
    assert stored(store, practice) == {"q1": "first"}
    exam = store.start_attempt(profile, "final-exam", "exam", 1, PLAN, 600).id
    answer(store, exam, "q1", "first")
    answer(store, exam, "q1", "changed")
    assert stored(store, exam) == {"q1": "changed"}
    store.finish_attempt(exam, 1.0, True)
    with pytest.raises(AttemptLost, match="finished"):
        answer(store, exam, "q1", "after the end")
    assert stored(store, exam) == {"q1": "changed"}


def test_another_window_cannot_close_an_attempt_it_does_not_hold(store_factory: StoreFactory) -> None:
    """Starting a new attempt closes the unfinished one: only after taking it over."""
    first, second = store_factory(), store_factory()
    profile, attempt = started(first)
    answer(first, attempt, "q1", "first")
    with pytest.raises(AttemptLost):
        second.finish_attempt(attempt, 0.0, False)
    assert not second.attempt(attempt).finished
    answer(first, attempt, "q2", "first")  # the first window goes on, unharmed
    second.claim_attempt(attempt, take_over=True)
    second.finish_attempt(attempt, 2 / 3, False)
    second.start_attempt(profile, "first-quiz", "practice", 2, PLAN, None)
    with pytest.raises(AttemptLost, match="finished in another window"):
        answer(first, attempt, "q3", "first")
    with pytest.raises(AttemptLost, match="finished"):
        first.claim_attempt(attempt, take_over=True)
    assert second.attempt(attempt).score == pytest.approx(2 / 3)


def test_a_learner_is_not_reset_under_an_open_quiz(store_factory: StoreFactory, clock: FakeClock) -> None:
    app, command = store_factory(), store_factory()
    profile, attempt = started(app)
    with pytest.raises(StoreError, match="quiz open in a window"):
        command.reset_profile(profile)
    assert app.attempt(attempt)  # nothing was changed
    clock.advance(LEASE_SECONDS + 1)
    command.reset_profile(profile)
    with pytest.raises(AttemptLost, match="no longer exists"):
        answer(app, attempt, "q1", "first")


def test_lesson_positions_from_two_windows_keep_the_furthest_and_add_up_time(store_factory: StoreFactory) -> None:
    """Reading in two windows at once: the place to continue is the latest one saved, but how far
    the learner got, whether the lesson was read, and the time spent are never lost."""
    first, second = store_factory(), store_factory()
    profile = first.create_profile("Lan", "vi")
    first.save_position(profile.id, "first-lesson", 1, 2, seconds=60)  # read to the end here
    second.save_position(profile.id, "first-lesson", 0, 2, seconds=30)  # an older window, still at the start
    progress = first.lessons(profile.id)["first-lesson"]
    assert (progress.section, progress.furthest_section, progress.read, progress.seconds_spent) == (0, 1, True, 90)


def test_quiz_runs_hold_their_attempt(store_factory: StoreFactory, course: Course) -> None:
    first, second = store_factory(), store_factory()
    profile = first.create_profile("Lan", "vi")
    quiz = course.quizzes["first-quiz"]
    run = QuizRun.start(course, quiz, first, profile.id, seed=1)
    run.answer(0, correct_answer(run.question(0)), "vi")
    record = second.unfinished_attempt(profile.id, quiz.id)
    assert record is not None
    with pytest.raises(AttemptHeld):
        QuizRun.resume(course, quiz, second, record)
    other = QuizRun.resume(course, quiz, second, record, take_over=True)
    assert other.answered(0) and other.first_unanswered() == 1
    with pytest.raises(AttemptLost):
        run.answer(1, correct_answer(run.question(1)), "vi")
    with pytest.raises(AttemptLost):
        run.renew()
    assert not other.answered(1)
    run.release()  # harmless: it holds nothing
    other.renew()


def test_switching_learner_or_language_in_one_window_leaves_the_other_alone(
    store_factory: StoreFactory, clock: FakeClock
) -> None:
    """Each window keeps its own learner; the next start opens the learner and language chosen last."""
    first, second = store_factory(), store_factory()
    _lan_id, attempt = started(first)  # the first window: Lan, taking a quiz
    clock.advance(1)
    tom = second.create_profile("Tom", "en")
    clock.advance(1)
    second.use_profile(tom.id, "en")  # the second window switches to Tom
    answer(first, attempt, "q1", "first")  # Lan's quiz in the first window goes on
    assert second.profiles()[0].name == "Tom"
    clock.advance(1)
    lan = first.profile_by_name("Lan")
    assert lan is not None
    first.use_profile(lan.id, "en")  # F2 in the first window
    latest = second.profiles()[0]
    assert (latest.name, latest.locale) == ("Lan", "en") and second.profile(tom.id).locale == "en"
    assert stored(second, attempt) == {"q1": "first"}

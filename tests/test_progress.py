"""The progress store and the course status a trainee sees on the map.

Store tests take `store` / `store_factory` (tests/conftest.py), so they run against every
backend; the tests of the SQLite file itself open one with `open_store`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from course.content import Course, load_course
from course.progress import (
    LessonStatus,
    ProfileNameError,
    ProgressStore,
    StoreError,
    course_state,
    database_path,
    open_store,
)
from course.progress.runs import QuizRun
from course.progress.schema import SCHEMA_VERSION
from course.quiz import correct_answer
from tests.conftest import FIXTURE_COURSE, FakeClock, StoreFactory


@pytest.fixture(scope="module")
def course() -> Course:
    result = load_course(FIXTURE_COURSE)
    assert result.course is not None
    return result.course


def test_database_location(tmp_path: Path) -> None:
    assert database_path(tmp_path / "x", {}) == tmp_path / "x" / "progress.sqlite3"
    assert database_path(None, {"CYBERCOURSE_DATA_DIR": str(tmp_path / "env")}) == tmp_path / "env" / "progress.sqlite3"
    assert database_path(None, {}).name == "progress.sqlite3"


def test_profiles(store: ProgressStore, clock: FakeClock) -> None:
    lan = store.create_profile("  Lan   Nguyễn ", "vi")
    assert lan.name == "Lan Nguyễn" and lan.locale == "vi"
    clock.advance(60)
    tom = store.create_profile("Tom", "en")
    assert [p.name for p in store.profiles()] == ["Tom", "Lan Nguyễn"]  # most recently used first
    clock.advance(60)
    store.use_profile(lan.id, locale="en")
    assert store.profiles()[0].name == "Lan Nguyễn" and store.profiles()[0].locale == "en"
    with pytest.raises(ProfileNameError, match="already"):
        store.create_profile("Tom", "en")
    with pytest.raises(ProfileNameError):
        store.create_profile("   ", "en")
    with pytest.raises(ProfileNameError):
        store.create_profile("x" * 41, "en")
    with pytest.raises(ProfileNameError):
        store.create_profile("bad\x1b[2Jname", "en")
    assert store.profile_by_name("Tom") == tom


def test_lesson_position_and_read(store: ProgressStore, clock: FakeClock) -> None:
    me = store.create_profile("A", "en")
    store.save_position(me.id, "first-lesson", 0, 2, seconds=30)
    progress = store.lessons(me.id)["first-lesson"]
    assert (progress.section, progress.read) == (0, False)
    store.save_position(me.id, "first-lesson", 1, 2, seconds=45)
    store.save_position(me.id, "first-lesson", 0, 2, seconds=5)  # going back keeps it read
    progress = store.lessons(me.id)["first-lesson"]
    assert (progress.section, progress.furthest_section, progress.read, progress.seconds_spent) == (0, 1, True, 80)


def test_answers_survive_reopening(store_factory: StoreFactory, course: Course) -> None:
    store = store_factory()
    me = store.create_profile("A", "en")
    run = QuizRun.start(course, course.quizzes["first-quiz"], store, me.id, seed=5)
    question = run.question(0)
    run.answer(0, correct_answer(question), "en")
    store.close()  # as if the program had been killed after the answer

    again = store_factory()
    unfinished = again.unfinished_attempt(me.id, "first-quiz")
    assert unfinished is not None
    resumed = QuizRun.resume(course, course.quizzes["first-quiz"], again, unfinished)
    assert resumed.answered(0) and resumed.grade_of(0) is not None and resumed.grade_of(0).correct  # type: ignore[union-attr]
    assert resumed.first_unanswered() == 1
    assert [p.question_id for p in resumed.plan] == [p.question_id for p in run.plan]


def test_status_walk(store: ProgressStore, course: Course) -> None:
    me = store.create_profile("A", "en")
    state = course_state(course.outline(), store, me.id)
    assert [s.status for s in state.lessons] == [LessonStatus.NEW, LessonStatus.LOCKED]
    assert state.lesson("second-lesson").blocked_by == ["first-lesson"]
    assert state.next_step is not None and state.next_step.target_id == "first-lesson"
    assert not state.final_exam_unlocked and state.completion == 0

    store.save_position(me.id, "first-lesson", 0, 2)
    state = course_state(course.outline(), store, me.id)
    assert state.lessons[0].status is LessonStatus.IN_PROGRESS
    assert state.completion == pytest.approx(0.25 / 3)

    store.save_position(me.id, "first-lesson", 1, 2)
    state = course_state(course.outline(), store, me.id)
    assert state.lessons[0].status is LessonStatus.READ
    assert state.next_step is not None and (state.next_step.kind, state.next_step.target_id) == ("quiz", "first-quiz")

    quiz = course.quizzes["first-quiz"]
    failed = QuizRun.start(course, quiz, store, me.id, seed=1)
    failed.answer(0, correct_answer(failed.question(0)), "en")
    assert course_state(course.outline(), store, me.id).next_step.kind == "quiz"  # type: ignore[union-attr]
    assert not failed.finish().passed
    passed = QuizRun.start(course, quiz, store, me.id, seed=2)
    for i in range(len(passed)):
        passed.answer(i, correct_answer(passed.question(i)), "en")
    assert passed.finish().passed

    state = course_state(course.outline(), store, me.id)
    first = state.lessons[0]
    assert first.status is LessonStatus.PASSED
    assert first.quiz is not None and (first.quiz.attempts, first.quiz.best, first.quiz.passed) == (2, 1.0, True)
    assert first.quiz.latest == 1.0
    assert state.lessons[1].status is LessonStatus.NEW  # unlocked
    assert not state.final_exam_unlocked

    second = QuizRun.start(course, course.quizzes["second-quiz"], store, me.id, seed=3)
    second.answer(0, correct_answer(second.question(0)), "en")
    second.finish()
    state = course_state(course.outline(), store, me.id)
    assert state.final_exam_unlocked
    assert state.next_step is not None and state.next_step.target_id == "final-exam"


def test_exam_deadline(store: ProgressStore, course: Course, clock: FakeClock) -> None:
    me = store.create_profile("A", "en")
    run = QuizRun.start(course, course.quizzes["final-exam"], store, me.id, seed=1)
    assert run.exam and run.seconds_left(clock()) == 600
    clock.advance(599)
    assert run.seconds_left(clock()) == 1
    clock.advance(5)
    assert run.seconds_left(clock()) == 0


def test_progress_is_keyed_by_ids_not_positions(store: ProgressStore, course: Course) -> None:
    """Reordering the lessons or the questions of a quiz changes nobody's progress."""
    me = store.create_profile("A", "en")
    store.save_position(me.id, "first-lesson", 1, 2)
    run = QuizRun.start(course, course.quizzes["first-quiz"], store, me.id, seed=1)
    run.answer(2, correct_answer(run.question(2)), "en")
    reordered = course.quizzes["first-quiz"].model_copy(
        update={"questions": list(reversed(course.quizzes["first-quiz"].questions))}
    )
    reordered_course = Course(
        root=course.root,
        manifest=course.manifest,
        lessons=dict(reversed(list(course.lessons.items()))),
        quizzes={**course.quizzes, "first-quiz": reordered},
        glossary=course.glossary,
        sources=course.sources,
    )
    state = course_state(reordered_course.outline(), store, me.id)
    assert state.lesson("first-lesson").status is LessonStatus.READ
    resumed = QuizRun.resume(reordered_course, reordered, store, store.unfinished_attempt(me.id, "first-quiz"))  # type: ignore[arg-type]
    assert resumed.answered(2) and resumed.question(2).id == run.question(2).id


def test_newer_schema_is_refused_not_downgraded(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer version"):
        open_store(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE x (y)")
    with pytest.raises(StoreError, match="another program"):
        open_store(path)


def test_garbage_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="damaged"):
        open_store(path)
    assert path.read_bytes().startswith(b"this is not")  # left as it was

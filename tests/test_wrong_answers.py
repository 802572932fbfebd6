"""`analysis QUIZ_ID --answers`: what a hand-made class typed that was marked wrong."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from course.cli import main
from course.content import Course, load_course
from course.progress import open_store
from course.progress.responses import wrong_answers
from course.quiz import Presented, grade
from tests.conftest import FIXTURE_COURSE
from tests.tui_helpers import Clock

# Three learners, two progress files, answering q-short (accepted: Budapest) and q-num (2004):
#
#   Anh  (shared, en)  attempt 1: "Strasbourg", "2001"      attempt 2: "  strasbourg ", "2001"
#   Binh (shared, en)  attempt 1: "Budapest" (right), "1990"
#   Chi  (own, vi)     attempt 1, left open: "STRASBOURG.", "2.004" (right: 2004 in Vietnamese)
#                      attempt 2: "the Budapest", marked wrong by the matcher of its day (score 0)
#
# q-short, wrong: Strasbourg 3 times by 2 learners; "the Budapest" once, accepted by today's
#                 matcher (a leading article is forgiven).
# q-num, wrong:   2001 twice by 1 learner; 1990 once.
STORED_AS_WRONG = 0.0
ANSWERS: dict[str, list[list[tuple[str, str, float | None]]]] = {
    # learner -> attempts -> (question, typed, score stored, or None to grade it now)
    "Anh": [
        [("q-short", "Strasbourg", None), ("q-num", "2001", None)],
        [("q-short", "  strasbourg ", None), ("q-num", "2001", None)],
    ],
    "Binh": [[("q-short", "Budapest", None), ("q-num", "1990", None)]],
    "Chi": [
        [("q-short", "STRASBOURG.", None), ("q-num", "2.004", None)],
        [("q-short", "the Budapest", STORED_AS_WRONG)],
    ],
}


@pytest.fixture
def course() -> Course:
    result = load_course(FIXTURE_COURSE)
    assert result.ok and result.course is not None
    return result.course


@pytest.fixture
def classroom(course: Course, tmp_path: Path) -> list[Path]:
    """The class above, written through the store as the app writes it."""
    shared, own = tmp_path / "room" / "progress.sqlite3", tmp_path / "chi.sqlite3"
    shared.parent.mkdir()
    clock = Clock()
    stores = {path: open_store(path, clock=clock) for path in (shared, own)}
    questions = course.questions()
    for name, attempts in ANSWERS.items():
        store = stores[own if name == "Chi" else shared]
        locale = "vi" if name == "Chi" else "en"
        profile = store.create_profile(name, locale)
        for number, given in enumerate(attempts):
            plan = [Presented(question_id) for question_id, _typed, _score in given]
            record = store.start_attempt(profile.id, "first-quiz", "practice", 1, plan, None)
            for question_id, typed, stored in given:
                clock.advance(30)
                score = grade(questions[question_id], {"text": typed}, locale).score if stored is None else stored
                store.record_answer(record.id, question_id, {"text": typed}, score, locale)
            if not (name == "Chi" and number == 0):
                store.finish_attempt(record.id, 0.0, False)
    for store in stores.values():
        store.close()
    return [shared.parent, own]


def _paths(databases: list[Path]) -> list[Path]:
    return [d / "progress.sqlite3" if d.is_dir() else d for d in databases]


def test_wrong_answers_are_counted_grouped_and_ordered(course: Course, classroom: list[Path]) -> None:
    quiz = course.quizzes["first-quiz"]
    reading = wrong_answers(_paths(classroom), quiz.id, list(quiz.questions))
    assert not reading.unreadable
    found = {w.question_id: w for w in reading.found}
    assert list(found) == ["q-short", "q-num"]  # only typed answers, in the bank's order
    short = [(a.text, a.count, a.learners, a.accepted_now) for a in found["q-short"].answers]
    # "Strasbourg", "strasbourg" and "STRASBOURG." are one answer to the matcher: counted together,
    # shown as typed most often; the Chi attempt left open counts too.
    assert short == [("Strasbourg", 3, 2, False), ("the Budapest", 1, 1, True)]
    number = [(a.text, a.count, a.learners, a.accepted_now) for a in found["q-num"].answers]
    assert number == [("2001", 2, 1, False), ("1990", 1, 1, False)]  # 2.004 (vi) was right: not listed


def test_answers_report_in_every_format(classroom: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    given = ["--content", str(FIXTURE_COURSE), "analysis", "first-quiz", *map(str, classroom), "--answers"]
    assert main(given) == 0
    table = capsys.readouterr().out
    lines = table.splitlines()
    assert lines[0] == "Quiz first-quiz: 7 typed answers marked wrong, most frequent first."
    start = lines.index("q-short (short_answer)")
    assert lines[start + 1].split() == ["Answer", "Times", "Learners", "Accepted", "now"]
    assert lines[start + 3].split() == ["Strasbourg", "3", "2", "no"]
    assert lines[start + 4].split() == ["the", "Budapest", "1", "1", "yes"]
    assert lines.index("q-num (numeric)") > start

    assert main([*given, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["question"], r["answer"], r["count"], r["learners"], r["accepted_now"]) for r in rows] == [
        ("q-short", "Strasbourg", "3", "2", "False"),
        ("q-short", "the Budapest", "1", "1", "True"),
        ("q-num", "2001", "2", "1", "False"),
        ("q-num", "1990", "1", "1", "False"),
    ]

    assert main([*given, "--format", "json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert data["quiz"] == "first-quiz"
    assert data["questions"][0]["answers"][0] == {
        "text": "Strasbourg",
        "count": 3,
        "learners": 2,
        "accepted_now": False,
    }

    assert main(["--lang", "vi", *given]) == 0
    table = capsys.readouterr().out
    assert "q-short (short_answer)" in table and "Strasbourg" in table
    assert "Quiz first-quiz" not in table  # the heading is in Vietnamese


def test_a_typed_answer_never_drives_the_terminal(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "progress.sqlite3"
    store = open_store(path)
    profile = store.create_profile("Mallory", "en")
    record = store.start_attempt(profile.id, "first-quiz", "practice", 1, [Presented("q-short")], None)
    store.record_answer(record.id, "q-short", {"text": "\x1b[2J\x1b]0;owned\x07Paris"}, 0.0, "en")
    store.close()
    assert main(["--content", str(FIXTURE_COURSE), "analysis", "first-quiz", str(path), "--answers"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "^[[2J^[]0;owned^GParis" in out  # the visible forms every command uses (course.printable)


def test_a_quiz_nobody_answered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "progress.sqlite3"
    open_store(path).close()
    assert main(["--content", str(FIXTURE_COURSE), "analysis", "first-quiz", str(path), "--answers"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Quiz first-quiz: 0 typed answers marked wrong")
    assert "No wrong answers." in out

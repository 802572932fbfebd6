"""A class's results and item analysis, against figures worked out by hand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from course.cli import main
from course.content import Course, load_course
from course.progress import ProgressStore, open_store
from course.progress.classroom import first_attempts, item_statistics, learner_results
from course.quiz import Presented, grade, score_attempt
from tests.tui_helpers import Clock

# Five learners answer the same three questions of first-quiz (1 = right, 0 = wrong):
#
#            x-single  x-tf  x-multi   total
#   Anh          1       1      1        3
#   Binh         1       1      0        2
#   Chi          1       0      1        2
#   Dung         0       1      0        1
#   Em           0       0      0        0
#
# x-single: own = 1 1 1 0 0 (mean .6), rest of the attempt = 2 1 1 1 0 (mean 1).
#   covariance = (.4*1 + .4*0 + .4*0 - .6*0 - .6*-1) / 4 = 1.0 / 4 = .25
#   variances: own (3*.16 + 2*.36) / 4 = .3; rest (1 + 0 + 0 + 0 + 1) / 4 = .5
#   discrimination = 100 * .25 / sqrt(.3 * .5) = 64.55
#   both lists sorted: own 0 0 1 1 1, rest 0 1 1 1 2: covariance (.6 + 0 + 0 + 0 + .4) / 4 = .25
#   discriminative efficiency = 100 * .25 / .25 = 100
#   Wrong answers all chose "eu": the distractor "un" was never chosen and is flagged.
# x-tf: own = 1 1 0 1 0, rest = 2 1 2 0 0 (mean 1)
#   products .4*1 + .4*0 - .6*1 + .4*-1 - .6*-1 = 0: discrimination 0, flagged as low.
#   sorted: own 0 0 1 1 1, rest 0 0 1 2 2: (.6 + .6 + 0 + .4 + .4) / 4 = .5; efficiency 0 / .5 = 0
# x-multi: own = 1 0 1 0 0 (mean .4), rest = 2 2 1 1 0 (mean 1.2)
#   products .6*.8 - .4*.8 + .6*-.2 - .4*-.2 - .4*-1.2 = .48 - .32 - .12 + .08 + .48 = .6; cov .15
#   variances: own (2*.36 + 3*.16) / 4 = .3; rest (.64 + .64 + .04 + .04 + 1.44) / 4 = .7
#   discrimination = 100 * .15 / sqrt(.21) = 32.73
#   sorted: own 0 0 0 1 1, rest 0 1 1 2 2: (.48 + .08 + .08 + .48 + .48) / 4 = .4; efficiency 37.5

RIGHT: dict[str, dict[str, Any]] = {
    "x-single": {"choice": "coe"},
    "x-tf": {"value": False},
    "x-multi": {"choices": ["access", "system"]},
}
WRONG: dict[str, dict[str, Any]] = {
    "x-single": {"choice": "eu"},
    "x-tf": {"value": True},
    "x-multi": {"choices": ["access", "fraud"]},
}
CLASS = {
    "Anh": (1, 1, 1),
    "Binh": (1, 1, 0),
    "Chi": (1, 0, 1),
    "Dung": (0, 1, 0),
    "Em": (0, 0, 0),
}
QUESTIONS = ["x-single", "x-tf", "x-multi"]


def take(
    course: Course, store: ProgressStore, clock: Clock, profile_id: int, marks: tuple[int, ...], finish: bool = True
) -> None:
    """One attempt at first-quiz over the three questions, five minutes long."""
    quiz = course.quizzes["first-quiz"]
    plan = [Presented(q) for q in QUESTIONS]
    record = store.start_attempt(profile_id, quiz.id, quiz.mode, 1, plan, None)
    scores = {}
    for question_id, mark in zip(QUESTIONS, marks, strict=True):
        clock.advance(100)
        answer = (RIGHT if mark else WRONG)[question_id]
        scores[question_id] = grade(course.questions()[question_id], answer, "en").score
        assert scores[question_id] == mark  # the answers above really score what the table says
        store.record_answer(record.id, question_id, answer, scores[question_id], "en")
    if finish:
        result = score_attempt(quiz, plan, scores)
        store.finish_attempt(record.id, result.score, result.passed)
    clock.advance(1000)


@pytest.fixture
def classroom(rich_course: Path, tmp_path: Path) -> tuple[Path, list[Path]]:
    """Anh, Binh and Chi share one computer; Dung and Em each bring their own progress file."""
    result = load_course(rich_course)
    assert result.course is not None and result.ok
    course = result.course
    shared = tmp_path / "shared" / "progress.sqlite3"
    shared.parent.mkdir()
    paths = [shared, tmp_path / "dung.sqlite3", tmp_path / "em.sqlite3"]
    clock = Clock()
    stores = [open_store(path, clock=clock) for path in paths]
    owners = {"Anh": 0, "Binh": 0, "Chi": 0, "Dung": 1, "Em": 2}
    for name, marks in CLASS.items():
        store = stores[owners[name]]
        profile = store.create_profile(name, "vi" if name == "Chi" else "en")
        store.save_position(profile.id, "first-lesson", 0, 2, seconds=120)
        if name in ("Anh", "Binh"):
            store.save_position(profile.id, "first-lesson", 1, 2, seconds=480)  # read to the end
        take(course, store, clock, profile.id, marks)
        if name == "Anh":
            take(course, store, clock, profile.id, (0, 0, 1))  # a later attempt: not a first attempt
        if name == "Em":
            take(course, store, clock, profile.id, (1, 1, 1), finish=False)  # still open: not counted
    for store in stores:
        store.close()
    return rich_course, [shared.parent, paths[1], paths[2]]


def test_item_analysis_matches_the_hand_computed_figures(classroom: tuple[Path, list[Path]]) -> None:
    root, databases = classroom
    course = load_course(root).course
    assert course is not None
    reading = first_attempts([d / "progress.sqlite3" if d.is_dir() else d for d in databases], "first-quiz")
    attempts = reading.found
    assert len(attempts) == 5 and not reading.unreadable
    options = {
        "x-single": (["coe", "eu", "un"], {"coe"}),
        "x-tf": (["true", "false"], {"false"}),
        "x-multi": (["access", "system", "fraud"], {"access", "system"}),
    }
    stats = {s.question_id: s for s in item_statistics(attempts, "first-quiz", options)}
    single, tf, multi = stats["x-single"], stats["x-tf"], stats["x-multi"]
    assert single.attempts == 5
    assert single.facility == pytest.approx(0.6)
    assert single.discrimination == pytest.approx(64.55, abs=0.01)
    assert single.efficiency == pytest.approx(100.0)
    assert single.choices == {"coe": 3, "eu": 2, "un": 0}
    assert single.flags == ["unchosen_distractor:un"]
    assert tf.facility == pytest.approx(0.6)
    assert tf.discrimination == pytest.approx(0.0, abs=1e-9)
    assert tf.efficiency == pytest.approx(0.0, abs=1e-9)
    assert tf.choices == {"true": 2, "false": 3}
    assert tf.flags == ["low_discrimination"]
    assert multi.facility == pytest.approx(0.4)
    assert multi.discrimination == pytest.approx(32.73, abs=0.01)
    assert multi.efficiency == pytest.approx(37.5)
    assert multi.choices == {"access": 5, "system": 2, "fraud": 3}
    assert multi.flags == []


def test_report_per_learner(classroom: tuple[Path, list[Path]]) -> None:
    root, databases = classroom
    course = load_course(root).course
    assert course is not None
    reading = learner_results(course.outline(), [d / "progress.sqlite3" if d.is_dir() else d for d in databases])
    assert not reading.unreadable
    results = {r.name: r for r in reading.found}
    assert list(results) == ["Anh", "Binh", "Chi", "Dung", "Em"]
    anh = results["Anh"]
    assert (anh.lessons_read, anh.lessons_total) == (1, 2)
    first = anh.quizzes[0]
    assert (first.quiz_id, first.attempts, first.best, first.latest, first.passed) == (
        "first-quiz",
        2,
        1.0,
        pytest.approx(1 / 3),
        True,
    )
    assert (anh.quizzes_passed, anh.quizzes_total) == (1, 2)
    # 2 + 8 minutes reading, and two attempts of 300 seconds each.
    assert anh.seconds_spent == 600 + 600
    chi = results["Chi"]
    assert chi.lessons_read == 0 and chi.quizzes[0].passed is True and chi.locale == "vi"
    em = results["Em"]
    # Em's finished attempt scored 0; the open one counts for time but not for scores.
    assert (em.quizzes[0].attempts, em.quizzes[0].best, em.quizzes[0].passed) == (1, 0.0, False)
    assert em.seconds_spent == 120 + 300 + 300


def test_report_and_analysis_commands(
    classroom: tuple[Path, list[Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, databases = classroom
    given = ["--content", str(root)]
    files = [str(d) for d in databases]
    assert main([*given, "report", *files]) == 0
    table = capsys.readouterr().out
    lines = table.splitlines()
    assert lines[0].split() == [
        "Learner",
        "Lessons",
        "read",
        "Quizzes",
        "passed",
        "Final",
        "exam",
        "Time",
        "Last",
        "active",
    ]
    assert lines[2].split()[:6] == ["Anh", "1/2", "1/2", "–", "20", "min"]

    out = tmp_path / "class.csv"
    assert main([*given, "report", *files, "--format", "csv", "--output", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert [r["learner"] for r in rows] == ["Anh", "Binh", "Chi", "Dung", "Em"]
    assert rows[0]["first-quiz:best"] == "100.0" and rows[0]["first-quiz:latest"] == "33.3"
    assert rows[0]["minutes_spent"] == "20.0"

    assert main([*given, "analysis", "first-quiz", *files, "--format", "json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert data["first_attempts"] == 5
    by_id = {q["question_id"]: q for q in data["questions"]}
    assert round(by_id["x-single"]["discrimination"], 2) == 64.55
    assert by_id["x-single"]["choices"] == {"coe": 3, "eu": 2, "un": 0}

    assert main([*given, "analysis", "first-quiz", *files]) == 0
    table = capsys.readouterr().out
    assert "Quiz first-quiz: 5 first attempts." in table
    single = next(line for line in table.splitlines() if line.startswith("x-single"))
    assert "60%" in single and "64.5" in single and "100" in single and "distractor nobody chose: un" in single
    tf = next(line for line in table.splitlines() if line.startswith("x-tf"))
    assert "low discrimination" in tf

    assert main([*given, "--lang", "vi", "analysis", "first-quiz", *files]) == 0
    table = capsys.readouterr().out
    single = next(line for line in table.splitlines() if line.startswith("x-single"))
    assert "64,5" in single  # Vietnamese decimal comma, from Babel

    assert main([*given, "report", str(tmp_path / "missing.sqlite3")]) == 1
    assert "no progress file at" in capsys.readouterr().err
    assert main([*given, "analysis", "no-such-quiz", *files]) == 1
    assert "There is no quiz 'no-such-quiz'" in capsys.readouterr().err

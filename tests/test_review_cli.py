"""`cybercourse progress` shows the review; `cybercourse review --profile NAME` opens it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from course.content import Course, load_course
from course.progress import open_store
from course.tui.app import CourseApp
from course.tui.review_app import ReviewApp
from course.tui.session import Session
from tests.conftest import FIXTURE_COURSE, FakeClock
from tests.test_cli import run
from tests.test_review_app import answered_quiz


@pytest.fixture(scope="module")
def course() -> Course:
    result = load_course(FIXTURE_COURSE)
    assert result.course is not None
    return result.course


def took_quiz(course: Course, data: Path, ago: dt.timedelta = dt.timedelta(minutes=5)) -> None:
    """Lan took the first quiz (two answers wrong) `ago`: five minutes on, those two are due (after a
    minute), the five right ones not yet (after ten)."""
    store = open_store(data / "progress.sqlite3", clock=FakeClock(dt.datetime.now(dt.UTC) - ago))
    answered_quiz(course, store, wrong=2)
    store.close()


def base(data: Path) -> list[str]:
    return ["--content", str(FIXTURE_COURSE), "--data-dir", str(data)]


def test_progress_shows_what_is_due_and_retention(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    took_quiz(course, tmp_path)
    status, out, _err = run(["progress", *base(tmp_path)], capsys)
    assert status == 0
    assert "Review: 2 questions due now · 0 of 20 reviewed today · next due " in out
    assert "retention 100%" in out  # answered minutes ago
    status, out, _err = run(["progress", *base(tmp_path), "--format", "json"], capsys)
    [learner] = json.loads(out)
    review = learner["review"]
    assert (review["cards"], review["due"], review["due_today"], review["daily_limit"]) == (7, 2, 2, 20)
    assert review["reviewed_today"] == 0 and review["next_due"] > dt.datetime.now(dt.UTC).isoformat()
    first, second = learner["lessons"]
    assert (first["review_cards"], first["retention"]) == (7, 1.0)
    assert (second["review_cards"], second["retention"]) == (0, None)
    status, out, _err = run(["--lang", "vi", "progress", *base(tmp_path)], capsys)
    assert "Ôn tập: 2 câu đến hạn bây giờ · hôm nay đã ôn 0/20 câu · câu tiếp theo đến hạn lúc " in out


def test_progress_some_days_later(course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    took_quiz(course, tmp_path, ago=dt.timedelta(days=3))
    status, out, _err = run(["progress", *base(tmp_path)], capsys)
    assert status == 0
    assert "Review: 7 questions due now · 0 of 20 reviewed today\n" in out  # nothing later to announce
    first_lesson = out.split("1. First lesson\n")[1].splitlines()[0]
    assert "retention " in first_lesson and "retention 100%" not in first_lesson
    _status, out, _err = run(["progress", *base(tmp_path), "--format", "json"], capsys)
    assert 0 < json.loads(out)[0]["lessons"][0]["retention"] < 1


def test_review_opens_the_learners_session_after_setting_the_limit(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    took_quiz(course, tmp_path)
    opened: list[tuple[CourseApp, int]] = []

    def run_app(app: CourseApp, session: Session) -> int:
        assert isinstance(app, ReviewApp)
        opened.append((app, session.store.profile(app.profile_id).review_limit))
        session.store.close()
        return 0

    monkeypatch.setattr("course.commands.start.run_app", run_app)
    status, _out, _err = run(["review", *base(tmp_path), "--profile", "lan", "--daily-limit", "35"], capsys)
    assert status == 0 and [limit for _app, limit in opened] == [35]


@pytest.mark.parametrize("limit", ["0", "501", "many"])
def test_a_bad_daily_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], limit: str) -> None:
    with pytest.raises(SystemExit) as exit:
        run(["review", *base(tmp_path), "--profile", "Lan", "--daily-limit", limit], capsys)
    assert exit.value.code == 2
    assert f"'{limit}' is not a whole number from 1 to 500" in capsys.readouterr().err


def test_review_of_an_unknown_learner(course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(["review", *base(tmp_path), "--profile", "Lan"], capsys)
    assert status == 1 and "No learner has started the course yet" in err
    assert not (tmp_path / "progress.sqlite3").exists()  # nothing created
    took_quiz(course, tmp_path)
    status, _out, err = run(["review", *base(tmp_path), "--profile", "Mai\x1b]2;x\x07"], capsys)
    assert status == 1 and "No learner called Mai^[]2;x^G. Learners: Lan" in err

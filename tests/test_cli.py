"""The instructor commands as run from a shell: validate, schema, stats, and where content comes from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course.cli import main
from tests.conftest import FIXTURE_COURSE

REPO = Path(__file__).parents[1]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_shipped_course_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(["validate", str(REPO)], capsys)
    assert status == 0, out
    assert "is valid" in out


def test_validate_json(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quiz = course_copy / "quizzes" / "second-quiz.yaml"
    quiz.write_text(quiz.read_text().replace("draw: 1", "draw: 9"))
    status, out, _err = run(["validate", str(course_copy), "--format", "json"], capsys)
    assert status == 1
    report = json.loads(out)
    assert report["ok"] is False
    [problem] = report["problems"]
    assert problem["field"] == "draw" and problem["line"] == 3 and problem["code"] == "draw"
    assert problem["file"].endswith("second-quiz.yaml")


def test_content_flag_and_working_directory(
    course_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A course of one's own, anywhere: --content DIR ...
    status, out, _err = run(["stats", "--content", str(course_copy), "--format", "json"], capsys)
    assert status == 0 and json.loads(out)["course"] == "fixture-course"
    # ... or the working directory when it holds a course ...
    monkeypatch.chdir(course_copy)
    status, out, _err = run(["stats", "--format", "json"], capsys)
    assert json.loads(out)["course"] == "fixture-course"
    # ... else the course shipped with the program.
    monkeypatch.chdir(tmp_path)
    status, out, _err = run(["stats", "--format", "json"], capsys)
    assert json.loads(out)["course"] == "cybercrime-treaties"


def test_content_dir_without_a_course(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(["validate", str(tmp_path)], capsys)
    assert status == 1
    assert "course.yaml:1:1: no course here" in out


def test_stats_counts(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(["stats", "--content", str(FIXTURE_COURSE), "--format", "json"], capsys)
    data = json.loads(out)
    assert status == 0
    assert data["questions"] == 9
    assert data["questions_by_type"]["true_false"] == 2
    assert data["glossary_terms"] == 2
    assert data["locale_coverage"] == {"en": 1.0, "vi": 1.0}
    exam = next(q for q in data["quizzes"] if q["id"] == "final-exam")
    assert exam["per_attempt"] == 4


def test_stats_human(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(["stats", "--content", str(FIXTURE_COURSE)], capsys)
    assert status == 0
    assert "first-quiz (practice): 7 questions" in out
    assert "100.0%" in out


@pytest.mark.parametrize("kind", ["course", "lesson", "quiz", "glossary", "sources"])
def test_schema_per_kind(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(["schema", kind], capsys)
    schema = json.loads(out)
    assert status == 0
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False  # typos are errors in the editor too


def test_quiz_schema_knows_every_question_type(capsys: pytest.CaptureFixture[str]) -> None:
    _status, out, _err = run(["schema", "quiz"], capsys)
    text = json.dumps(json.loads(out))
    for name in ["single_choice", "multiple_choice", "true_false", "short_answer", "numeric", "ordering", "matching"]:
        assert name in text
    assert "Id of the right option." in text  # field docstrings become descriptions


def test_schema_output_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(["schema", "--output-dir", str(tmp_path / "schemas")], capsys)
    assert status == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == [
        "course.schema.json",
        "glossary.schema.json",
        "lesson.schema.json",
        "quiz.schema.json",
        "sources.schema.json",
    ]
    assert "yaml-language-server" in out


def test_unknown_language_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(["--lang", "xx", "validate"], capsys)
    assert status == 2
    assert "language 'xx' is not available" in err


def test_vietnamese_messages(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(["validate", str(FIXTURE_COURSE), "--lang", "vi"], capsys)
    assert status == 0
    assert "hợp lệ" in out


def test_options_after_the_command(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(["stats", "--format", "json", "--content", str(course_copy)], capsys)
    assert status == 0 and json.loads(out)["course"] == "fixture-course"


def _progress_with_one_attempt(tmp_path: Path) -> None:
    from course.content import load_course
    from course.progress import open_store
    from course.progress.runs import QuizRun
    from course.quiz import correct_answer

    course = load_course(FIXTURE_COURSE).course
    assert course is not None
    store = open_store(tmp_path / "progress.sqlite3")
    lan = store.create_profile("Lan", "vi")
    store.save_position(lan.id, "first-lesson", 1, 2, seconds=90)
    run = QuizRun.start(course, course.quizzes["first-quiz"], store, lan.id, seed=1)
    for i in range(len(run)):
        run.answer(i, correct_answer(run.question(i)), "vi")
    run.finish()
    store.create_profile("Tom", "en")
    store.close()


def test_progress_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _progress_with_one_attempt(tmp_path)
    status, out, _err = run(
        [
            "progress",
            "--content",
            str(FIXTURE_COURSE),
            "--data-dir",
            str(tmp_path),
            "--profile",
            "Lan",
            "--format",
            "json",
        ],
        capsys,
    )
    assert status == 0
    [lan] = json.loads(out)
    first = lan["lessons"][0]
    assert (first["id"], first["status"], first["seconds_spent"]) == ("first-lesson", "passed", 90)
    assert first["quiz"] == {"attempts": 1, "best": 1.0, "latest": 1.0, "passed": True, "unfinished": False}
    assert lan["lessons"][1]["status"] == "new"


def test_progress_human_lists_every_learner(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _progress_with_one_attempt(tmp_path)
    status, out, _err = run(["progress", "--content", str(FIXTURE_COURSE), "--data-dir", str(tmp_path)], capsys)
    assert status == 0
    assert "Learner: Lan" in out and "Learner: Tom" in out
    assert "quiz best 100%" in out


def test_progress_speaks_one_language_and_says_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Lan learns in Vietnamese; an English report is English throughout, and a read lesson is "read"."""
    _progress_with_one_attempt(tmp_path)
    from course.progress import open_store

    store = open_store(tmp_path / "progress.sqlite3")
    tom = next(p for p in store.profiles() if p.name == "Tom")
    store.save_position(tom.id, "first-lesson", 0, 2, seconds=30)
    store.close()
    base = ["progress", "--content", str(FIXTURE_COURSE), "--data-dir", str(tmp_path), "--profile"]
    status, out, _err = run([*base, "Lan", "--lang", "en"], capsys)
    assert status == 0
    assert "1. First lesson" in out and "Bài học" not in out
    assert "quiz passed · 2 min reading" in out and "section" not in out
    status, out, _err = run([*base, "Tom", "--lang", "vi"], capsys)
    assert "1. Bài học thứ nhất" in out and "First lesson" not in out
    assert "đang đọc · phần 1/2" in out


def test_progress_of_a_quiz_taken_before_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from course.content import load_course
    from course.progress import open_store
    from course.progress.runs import QuizRun

    course = load_course(FIXTURE_COURSE).course
    assert course is not None
    store = open_store(tmp_path / "progress.sqlite3")
    mai = store.create_profile("Mai", "en")
    attempt = QuizRun.start(course, course.quizzes["first-quiz"], store, mai.id, seed=1)
    attempt.answer(0, {"choice": "b"}, "en")
    attempt.finish()
    store.close()
    base = ["progress", "--content", str(FIXTURE_COURSE), "--data-dir", str(tmp_path)]
    status, out, _err = run(base, capsys)
    assert status == 0
    assert "section 0" not in out and "quiz best 0%, latest 0%, 1 attempt · retention 100%\n" in out


def test_progress_says_a_quiz_is_in_progress_as_the_course_map_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from course.content import load_course
    from course.progress import open_store
    from course.progress.runs import QuizRun

    course = load_course(FIXTURE_COURSE).course
    assert course is not None
    store = open_store(tmp_path / "progress.sqlite3")
    mai = store.create_profile("Mai", "en")
    QuizRun.start(course, course.quizzes["first-quiz"], store, mai.id, seed=1).answer(0, {"choice": "b"}, "en")
    store.close()
    base = ["progress", "--content", str(FIXTURE_COURSE), "--data-dir", str(tmp_path)]
    _status, out, _err = run([*base, "--lang", "en"], capsys)
    assert "1. First lesson\n     quiz in progress · 0 min reading" in out
    _status, out, _err = run([*base, "--lang", "vi"], capsys)
    assert "đang làm bài kiểm tra" in out


def test_progress_mentions_a_damaged_file_kept_aside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _progress_with_one_attempt(tmp_path)
    kept = tmp_path / "progress.sqlite3.damaged-20260302-083000"
    kept.write_bytes(b"not a database")
    (tmp_path / "progress.sqlite3.damaged-20260302-083000-wal").write_bytes(b"")  # its journal: not listed
    status, out, _err = run(["progress", "--content", str(FIXTURE_COURSE), "--data-dir", str(tmp_path)], capsys)
    assert status == 0
    assert f"A damaged progress file was kept aside and is not counted above: {kept}" in out
    assert "-wal" not in out
    status, out, err = run(
        ["progress", "--content", str(FIXTURE_COURSE), "--data-dir", str(tmp_path), "--format", "json"], capsys
    )
    assert json.loads(out) and str(kept) in err


def test_progress_reset_needs_confirmation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _progress_with_one_attempt(tmp_path)
    base = ["progress", "--content", str(FIXTURE_COURSE), "--data-dir", str(tmp_path), "--reset"]
    status, _out, err = run(base, capsys)
    assert status == 2 and "--profile" in err
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    status, _out, err = run([*base, "--profile", "Lan"], capsys)
    assert status == 2 and "--yes" in err
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "not the name")
    status, out, _err = run([*base, "--profile", "Lan"], capsys)
    assert status == 1 and "Nothing was changed" in out
    status, out, _err = run([*base, "--profile", "Lan", "--yes"], capsys)
    assert status == 0 and "was reset" in out
    status, out, _err = run(
        [
            "progress",
            "--content",
            str(FIXTURE_COURSE),
            "--data-dir",
            str(tmp_path),
            "--profile",
            "Lan",
            "--format",
            "json",
        ],
        capsys,
    )
    assert json.loads(out)[0]["lessons"][0]["status"] == "new"


def test_progress_unknown_learner(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _progress_with_one_attempt(tmp_path)
    status, _out, err = run(
        ["progress", "--content", str(FIXTURE_COURSE), "--data-dir", str(tmp_path), "--profile", "Ann"], capsys
    )
    assert status == 1 and "No learner called Ann" in err and "Lan" in err


def test_every_command_is_known_by_its_module_and_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    """A command's parser is built from its own module only: the table must name every one."""
    import argparse

    from course.cli import COMMAND_MODULES, build_parser

    parser = build_parser()
    [choices] = [a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(choices) == set(COMMAND_MODULES)
    for command in COMMAND_MODULES:
        [single] = [a.choices for a in build_parser(command)._actions if isinstance(a, argparse._SubParsersAction)]
        assert command in single
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(command in out for command in COMMAND_MODULES)


def test_a_command_imports_only_what_it_needs() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from course.cli import main; status = main(['validate', sys.argv[1]]); "
        "print([m for m in ('course.exchange.banks', 'course.commands.class_mode', 'course.commands.i18n') "
        "if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(FIXTURE_COURSE)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"

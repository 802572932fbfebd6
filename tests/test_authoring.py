"""Instructors writing content: `cybercourse new`, and `cybercourse preview` reloading on save."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.content.authoring import AuthoringError, new_lesson, new_quiz
from course.progress import open_store
from course.progress.sqlite_store import SqliteStore
from course.tui.preview import PreviewApp, PreviewTarget, make_preview_app
from course.tui.screens.lesson import LessonScreen
from course.tui.screens.preview import PreviewHomeScreen, ProblemsScreen
from course.tui.screens.quiz import QuizScreen
from tests.test_app import visible_text

SIZE = (100, 30)


def valid(root: Path) -> None:
    result = load_course(root)
    assert result.ok, [p.format() for p in result.problems]


# -- new -----------------------------------------------------------------------------------


def test_new_lesson_and_quiz_are_valid_at_once_and_bilingual(course_copy: Path) -> None:
    manifest = course_copy / "lessons" / "course.yaml"
    manifest.write_text("# Our course, kept by the training unit.\n" + manifest.read_text("utf-8"), "utf-8")
    written = new_lesson(course_copy, "data-interception", after="first-lesson")
    assert written.path == course_copy / "lessons" / "data-interception.yaml"
    quiz = new_quiz(course_copy, "data-interception-quiz", "data-interception")
    valid(course_copy)
    course = load_course(course_copy).course
    assert course is not None
    assert course.manifest.lessons == ["first-lesson", "data-interception", "second-lesson"]
    assert course.lessons["data-interception"].quiz == "data-interception-quiz"
    # Every text in both languages, each in its own language, and the instructor's comment kept.
    lesson = course.lessons["data-interception"]
    assert set(lesson.title.root) == {"en", "vi"} and lesson.title.root["vi"] != lesson.title.root["en"]
    assert quiz.path.read_text("utf-8").count("vi:") >= 8
    assert manifest.read_text("utf-8").startswith("# Our course, kept by the training unit.\n")


def test_new_lesson_goes_last_and_keeps_a_flow_style_list(course_copy: Path) -> None:
    manifest = course_copy / "lessons" / "course.yaml"
    text = manifest.read_text("utf-8").replace(
        "lessons:\n  - first-lesson\n  - second-lesson\n", "lessons: [first-lesson, second-lesson]  # order taught\n"
    )
    manifest.write_text(text, "utf-8")
    new_lesson(course_copy, "extra")
    assert "lessons: [first-lesson, second-lesson, extra]  # order taught" in manifest.read_text("utf-8")
    valid(course_copy)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: new_lesson(root, "first-lesson"), "already uses the id 'first-lesson'"),
        (lambda root: new_lesson(root, "first-quiz"), "already uses the id 'first-quiz'"),
        (lambda root: new_lesson(root, "Bad Id"), "cannot be an id"),
        (lambda root: new_lesson(root, "x", after="nowhere"), "lists no lesson 'nowhere'"),
        (lambda root: new_quiz(root, "q2", "first-lesson"), "already has the quiz 'first-quiz'"),
        (lambda root: new_quiz(root, "q2", "nowhere"), "there is no lesson 'nowhere'"),
    ],
)
def test_new_refuses_and_writes_nothing(course_copy: Path, make: Callable[[Path], object], message: str) -> None:
    before = {p: p.read_bytes() for p in course_copy.rglob("*") if p.is_file()}
    with pytest.raises(AuthoringError, match=message):
        make(course_copy)
    after = {p: p.read_bytes() for p in course_copy.rglob("*") if p.is_file()}
    assert after == before


def test_new_command(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(course_copy), "new", "lesson", "extra"]) == 0
    assert "Next: cybercourse preview extra" in capsys.readouterr().out
    assert main(["--content", str(course_copy), "new", "quiz", "extra-quiz"]) == 2
    assert "--lesson LESSON_ID" in capsys.readouterr().err
    assert main(["--content", str(course_copy), "new", "quiz", "extra-quiz", "--lesson", "extra"]) == 0
    assert main(["--content", str(course_copy), "validate"]) == 0
    assert main(["--content", str(course_copy), "new", "lesson", "extra"]) == 1
    assert "already uses the id 'extra'" in capsys.readouterr().err


# -- preview -------------------------------------------------------------------------------


def preview(root: Path, tmp_path: Path, target: PreviewTarget, locale: str = "en") -> PreviewApp:
    return make_preview_app(root, target, open_store(tmp_path / "scratch.sqlite3"), locale)


def save(path: Path, old: str, new: str) -> None:
    """Edit a file as an editor does; the modification time moves on even within one clock tick."""
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def reloaded(app: PreviewApp, before: int) -> None:
    for _ in range(100):
        if app.reloads > before:
            await asyncio.sleep(0.05)
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the preview did not reload")


async def test_preview_quiz_reloads_in_place_and_shows_problems(course_copy: Path, tmp_path: Path) -> None:
    quiz_file = course_copy / "quizzes" / "first-quiz.yaml"
    app = preview(course_copy, tmp_path, PreviewTarget.from_file(quiz_file))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert "Which body adopted the Budapest Convention?" in visible_text(app)
        await pilot.press("b", "enter")  # a wrong answer to the first question
        await pilot.pause()
        assert "Not the EU." in visible_text(app)

        count = app.reloads
        save(
            quiz_file,
            "Which body adopted the Budapest Convention?",
            "Which organisation drew up the Budapest Convention?",
        )
        await reloaded(app, count)
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        text = visible_text(app)
        assert "Which organisation drew up the Budapest Convention?" in text
        assert "Not the EU." in text  # the answer given before the save is still there
        assert "Question 1 of 7" in text  # the whole bank, whatever the quiz draws

        count = app.reloads
        save(quiz_file, "    answer: a\n", "    answer: z\n")
        await reloaded(app, count)
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = visible_text(app)
        assert "quizzes/first-quiz.yaml:16:13  questions[0].answer" in text
        assert "'z' is not an option of this question" in text

        count = app.reloads
        save(quiz_file, "    answer: z\n", "    answer: a\n")
        await reloaded(app, count)
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert "Which organisation drew up" in visible_text(app)


async def test_preview_lesson_keeps_the_section_and_never_touches_progress(course_copy: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "learners"
    app = preview(course_copy, tmp_path, PreviewTarget("first-lesson", None), locale="vi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("right")
        await pilot.pause()
        section = app.screen.section
        assert section == 1
        lesson_file = course_copy / "lessons" / "first-lesson.yaml"
        heading = app.session.content.lessons["first-lesson"].sections[1].heading.root["vi"]
        count = app.reloads
        save(lesson_file, heading, heading + " (sửa)")
        await reloaded(app, count)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.section == section
        assert heading + " (sửa)" in visible_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PreviewHomeScreen)
        assert "Xem trước" in visible_text(app) or "Preview" in visible_text(app)
    assert not data_dir.exists()


async def test_preview_of_an_unknown_id_says_so(course_copy: Path, tmp_path: Path) -> None:
    app = preview(course_copy, tmp_path, PreviewTarget("no-such-quiz", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "there is no quiz or lesson 'no-such-quiz'" in visible_text(app)


def test_preview_command_uses_a_scratch_store(
    course_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Path] = {}

    def run(self: PreviewApp) -> None:
        store = self.session.store
        assert isinstance(store, SqliteStore)
        seen["store"] = store.path

    monkeypatch.setattr(PreviewApp, "run", run)
    data_dir = tmp_path / "learners"
    assert main(["--content", str(course_copy), "--data-dir", str(data_dir), "preview", "first-quiz"]) == 0
    assert not data_dir.exists()
    assert not seen["store"].exists()  # thrown away afterwards
    assert main(["preview", str(tmp_path / "nowhere.yaml")]) == 2


async def test_preview_shows_matching_answers_in_file_order(course_copy: Path, tmp_path: Path) -> None:
    """As the README says: options unshuffled; matching answers too (ordering items stay shuffled)."""
    app = preview(course_copy, tmp_path, PreviewTarget("first-quiz", "quiz"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        index = next(i for i in range(len(screen.run)) if screen.run.question(i).id == "q-match")
        question = screen.run.question(index)
        assert screen.run.presented(index).order == tuple(pair.id for pair in question.pairs)  # type: ignore[attr-defined]
        ordering = next(i for i in range(len(screen.run)) if screen.run.question(i).id == "q-order")
        items = tuple(item.id for item in screen.run.question(ordering).items)  # type: ignore[attr-defined]
        assert screen.run.presented(ordering).order != items  # its file order is the answer

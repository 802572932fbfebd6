"""The content cache: any change to any content file is seen; a damaged cache is rebuilt."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from course.commands.start import CourseUnavailable, prepare
from course.content import Course, cache
from course.content.cache import content_key, read_course, read_outline
from course.progress import open_store
from course.tui.app import make_app
from course.tui.screens.lesson import LessonScreen
from course.tui.session import Session


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CYBERCOURSE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def touch_later(path: Path) -> None:
    """Make sure the modification time moves even on coarse-grained file systems."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_key_changes_with_every_kind_of_change(course_copy: Path) -> None:
    lesson = course_copy / "lessons" / "first-lesson.yaml"
    keys = {content_key(course_copy)}
    lesson.write_text(lesson.read_text("utf-8").replace("First lesson", "1st lesson"), "utf-8")
    keys.add(content_key(course_copy))  # edited (size changed)
    text = lesson.read_text("utf-8")
    lesson.write_text(text.replace("1st lesson", "2nd lesson"), "utf-8")
    touch_later(lesson)
    keys.add(content_key(course_copy))  # edited, same size
    extra = course_copy / "lessons" / "glossary" / "more.yaml"
    extra.write_text("terms: []\n", "utf-8")
    keys.add(content_key(course_copy))  # added
    extra.rename(course_copy / "lessons" / "glossary" / "renamed.yaml")
    keys.add(content_key(course_copy))  # renamed
    (course_copy / "lessons" / "glossary" / "renamed.yaml").unlink()
    assert len(keys) == 5
    assert content_key(course_copy) == content_key(course_copy)  # stable when nothing changes


def test_start_uses_the_cache_and_sees_an_edit(course_copy: Path) -> None:
    outline, course, key = prepare(course_copy)
    assert course is not None  # cold: validated and loaded
    again, course_again, same_key = prepare(course_copy)
    assert course_again is None and same_key == key  # warm: outline only
    assert again == outline
    lesson = course_copy / "lessons" / "first-lesson.yaml"
    lesson.write_text(
        lesson.read_text("utf-8").replace("title: {en: First lesson", "title: {en: The first lesson"), "utf-8"
    )
    touch_later(lesson)
    edited, _course, _key = prepare(course_copy)
    assert edited.lessons[0].title["en"] == "The first lesson"


def test_an_invalid_edit_is_reported_not_served_from_the_cache(course_copy: Path) -> None:
    prepare(course_copy)
    quiz = course_copy / "quizzes" / "first-quiz.yaml"
    quiz.write_text(quiz.read_text("utf-8").replace("    answer: a\n", "    answer: z\n"), "utf-8")
    touch_later(quiz)
    with pytest.raises(CourseUnavailable) as info:
        prepare(course_copy)
    assert "first-quiz.yaml:16:13: questions[0].answer" in str(info.value)


def test_a_damaged_entry_is_rebuilt(course_copy: Path, private_cache: Path) -> None:
    _outline, _course, key = prepare(course_copy)
    (private_cache / "content" / key / "outline.json").write_text("{not json", "utf-8")
    (private_cache / "content" / key / "course.pickle").write_bytes(b"garbage")
    assert read_outline(key) is None and read_course(key) is None
    outline, course, _key = prepare(course_copy)
    assert course is not None and outline.course_id == "fixture-course"
    assert read_outline(key) is not None  # written again


def test_an_unwritable_cache_only_costs_time(
    course_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("CYBERCOURSE_CACHE_DIR", str(blocker))
    outline, course, _key = prepare(course_copy)
    assert course is not None and outline.lessons


def test_old_entries_are_pruned(course_copy: Path, private_cache: Path) -> None:
    lesson = course_copy / "lessons" / "first-lesson.yaml"
    for number in range(cache.KEEP + 3):
        lesson.write_text(lesson.read_text("utf-8").replace("Opening", f"Opening {number}", 1), "utf-8")
        touch_later(lesson)
        prepare(course_copy)
        time.sleep(0.01)
    assert len([p for p in (private_cache / "content").iterdir() if p.is_dir()]) == cache.KEEP


async def test_the_app_loads_the_full_course_when_it_is_needed(course_copy: Path, tmp_path: Path) -> None:
    _outline, _course, key = prepare(course_copy)
    outline, course, _key = prepare(course_copy)  # warm: only the outline
    assert course is None
    store = open_store(tmp_path / "data" / "progress.sqlite3")
    store.create_profile("Lan", "en")

    def loader() -> Course:
        course = read_course(key)
        assert course is not None
        return course

    session = Session(outline=outline, store=store, loader=loader, locales=list(outline.locales))
    app = make_app(session, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert session.course is None  # the course map was drawn from the outline alone
        await pilot.press("enter")  # "Start: First lesson"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert session.course is not None and "first-lesson" in session.course.lessons


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was_found(course_copy: Path, enabled: bool) -> None:
    """Writing and reading the cache pause the garbage collector, and only for that long."""
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        _outline, course, key = prepare(course_copy)
        assert course is not None and gc.isenabled() is enabled
        assert read_course(key) == course and gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()

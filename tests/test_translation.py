"""Translators' workflow: catalog checks, a third language without code changes, and the app
changing every visible string when the language changes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import main
from course.i18n import set_locale, set_locales_dir
from course.i18n.audit import check_placeholders, check_plural_header, check_sync, placeholders
from tests.conftest import FIXTURE_COURSE
from tests.test_app import visible_text
from tests.test_snapshots import SCREENS
from tests.tui_helpers import build_app, load

REPO = Path(__file__).parents[1]
LOCALES = REPO / "locales"


def po(entries: str, plural: str = "nplurals=1; plural=0;", locale: str = "vi") -> str:
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {locale}\\n"\n"Plural-Forms: {plural}\\n"\n\n' + entries
    )


def write(tmp_path: Path, text: str, locale: str = "vi") -> Path:
    path = tmp_path / locale / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("msgid", "msgstr", "ok"),
    [
        ("Learner: {name}", "Học viên: {name}", True),
        ("Learner: {name}", "Học viên: {ten}", False),  # renamed: KeyError at run time
        ("Learner: {name}", "Học viên", False),  # dropped: the name silently disappears
        ("{a} of {b}", "{b}/{a}", True),  # reordering is fine
        ("Score {score:.0f}", "Điểm {score}", True),  # a format spec may change
        ("%(count)d lessons", "%(count)d bài", True),
        ("%(count)d lessons", "%d bài", False),
        ("100%% done", "xong 100%%", True),
        ("Use {{braces}}", "Dùng {{ngoặc}}", True),
    ],
)
def test_placeholder_mismatch_is_detected(tmp_path: Path, msgid: str, msgstr: str, ok: bool) -> None:
    path = write(tmp_path, po(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'))
    problems = check_placeholders(path)
    assert (problems == []) is ok, problems
    if not ok:
        assert problems[0].line == 7 and "placeholders" in problems[0].message


def test_plural_entries_are_checked(tmp_path: Path) -> None:
    good = 'msgid "{n} lesson"\nmsgid_plural "{n} lessons"\nmsgstr[0] "{n} bài học"\n'
    assert check_placeholders(write(tmp_path / "a", po(good))) == []
    bad = 'msgid "{n} lesson"\nmsgid_plural "{n} lessons"\nmsgstr[0] "{count} bài học"\n'
    assert check_placeholders(write(tmp_path / "b", po(bad)))
    wrong_header = write(tmp_path / "c", po(good, plural="nplurals=2; plural=(n != 1);"))
    assert check_plural_header(wrong_header, "vi")


def test_placeholders_counts() -> None:
    assert placeholders("{n} of {total} · %(x)s %d 100%% {{y}}") == {"{n}": 1, "{total}": 1, "%(x)s": 1, "%d": 1}


def test_shipped_catalogs_pass_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "check", "--content", str(REPO)]) == 0, capsys.readouterr().out


def test_status_shows_both_shipped_locales_complete(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["i18n", "status", "--content", str(REPO), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for locale in ("vi", "en"):
        info = data["locales"][locale]
        assert info["complete"] and info["interface"]["untranslated"] == 0 and info["interface"]["fuzzy"] == 0
        assert info["content"]["present"] == info["content"]["total"]


def test_stale_template_is_detected(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    pot = (locales / "messages.pot").read_text("utf-8")
    pot = pot.replace('msgid "Course map"\nmsgstr ""\n', "")  # a string the code uses
    pot += '\nmsgid "A string nobody uses any more"\nmsgstr ""\n'
    (locales / "messages.pot").write_text(pot, "utf-8")
    messages = [p.message for p in check_sync(locales, REPO / "course", REPO / "babel.cfg")]
    assert any("'Course map' is used in the code but missing" in m for m in messages)
    assert any("'A string nobody uses any more' is in the template but no longer in the code" in m for m in messages)


def test_content_markup_must_match_across_languages(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = course_copy / "lessons" / "first-lesson.yaml"
    text = lesson.read_text("utf-8").replace(
        'vi: "**Công ước Budapest** được mở ký năm 2001."', 'vi: "**Công ước Budapest được mở ký năm 2001."'
    )
    lesson.write_text(text, "utf-8")
    assert main(["i18n", "check", "--content", str(course_copy)]) == 1
    out = capsys.readouterr().out
    assert re.search(
        r"first-lesson.yaml:\d+:\d+: sections\[0\]\.body\.vi: the vi text has an unclosed \*\* \(bold\)", out
    )


@pytest.fixture
def french(tmp_path: Path, course_copy: Path) -> tuple[Path, Path]:
    """`pybabel init -l fr`, one string translated; `fr` added to part of the content."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "init",
            "-i",
            str(locales / "messages.pot"),
            "-d",
            str(locales),
            "-l",
            "fr",
        ],
        check=True,
        capture_output=True,
    )
    catalog = locales / "fr" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(
        catalog.read_text("utf-8").replace(
            'msgid "Course map"\nmsgstr ""', 'msgid "Course map"\nmsgstr "Plan du cours"'
        ),
        "utf-8",
    )
    lesson = course_copy / "lessons" / "first-lesson.yaml"
    lesson.write_text(
        lesson.read_text("utf-8").replace(
            "title: {en: First lesson, vi: Bài học thứ nhất}",
            "title: {en: First lesson, vi: Bài học thứ nhất, fr: Première leçon}",
        ),
        "utf-8",
    )
    return locales, course_copy


async def test_a_third_language_without_code_changes(french: tuple[Path, Path], tmp_path: Path) -> None:
    locales, content = french
    set_locales_dir(locales)
    try:
        course = load(content)
        app = build_app(course, tmp_path / "data", locale="fr")
        app.session.locales = [*course.locales, "fr"]  # as `cybercourse` finds it: a catalog for fr exists
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("tab")  # the language list offers Français, highlighted
            await pilot.pause()
            assert "Français" in visible_text(app)
            await pilot.press("shift+tab", *"Marie", "enter")
            await pilot.pause()
            text = visible_text(app)
            assert "Plan du cours" in text  # translated interface string
            assert "Première leçon" in text  # translated content field
            assert "[EN] Second lesson" in text  # untranslated field: source language, marked
            assert "Your progress" in text  # untranslated interface string: English, never blank
    finally:
        set_locales_dir(None)
        set_locale("en")


def test_status_reports_the_partial_locale(
    french: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    locales, content = french
    monkeypatch.setenv("CYBERCOURSE_LOCALES_DIR", str(locales))
    try:
        assert main(["i18n", "status", "--content", str(content), "--format", "json"]) == 0  # fr is not shipped
        data = json.loads(capsys.readouterr().out)
        fr = data["locales"]["fr"]
        assert fr["interface"]["translated"] == 1 and fr["interface"]["untranslated"] > 100
        assert fr["content"]["present"] == 1
        first = next(f for f in fr["content"]["files"] if f["file"].endswith("first-lesson.yaml"))
        assert "summary" in first["missing"] and "title" not in first["missing"]
    finally:
        set_locales_dir(None)


def flat(screen_text: str) -> str:
    """Screen text with line breaks and box borders folded, so wrapped sentences read whole."""
    return re.sub(r"[\s█▊▎▔▁▀▄│─]+", " ", screen_text)


@pytest.mark.parametrize("screen", sorted(SCREENS))
async def test_switching_language_changes_every_visible_string(screen: str, tmp_path: Path) -> None:
    """Every interface string and every content text on screen follows F2."""
    from babel.messages.pofile import read_po

    with (LOCALES / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0]).split("{")[0].strip(): (
            m.string if isinstance(m.string, str) else m.string[0]
        )
        .split("{")[0]
        .strip()
        for m in catalog
        if m.id and m.string and (m.string if isinstance(m.string, str) else m.string[0]) != m.id
    }
    english = {e for e in translated if len(e) >= 6}  # whole phrases, not fragments like "Quiz"
    course = load(FIXTURE_COURSE)
    english_content = {t for q in course.questions().values() for t in (q.prompt.root["en"], q.explanation.root["en"])}
    english_content |= {lesson.title.root["en"] for lesson in course.lessons.values()}
    app = build_app(course, tmp_path, locale="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await SCREENS[screen](pilot)
        await pilot.pause()
        before = flat(visible_text(app))
        shown = {e for e in english | english_content if e in before}
        assert shown, "the scenario shows no English at all"
        await pilot.press("f2")
        await pilot.pause()
        after = flat(visible_text(app))
        # Side by side, the second column is meant to stay in the other language: a string whose
        # translation was already on screen before F2 belongs to a column, not to the interface.
        columns = (
            {e for e in shown if translated.get(e) and translated[e] in before} if "side_by_side" in screen else set()
        )
        left = {e for e in shown - columns if e in after and e not in {"Budapest"}}
        assert left == set(), f"still in English after F2 on {screen}: {left}"

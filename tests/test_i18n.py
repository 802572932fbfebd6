"""Locale negotiation, catalog loading with fallback, and locale-aware formatting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from course.i18n import (
    _,
    current_locale,
    format_date,
    format_number,
    format_percent,
    negotiate_locale,
    ngettext,
    normalize_tag,
    set_locale,
)
from course.i18n.catalogs import catalog_locales, load_translations

AVAILABLE = ["en", "vi"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("vi_VN.UTF-8", "vi_VN"),
        ("vi", "vi"),
        ("en_US.utf8@euro", "en_US"),
        ("en-gb", "en_GB"),
        ("C", None),
        ("C.UTF-8", None),
        ("POSIX", None),
        ("", None),
    ],
)
def test_normalize_tag(value: str, expected: str | None) -> None:
    assert normalize_tag(value) == expected


@pytest.mark.parametrize(
    ("flag", "environ", "expected"),
    [
        ("vi", {"LANG": "en_US.UTF-8"}, "vi"),  # the flag wins
        (None, {"LANG": "vi_VN.UTF-8"}, "vi"),  # vi_VN.UTF-8 -> vi
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),  # LC_ALL before LANG
        (None, {"LC_MESSAGES": "vi_VN", "LANG": "en_US"}, "vi"),  # LC_MESSAGES before LANG
        (None, {"LC_ALL": "C.UTF-8", "LANG": "vi_VN.UTF-8"}, "vi"),  # C says nothing about language
        (None, {"LANG": "fr_FR.UTF-8"}, "en"),  # unavailable -> course source locale
        (None, {}, "en"),
        ("xx", {"LANG": "vi_VN"}, "vi"),  # an unknown flag falls through (the CLI reports it)
    ],
)
def test_negotiate_locale(flag: str | None, environ: dict[str, str], expected: str) -> None:
    assert negotiate_locale(flag, environ, AVAILABLE, "en") == expected


def test_default_is_the_course_source_locale() -> None:
    assert negotiate_locale(None, {"LANG": "C"}, AVAILABLE, "vi") == "vi"


def test_territory_specific_locale_is_preferred_when_available() -> None:
    assert negotiate_locale(None, {"LANG": "pt_BR.UTF-8"}, ["en", "pt", "pt_BR"], "en") == "pt_BR"
    assert negotiate_locale(None, {"LANG": "pt_PT.UTF-8"}, ["en", "pt", "pt_BR"], "en") == "pt"


def test_shipped_catalogs_exist() -> None:
    assert {"en", "vi"} <= set(catalog_locales(Path(__file__).parents[1] / "locales"))


def write_po(directory: Path, locale: str, entries: dict[str, str], plural: str = "nplurals=1; plural=0;") -> None:
    target = directory / locale / "LC_MESSAGES"
    target.mkdir(parents=True)
    body = "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in entries.items())
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {locale}\\n"\n"Plural-Forms: {plural}\\n"\n\n'
    )
    (target / "messages.po").write_text(header + body, "utf-8")


def test_po_is_read_without_a_compile_step(tmp_path: Path) -> None:
    write_po(tmp_path, "vi", {"Lessons": "Bài học"})
    translations = load_translations(tmp_path, "vi")
    assert translations.gettext("Lessons") == "Bài học"
    assert translations.gettext("Not translated yet") == "Not translated yet"  # falls back to English


def test_territory_falls_back_to_language_catalog(tmp_path: Path) -> None:
    write_po(tmp_path, "vi", {"Lessons": "Bài học", "Quiz": "Bài kiểm tra"})
    write_po(tmp_path, "vi_VN", {"Lessons": "Các bài học"})
    translations = load_translations(tmp_path, "vi_VN")
    assert translations.gettext("Lessons") == "Các bài học"
    assert translations.gettext("Quiz") == "Bài kiểm tra"


def test_broken_catalog_falls_back_to_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "messages.po").write_bytes(b'msgid "a\nmsgstr "\xff')
    translations = load_translations(tmp_path, "vi")
    assert translations.gettext("Lessons") == "Lessons"


def test_set_locale_switches_gettext(tmp_path: Path) -> None:
    write_po(tmp_path, "vi", {"Lessons": "Bài học"})
    set_locale("vi", tmp_path)
    assert current_locale() == "vi"
    assert _("Lessons") == "Bài học"
    set_locale("en", tmp_path)
    assert _("Lessons") == "Lessons"


def test_plural_forms_in_english() -> None:
    set_locale("en")
    assert ngettext("{n} lesson", "{n} lessons", 1).format(n=1) == "1 lesson"
    assert ngettext("{n} lesson", "{n} lessons", 3).format(n=3) == "3 lessons"


def test_formatting_follows_the_locale() -> None:
    day = dt.date(2025, 10, 25)
    set_locale("en")
    assert format_number(1234.5) == "1,234.5"
    assert format_percent(0.756) == "76%"
    assert format_date(day) == "Oct 25, 2025"
    set_locale("vi")
    assert format_number(1234.5) == "1.234,5"
    assert format_percent(0.756) == "76%"
    assert format_date(day) == "25 thg 10, 2025"


@pytest.mark.parametrize("locale", ["en", "vi", "fr", "de"])
def test_cached_percentages_are_exactly_babels(locale: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first frame's percentages come from a cached table; they must be what Babel writes."""
    from course.i18n import formatting

    monkeypatch.setenv("CYBERCOURSE_CACHE_DIR", str(tmp_path / "cache"))
    formatting._percent_table.cache_clear()
    set_locale(locale)
    values = [0, 0.005, 0.015, 0.125, 0.135, 1 / 3, 2 / 3, 0.875, 0.625, 0.375, 0.999, 0.9951, 1.0, 1.005, -0.004, 2.5]
    first = [format_percent(v) for v in values]
    assert first == [formatting._babel_percent(v, 0, locale) for v in values]
    assert list((tmp_path / "cache" / "numbers").glob(f"percent-*-{locale}.json"))
    formatting._percent_table.cache_clear()  # as a new process would: read from the file
    assert [format_percent(v) for v in values] == first
    formatting._percent_table.cache_clear()


def test_an_edited_po_is_seen_on_the_next_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv("CYBERCOURSE_CACHE_DIR", str(tmp_path / "cache"))
    write_po(tmp_path / "locales", "vi", {"Lessons": "Bài học"})
    assert load_translations(tmp_path / "locales", "vi").gettext("Lessons") == "Bài học"
    assert list((tmp_path / "cache" / "catalogs").glob("*.mo"))  # compiled once, then cached
    po = tmp_path / "locales" / "vi" / "LC_MESSAGES" / "messages.po"
    stat = po.stat()
    po.write_text(po.read_text("utf-8").replace("Bài học", "Các bài"), "utf-8")  # same size
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_translations(tmp_path / "locales", "vi").gettext("Lessons") == "Các bài"


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("CYBERCOURSE_CACHE_DIR", str(blocker))
    write_po(tmp_path / "locales", "vi", {"Lessons": "Bài học"})
    assert load_translations(tmp_path / "locales", "vi").gettext("Lessons") == "Bài học"


@pytest.mark.parametrize(
    "locale", ["en", "vi", "fr", "de", "es", "pt", "ru", "zh", "ja", "ko", "th", "km", "lo", "id", "ms"]
)
def test_the_autonym_table_agrees_with_babel(locale: str) -> None:
    """The app names common languages without Babel at start-up; the names must be Babel's."""
    from babel import Locale

    from course.tui.session import AUTONYMS

    name = Locale.parse(locale).get_display_name(locale) or ""
    assert AUTONYMS[locale] == name[:1].upper() + name[1:]


def test_vietnamese_collation_orders_letters_then_tones() -> None:
    from course.i18n.collation import sort_key

    words = [
        "đình chỉ",
        "biện pháp",
        "ăn",
        "mạ",
        "ma",
        "Ma",
        "bảo quản",
        "mã",
        "an ninh",
        "dẫn độ",
        "ơ",
        "ô",
        "o",
        "mà",
    ]
    expected = ["an ninh", "ăn", "bảo quản", "biện pháp", "dẫn độ", "đình chỉ", "ma", "Ma", "mà", "mã", "mạ"]
    expected += ["o", "ô", "ơ"]
    assert sorted(words, key=lambda w: sort_key(w, "vi")) == expected
    # Code point order gets it wrong; English keeps letters before accents and case.
    assert sorted(["bảo", "biện"]) == ["biện", "bảo"]
    assert sorted(["résumé", "Resume", "rest", "resume"], key=lambda w: sort_key(w, "en")) == [
        "rest",
        "resume",
        "Resume",
        "résumé",
    ]


def test_vietnamese_collation_of_every_tone() -> None:
    from course.i18n.collation import sort_key

    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]  # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(reversed(tones), key=lambda w: sort_key(w, "vi")) == tones
    decomposed = "ma\u0301"  # sắc typed as a + combining acute: the same word
    assert sort_key(decomposed, "vi") == sort_key("má", "vi")

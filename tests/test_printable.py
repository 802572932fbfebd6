"""course.printable: stored text shown, never obeyed; cut by cells and graphemes; safe in a spreadsheet."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
import wcwidth
from hypothesis import example, given
from hypothesis import strategies as st

from course.printable import (
    PrintableStream,
    cell_width,
    clip,
    one_line,
    printable,
    printable_json,
    spreadsheet_cell,
    spreadsheet_row,
    without_unsafe,
)

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def dangerous(character: str) -> bool:
    """What must never reach a terminal, decided without the module under test."""
    return unicodedata.category(character) in ("Cc", "Cs") or character in BIDI


safe_text = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=BIDI + "\u2028\u2029"),
    max_size=200,
)


@given(st.text(max_size=300))
def test_printable_never_emits_a_control_c1_or_bidi_character(text: str) -> None:
    assert not any(dangerous(c) for c in printable(text))
    assert not any(dangerous(c) for c in without_unsafe(text))


@given(st.text(max_size=300))
def test_kept_newlines_are_the_only_exception(text: str) -> None:
    shown = printable(text, keep="\n")
    assert not any(dangerous(c) for c in shown.replace("\r\n", "").replace("\n", ""))
    assert shown.count("\r") == shown.count("\r\n")  # a CR only as part of a CR LF line end


def test_a_crlf_line_end_is_kept_with_newlines_and_a_lone_cr_is_not() -> None:
    assert printable("a,b\r\nc\rd\n", keep="\n") == "a,b\r\nc^Md\n"
    assert printable("a\r\nb") == "a^M^Jb"


@given(safe_text)
def test_printable_is_the_identity_on_safe_text(text: str) -> None:
    assert printable(text) == text
    assert without_unsafe(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]52;c;SGVsbG8=\x07", "^[]52;c;SGVsbG8=^G"),
        ("\x1b]2;pwned\x07", "^[]2;pwned^G"),
        ("\x1b[2J", "^[[2J"),
        ("abc\u202etxt.exe", "abc<U+202E>txt.exe"),
        ("\x9b31m", "<U+009B>31m"),
        ("a\x7fb\x00", "a^?b^@"),
        ("line\nbreak\ttab\r", "line^Jbreak^Itab^M"),
        ("\u2066x\u2069 \u200f \u061c", "<U+2066>x<U+2069> <U+200F> <U+061C>"),
    ],
)
def test_visible_forms(text: str, shown: str) -> None:
    assert printable(text) == shown


@pytest.mark.parametrize(
    "text",
    ["Nguyễn Văn An", "Nguye\u0302\u0303n", "👩🏽‍💻 👨‍👩‍👧", "🇻🇳", "中文 日本語", "e\u0301", "Ảnh 😀"],
)
def test_legitimate_text_is_untouched(text: str) -> None:
    assert printable(text) == text
    assert one_line(text) == text
    assert spreadsheet_cell(text) == text


@example(text="0\u10870", cells=2)  # a spacing mark measured alone is narrower than in the line
@given(st.text(max_size=120), st.integers(min_value=0, max_value=60))
def test_clip_fits_and_never_splits_a_grapheme(text: str, cells: int) -> None:
    text = printable(text)
    cut = clip(text, cells)
    assert cell_width(cut) <= cells
    if cut == text:
        return
    assert cut.endswith("…") or cells == 0
    kept = cut.removesuffix("…")
    assert (
        list(wcwidth.iter_graphemes(kept))
        == list(wcwidth.iter_graphemes(text))[: len(list(wcwidth.iter_graphemes(kept)))]
    )


@pytest.mark.parametrize(
    ("text", "cells", "expected"),
    [
        ("👩🏽‍💻" * 10, 7, "👩🏽‍💻👩🏽‍💻👩🏽‍💻…"),  # each takes two cells; the ZWJ sequence stays whole
        ("🇻🇳" * 10, 5, "🇻🇳🇻🇳…"),  # a flag is two regional indicators
        ("Nguye\u0302\u0303n Văn An", 6, "Nguye\u0302\u0303…"),  # combining marks stay with their letter
        ("中文中文中文", 6, "中文…"),
        ("A" * 10_000, 40, "A" * 39 + "…"),
        ("short", 40, "short"),
        ("toolong", 1, "…"),
    ],
)
def test_clip_examples(text: str, cells: int, expected: str) -> None:
    assert clip(text, cells) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'^ITab"),
        ("\rCR", "'^MCR"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("a=b", "a=b"),
    ],
)
def test_spreadsheet_cells_never_start_a_formula(cell: str, expected: str) -> None:
    assert spreadsheet_cell(cell) == expected


def test_numbers_written_by_the_program_stay_numbers() -> None:
    assert spreadsheet_row(["-Ann", -35.2, 0, "x"]) == ["'-Ann", -35.2, 0, "x"]


@given(
    st.recursive(
        st.text(max_size=20) | st.integers() | st.none(),
        lambda c: st.lists(c) | st.dictionaries(st.text(max_size=5), c),
        max_leaves=10,
    )
)
def test_json_carries_everything_exactly_and_nothing_raw(value: object) -> None:
    text = printable_json(value)
    assert not any(dangerous(c) for c in text.replace("\n", ""))
    assert json.loads(text) == value


def test_the_stream_shows_what_it_is_given_and_keeps_newlines() -> None:
    target = io.StringIO()
    stream = PrintableStream(target)
    stream.write("Ann\x1b]52;c;SGVsbG8=\x07\n")
    stream.writelines(["\u202eB\n"])
    assert target.getvalue() == "Ann^[]52;c;SGVsbG8=^G\n<U+202E>B\n"
    assert stream.getvalue() == target.getvalue()  # everything else is the wrapped stream's

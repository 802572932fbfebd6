"""Sorting words as a language's dictionaries do, without ICU.

Vietnamese orders letters `a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y`
(the letters a ă â, e ê, o ô ơ, u ư and d đ are different letters, not accented ones)
and compares tones only between words whose letters are the same, in the order
ngang, huyền, hỏi, ngã, sắc, nặng (`ma mà mả mã má mạ`), as CLDR's Vietnamese collation
does. Code point order gets both wrong: it puts `biện pháp` before `bảo quản` and `đ`
after `z`.
"""

from __future__ import annotations

import unicodedata

# Letter order; the foreign letters f j w z sit where the Latin alphabet puts them.
_VI_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VI_RANK = {letter: index for index, letter in enumerate(_VI_ALPHABET)}
# Marks that make a new letter (breve, circumflex, horn) vs. the five tones.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng

Key = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


def _vietnamese_key(text: str) -> Key:
    """(letters, tones, case): compared level by level, as a collation compares."""
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        tone = next((_TONES[mark] for mark in marks if mark in _TONES), 0)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
        lower = letter.lower()
        if lower in _VI_RANK:
            # Letters come after spaces, punctuation and digits (group 1 sorts before 2).
            primary.append((2, _VI_RANK[lower]))
        elif lower.isspace():
            primary.append((0, 0))
        else:
            primary.append((1, ord(lower)))
        tones.append(tone)
        cases.append(0 if letter == lower else 1)
    return tuple(primary), tuple(tones), tuple(cases)


def _default_key(text: str) -> Key:
    """Letters without their accents first, then accents, then case: `resume Resume résumé`."""
    primary: list[tuple[int, int]] = []
    accents: list[int] = []
    cases: list[int] = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        lower = base.lower()
        primary.append((0, 0) if lower.isspace() else (1, ord(lower)))
        accents.append(sum(ord(mark) for mark in decomposed[1:]))
        cases.append(0 if base == lower else 1)
    return tuple(primary), tuple(accents), tuple(cases)


def sort_key(text: str, locale: str) -> Key:
    """A key that sorts `text` as `locale`'s dictionaries do (Vietnamese and the Latin default)."""
    if locale.split("_")[0].split("-")[0] == "vi":
        return _vietnamese_key(text)
    return _default_key(text)

"""Comparing what a trainee typed with what is accepted: text and numbers."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

_SPACES = re.compile(r"\s+")
# Punctuation a trainee may add around an answer ("Budapest.", "«Hà Nội»") but that
# never changes its meaning.
_EDGE_PUNCTUATION = " \t\n.,;:!?\"'«»“”‘’()[]{}-–—…"


def normalize_text(text: str) -> str:
    """Composed (NFC), case-folded, spaces collapsed, surrounding punctuation removed."""
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text).strip(_EDGE_PUNCTUATION)
    return text.casefold()


def strip_diacritics(text: str) -> str:
    """`Hà Nội` -> `Ha Noi`, `đ` -> `d`: how Vietnamese is typed without an input method."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def text_matches(typed: str, accepted: list[str], *, exact: bool, without_diacritics: bool) -> bool:
    if exact:
        given = unicodedata.normalize("NFC", typed).strip()
        return any(given == unicodedata.normalize("NFC", a).strip() for a in accepted)
    given = normalize_text(typed)
    candidates = {normalize_text(a) for a in accepted}
    if given in candidates:
        return True
    if without_diacritics:
        plain = strip_diacritics(given)
        return plain in {strip_diacritics(c) for c in candidates}
    return False


def parse_number(text: str, locale: str) -> Decimal | None:
    """A number as the trainee's locale writes it (`1,5` in Vietnamese, `1.5` in English).

    Plain digits with a dot are accepted in every locale, since that is how most keyboards
    and calculators write them, unless the locale uses the dot to group thousands and the
    text looks like grouping (`1.500` in Vietnamese is fifteen hundred).
    """
    cleaned = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    cleaned = _SPACES.sub("", cleaned)
    if not cleaned:
        return None
    try:
        return parse_decimal(cleaned, locale=locale, strict=True)
    except (NumberFormatError, ValueError):
        pass
    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    if group == "." and re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        return Decimal(cleaned.replace(".", ""))
    if (decimal != "." and re.fullmatch(r"-?\d+\.\d+", cleaned)) or re.fullmatch(r"-?\d+", cleaned):
        try:
            return Decimal(cleaned)
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            return None
    return None

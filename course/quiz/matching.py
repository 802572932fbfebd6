"""Comparing what a trainee typed with what is accepted: text and numbers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

from course.content.answer_text import articles_of, normalize_text, significant_words, strip_diacritics

__all__ = ["normalize_text", "parse_number", "strip_diacritics", "text_matches"]

_SPACES = re.compile(r"\s+")


def text_matches(
    typed: str,
    accepted: Mapping[str, Sequence[str]],
    *,
    exact: bool,
    without_diacritics: bool,
    optional: Mapping[str, Sequence[str]] | None = None,
) -> bool:
    """Whether `typed` is one of the answers `accepted` lists, in any language.

    Each accepted answer is compared in its own language's terms: a leading article of that
    language ("the" in English) and the words `optional` lists for that language may be
    present or absent. Which language the interface speaks never changes what is accepted.
    """
    if exact:
        as_typed = unicodedata.normalize("NFC", typed).strip()
        return any(
            as_typed == unicodedata.normalize("NFC", a).strip() for answers in accepted.values() for a in answers
        )
    optional = optional or {}
    for locale, answers in accepted.items():
        extra, articles = optional.get(locale, ()), articles_of(locale)
        given = significant_words(typed, extra, articles)
        candidates = {significant_words(a, extra, articles) for a in answers}
        if given in candidates:
            return True
        if without_diacritics:
            plain = significant_words(strip_diacritics(typed), [strip_diacritics(o) for o in extra], articles)
            if plain in {tuple(strip_diacritics(w) for w in c) for c in candidates}:
                return True
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

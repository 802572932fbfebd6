"""How a typed answer is reduced before it is compared: the one definition, for grading and checks.

It lives with the content (not in `course.quiz`) because `validate` uses it too: an accepted
answer made only of optional words would accept anything made of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# Punctuation a trainee may add around an answer ("Budapest.", "«Hà Nội»") but that
# never changes its meaning.
_EDGE_PUNCTUATION = " \t\n.,;:!?\"'«»“”‘’()[]{}-–—…"

# Articles a trainee may put before an answer ("the General Assembly"), per language of the
# accepted answer they are compared with. Vietnamese has none.
LEADING_ARTICLES: dict[str, tuple[str, ...]] = {"en": ("the", "a", "an")}


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


def articles_of(locale: str) -> tuple[str, ...]:
    return LEADING_ARTICLES.get(locale.split("_")[0], ())


def words(text: str) -> tuple[str, ...]:
    """The words of a text, case-folded, punctuation dropped: `U.S., New York` -> (u, s, new, york)."""
    return tuple(_WORD.findall(normalize_text(text)))


def significant_words(text: str, optional: Iterable[str] = (), articles: Iterable[str] = ()) -> tuple[str, ...]:
    """The words that must match: without a leading article and without any optional word or phrase.

    Optional phrases are removed as whole words wherever they stand, longest first, so that
    `của Liên Hợp Quốc` goes before `Liên Hợp Quốc` would.
    """
    leading = set(articles)
    found = _drop_article(words(text), leading)
    phrases = sorted({p for p in (words(o) for o in optional) if p}, key=len, reverse=True)
    for phrase in phrases:
        found = _without(found, phrase)
    return _drop_article(found, leading)


def _drop_article(found: tuple[str, ...], leading: set[str]) -> tuple[str, ...]:
    return found[1:] if len(found) > 1 and found[0] in leading else found


def _without(found: tuple[str, ...], phrase: tuple[str, ...]) -> tuple[str, ...]:
    kept: list[str] = []
    i, size = 0, len(phrase)
    while i < len(found):
        if found[i : i + size] == phrase:
            i += size
        else:
            kept.append(found[i])
            i += 1
    return tuple(kept)

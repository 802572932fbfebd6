"""Learner names: what a valid one is, and when two names are the same learner.

Names are stored NFC: `Nguyễn An` typed with precomposed letters and typed with combining
marks (as some input methods send it) is one name. Two names are the same learner when they
are equal after NFC and case folding (`An` and `AN`), so the profile list never shows two
learners that a trainee cannot tell apart (joiners and variation selectors are left out of
that comparison too).

A name is text a person reads: control characters and direction overrides, which could
disguise or rewrite a screen, are refused, and so are invisible characters that would make
two different names look alike (a zero-width space). The joiners that build one visible
character (the zero-width joiner in 👩🏽‍💻, the non-joiner some scripts need, the tags of a
subdivision flag) are kept when they sit inside a character, between two visible ones.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 40

# Direction controls: embeddings, overrides, isolates and marks (Cf, but never harmless here).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: legitimate inside a grapheme cluster
TAGS = range(0xE0020, 0xE0080)  # emoji tag sequences (subdivision flags) follow their base character
# Format characters (not "printable" to Python) that belong inside one visible character.
JOINING = frozenset({*JOINERS, *map(chr, TAGS)})


class NameProblem(Exception):
    """Why a name cannot be used; `kind` is one of "empty", "long", "control"."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def tidy(name: str) -> str:
    """NFC, with runs of white space (of any kind) made one space and the ends trimmed."""
    return " ".join(unicodedata.normalize("NFC", name).split())


# Left out of the comparison: they change how a character is drawn, not which one it is, so
# names differing only in them would look alike (or nearly) in the list of learners.
INVISIBLE_IN_KEYS = dict.fromkeys([*map(ord, JOINERS), *range(0xFE00, 0xFE10)])


def name_key(name: str) -> str:
    """What two names must share to be the same learner: NFC, case folded, joiners left out."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFD", tidy(name)).casefold())
    return folded.translate(INVISIBLE_IN_KEYS)


def _inside_a_character(name: str, index: int) -> bool:
    """Whether the joiner or tag at `index` is part of a visible character, not on its own."""
    before = name[index - 1] if index > 0 else " "
    after = name[index + 1] if index + 1 < len(name) else " "
    if ord(name[index]) in TAGS:
        return not before.isspace()  # a tag follows its base (or another tag); the last one ends it
    return not before.isspace() and not after.isspace()


def check(name: str) -> str:
    """The name as stored (see `tidy`), or NameProblem."""
    name = tidy(name)
    if not name:
        raise NameProblem("empty")
    if len(name) > MAX_NAME_LENGTH:
        raise NameProblem("long")
    for index, char in enumerate(name):
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char in BIDI_CONTROLS:
            raise NameProblem("control")
        if category == "Cf" and not ((char in JOINERS or ord(char) in TAGS) and _inside_a_character(name, index)):
            raise NameProblem("control")
    return name


def distinct_names(profiles: list[tuple[int, str]]) -> dict[int, str]:
    """Names for existing profiles (oldest first) that are tidy and pairwise distinct.

    Used once, when a progress file made before names were compared this way is opened:
    a profile whose name is the same learner as an older one's (it was typed another way,
    or differs only in capitals) gets " (2)", " (3)"... appended. Nothing is merged, so no
    one's progress is lost. Returns only the profiles whose stored name changes.
    """
    taken: set[str] = set()
    changed: dict[int, str] = {}
    for profile_id, stored in profiles:
        name = tidy(stored) or stored
        candidate, number = name, 1
        while name_key(candidate) in taken:
            number += 1
            candidate = f"{name} ({number})"
        taken.add(name_key(candidate))
        if candidate != stored:
            changed[profile_id] = candidate
    return changed

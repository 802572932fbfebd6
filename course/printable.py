"""Text from a progress file or a content file, made safe to show: on a terminal, in a table, in a spreadsheet.

Progress files travel (instructors collect them from trainees' machines) and names and
typed answers in them are whatever was written there. A control character sent to a
terminal is a command, not text: ESC starts sequences that set the clipboard (OSC 52), the
window title (OSC 2) or clear the screen; C1 characters (U+0080-U+009F) do the same on some
terminals; bidirectional controls reorder what is shown, so a name can pose as another. Here
each of them is replaced by a visible form (`^[` for ESC, `<U+202E>` for RIGHT-TO-LEFT
OVERRIDE); every other character, Vietnamese, CJK and emoji sequences included, is kept.

No Textual and nothing heavy at import: every layer may use this module (wcwidth, for
widths and grapheme clusters, is imported only when a long text must be cut).
"""

from __future__ import annotations

import functools
import json
import re
from typing import IO, Any

# C0 controls (tab and newline too: callers that want them say so), DEL, C1 controls, the
# bidirectional controls (embeddings, overrides, isolates, marks), the line and paragraph
# separators (a line break to some programs), and lone surrogates (they cannot be encoded,
# so writing one would fail).
_UNSAFE_RANGES = (
    (0x00, 0x1F),
    (0x7F, 0x9F),
    (0x061C, 0x061C),
    (0x200E, 0x200F),
    (0x2028, 0x2029),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
)
_SURROGATES = (0xD800, 0xDFFF)


def _character_class(keep: str = "", surrogates: bool = True) -> re.Pattern[str]:
    """The unsafe ranges as one character class, less the characters of `keep`."""
    ranges = [*_UNSAFE_RANGES, _SURROGATES] if surrogates else list(_UNSAFE_RANGES)
    for code in sorted(map(ord, set(keep))):
        ranges = [
            part
            for lo, hi in ranges
            for part in (((lo, code - 1), (code + 1, hi)) if lo <= code <= hi else ((lo, hi),))
            if part[0] <= part[1]
        ]
    return re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in ranges) + "]")


UNSAFE = _character_class()
ELLIPSIS = "…"
# Cells a learner's name takes at most in headers, lists and tables: a name typed in the
# course has at most 40 characters; one written into a progress file by other means is cut.
NAME_CELLS = 40
# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def visible(character: str) -> str:
    """The visible form of one unsafe character: `^[` for ESC (as `cat -v`), else `<U+202E>`."""
    code = ord(character)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def find_unsafe(text: str, keep: str = "") -> int | None:
    """Index of the first character `printable` would replace (None if there is none)."""
    found = unsafe_pattern(keep).search(text)
    return None if found is None else found.start()


@functools.cache
def unsafe_pattern(keep: str = "", surrogates: bool = True) -> re.Pattern[str]:
    """UNSAFE less the characters of `keep`, as one character class (the loader checks every text).

    Without `surrogates` for text that cannot hold them (YAML), and for a JSON Schema pattern,
    where JavaScript would take them for halves of every emoji.
    """
    return _character_class(keep, surrogates) if keep or not surrogates else UNSAFE


def printable(text: str, keep: str = "") -> str:
    """`text` with every control, C1 and bidi character shown visibly; identity on safe text.

    `keep` names characters to leave as they are: "\\n" for text shown over several lines
    (a line end written as CR LF, as CSV writes it, is kept then too).
    """
    if UNSAFE.search(text) is None:
        return text
    pattern = _unsafe_or_crlf() if "\n" in keep else UNSAFE
    return pattern.sub(lambda m: m.group() if m.group() in keep or m.group() == "\r\n" else visible(m.group()), text)


@functools.cache
def _unsafe_or_crlf() -> re.Pattern[str]:
    return re.compile("\r\n|" + UNSAFE.pattern)


def without_unsafe(text: str) -> str:
    """`text` with every control, C1 and bidi character removed (for text being typed or pasted)."""
    return UNSAFE.sub("", text)


def cell_width(text: str) -> int:
    """Terminal cells `text` takes (CJK and most emoji take two, combining marks none)."""
    if text.isascii():
        return len(text)
    import wcwidth

    return max(0, wcwidth.width(text))


def clip(text: str, cells: int) -> str:
    """`text` cut to at most `cells` terminal cells, ending with an ellipsis when cut.

    Cuts between grapheme clusters only, so a letter keeps its accents and an emoji
    sequence (👩🏽‍💻, 🇻🇳) stays whole. `text` should already be `printable`.
    """
    if len(text) * 2 <= cells or (text.isascii() and len(text) <= cells):
        return text  # the usual case, decided without measuring
    if cells <= 0:
        return ""
    if cell_width(text) <= cells:
        return text
    import wcwidth

    room = cells - cell_width(ELLIPSIS)
    kept: list[str] = []
    used = 0
    for cluster in wcwidth.iter_graphemes(text):
        width = cell_width(cluster)
        if used + width > room:
            break
        kept.append(cluster)
        used += width
    # A cluster's width alone can differ from its width in the line (a spacing mark such as
    # U+1087 after a digit): the line as it will be drawn is what must fit.
    while kept and cell_width("".join(kept) + ELLIPSIS) > cells:
        kept.pop()
    return "".join(kept) + ELLIPSIS


def one_line(text: str, cells: int = NAME_CELLS) -> str:
    """Stored text (a learner's name, a typed answer) for one line of a header, list or table."""
    return clip(printable(text), cells)


def pad(text: str, cells: int) -> str:
    """`text` followed by spaces up to `cells` terminal cells (`str.ljust` counts code points)."""
    return text + " " * max(0, cells - cell_width(text))


def spreadsheet_cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula.

    A cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, as
    OWASP's CSV-injection guidance says; control characters are shown visibly. Numbers the
    program writes itself are not text cells: write them as numbers, not through here.
    """
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return printable(text)


def spreadsheet_row(row: list[Any]) -> list[Any]:
    """A CSV row with every text cell through `spreadsheet_cell`; numbers are left as numbers."""
    return [spreadsheet_cell(cell) if isinstance(cell, str) else cell for cell in row]


def printable_json(value: Any, indent: int | None = 2) -> str:
    """`value` as JSON with every unsafe character escaped (`\\u202e`), the rest as written.

    `json.dumps(ensure_ascii=False)` escapes C0 controls but writes DEL, C1 and bidi
    characters raw; inside a JSON string a `\\uXXXX` escape means the same character, and
    outside strings JSON holds none of them but the newlines of its indentation (inside
    strings, json escapes newlines itself), so escaping the rest is exact.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return UNSAFE.sub(lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)


class PrintableStream:
    """A text stream (stdout, stderr) that shows unsafe characters visibly; newlines pass.

    The command line writes through it, so a string that reaches a terminal by a path no one
    thought of is still shown, not obeyed. Everything but `write` is the wrapped stream's.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text, keep="\n"))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

"""Pieces of GIFT text: finding unescaped markers, `[format]` markers, and texts made Markdown."""

from __future__ import annotations

import re

from course.exchange.gift import unescape
from course.exchange.markup import FORMAT_NAMES, as_markdown
from course.exchange.neutral import Exchanged, Read, refused_note
from course.i18n import _

_MARKER = re.compile(r"^\[([a-z]+)\]", re.IGNORECASE)


def find_unescaped(text: str, target: str, start: int = 0) -> int:
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(target, index):
            return index
        index += 1
    return -1


def rfind_unescaped(text: str, target: str) -> int:
    found, index = -1, find_unescaped(text, target)
    while index >= 0:
        found, index = index, find_unescaped(text, target, index + 1)
    return found


def split_unescaped(text: str, separators: str) -> list[tuple[str, str]]:
    """`text` cut before each unescaped separator: [(separator, piece)], the first separator ''."""
    pieces: list[tuple[str, str]] = []
    marker = ""
    buffer: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            buffer.append(text[index : index + 2])
            index += 2
            continue
        if char in separators:
            pieces.append((marker, "".join(buffer)))
            marker, buffer = char, []
        else:
            buffer.append(char)
        index += 1
    pieces.append((marker, "".join(buffer)))
    return pieces


def text_format(text: str, default: str) -> tuple[str, str]:
    """A text and its Moodle format, read from a leading `[format]` marker as Moodle does."""
    marker = _MARKER.match(text)
    if marker and marker.group(1).lower() in FORMAT_NAMES:
        return text[marker.end() :], FORMAT_NAMES[marker.group(1).lower()]
    return text, default


def convert(raw: str, default: str, item: Exchanged, found: Read, marked: bool = True) -> str:
    """An escaped GIFT text (with its own marker when `marked`) as Markdown; images are said to be lost."""
    text, fmt = text_format(raw.strip(), default) if marked else (raw, default)
    result, images = as_markdown(unescape(text) if marked else text, fmt)
    if images:
        found.skipped.append(
            refused_note(item.name, item.line, _("images are not imported; the text still mentions them"))
        )
    return result

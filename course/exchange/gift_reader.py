"""Reading GIFT as Moodle reads it (question/format/gift): every question Moodle would import, the same way.

Questions are paragraphs; `//` lines are comments (Moodle's `[id:...]` and `[tag:...]` in them
are read, and cybercourse's own `cybercourse:` comment); `$CATEGORY:` names the category. The
answer section decides the type as Moodle decides it, weights (`%50%`) are grades on every
type, and `[html]`, `[moodle]`, `[plain]`, `[markdown]` markers are read on the question text,
the general feedback, each answer and each feedback (a text without one takes the question's
format). One question that cannot be read is named with its line; the others are imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.exchange.gift import unescape
from course.exchange.gift_answers import parse_answers
from course.exchange.gift_text import convert, find_unescaped, rfind_unescaped, text_format
from course.exchange.markup import category_parts
from course.exchange.neutral import (
    META_PREFIX,
    QUIZ_META_PREFIX,
    Exchanged,
    Read,
    Refused,
    json_object,
    refused_note,
    slug,
)
from course.i18n import _

_MOODLE_NAME = re.compile(r"^question: \d+\s+name: (.*)$")  # Moodle's export writes one above each question
_ID_TAG = re.compile(r"\[(id|tag):((?:[^\]\\]|\\.)*)\]")


@dataclass
class _Block:
    line: int
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    category: list[str] = field(default_factory=list)
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)
    moodle_name: str = ""


def _depth(line: str) -> int:
    """Unescaped `{` minus `}` on a line."""
    return (line.count("{") - line.count("\\{")) - (line.count("}") - line.count("\\}"))


def _aside(line: str) -> bool:
    """A comment or a category line: its braces are text, not an answer section."""
    return line.strip().startswith(("//", "$CATEGORY:"))


def _paragraphs(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Moodle's questions: runs of lines between blank lines. A run whose `{` closes only after a
    blank line takes the runs up to the close (lenient where Moodle is not); one that never
    closes stays alone, so it alone is refused."""
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    merged: list[list[tuple[int, str]]] = []
    index = 0
    while index < len(runs):
        run = runs[index]
        depth = sum(_depth(text) for _n, text in run if not _aside(text))
        end = index
        while depth > 0 and end + 1 < len(runs):
            end += 1
            depth += sum(_depth(text) for _n, text in runs[end] if not _aside(text))
        if depth <= 0 and end > index:
            run = [pair for r in runs[index : end + 1] for pair in r]
            index = end
        merged.append(run)
        index += 1
    return merged


class _Collector:
    """Lines of questions in the making, with the comments that go with them."""

    def __init__(self) -> None:
        self.blocks: list[_Block] = []
        self.lines: list[str] = []
        self.start = 0
        self.meta: dict[str, Any] = {}
        self.idnumber = ""
        self.tags: list[str] = []
        self.category: list[str] = []
        self.moodle_name = ""

    def flush(self) -> None:
        if self.lines:
            text = "\n".join(self.lines).strip()
            block = _Block(self.start, text, self.meta, self.category, self.idnumber, self.tags, self.moodle_name)
            self.blocks.append(block)
            self.meta, self.idnumber, self.tags, self.lines, self.moodle_name = {}, "", [], [], ""


def _blocks(text: str, path: Path, found: Read) -> list[_Block]:
    out = _Collector()
    for run in _paragraphs(text.split("\n")):
        depth, answered = 0, False
        for number, line in run:
            stripped = line.strip()
            if stripped.startswith("//"):
                comment = stripped[2:].strip()
                if comment.startswith(QUIZ_META_PREFIX):
                    found.quiz_meta = _json(comment[len(QUIZ_META_PREFIX) :], path, number, found) or {}
                elif comment.startswith(META_PREFIX):
                    out.meta = _json(comment[len(META_PREFIX) :], path, number, found) or {}
                named = _MOODLE_NAME.match(comment)
                if named:
                    out.moodle_name = named.group(1).strip()
                for kind, value in _ID_TAG.findall(comment):
                    if kind == "id":
                        out.idnumber = unescape(value).strip()
                    else:
                        out.tags.append(unescape(value).strip())
                continue
            if depth == 0 and stripped.startswith("$CATEGORY:"):
                out.flush()
                out.category = category_parts(stripped[len("$CATEGORY:") :])
                found.categories.append(out.category)
                continue
            if depth == 0 and answered and stripped.startswith("::"):
                out.flush()  # a new titled question with no blank line before it, as Moodle's users mean it
            if not out.lines:
                out.start, answered = number, False
            out.lines.append(line)
            depth = max(0, depth + _depth(line))
            answered = answered or "{" in line
        out.flush()
    return out.blocks


def _json(text: str, path: Path, line: int, found: Read) -> dict[str, Any] | None:
    value = json_object(text)
    if value is None:
        found.notes.append(
            _("line {line}: the cybercourse comment is not valid JSON; the question is read as Moodle reads it").format(
                line=line
            )
        )
        return None
    return value


def read(text: str, path: Path) -> Read:
    """The questions of a GIFT file, its categories, the quiz's carried fields, and what was left out."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    found = Read([])
    for number, block in enumerate(_blocks(text, path, found), start=1):
        name = _("question {n}").format(n=number)
        try:
            item = _question(block, name, found)
        except Refused as refusal:
            found.skipped.append(refused_note(_label(block, name), block.line, str(refusal)))
            continue
        if item is not None:
            found.items.append(item)
    return found


def _label(block: _Block, name: str) -> str:
    """How messages name a question: its title, else the name Moodle's export gave it, else its number."""
    end = find_unescaped(block.text, "::", 2) if block.text.startswith("::") else -1
    title = unescape(block.text[2:end]).strip() if end >= 0 else ""
    return title or block.moodle_name or name


def _question(block: _Block, name: str, found: Read) -> Exchanged | None:
    source = block.text
    title = ""
    if source.startswith("::"):
        end = find_unescaped(source, "::", 2)
        if end < 0:
            raise Refused(_("the title '::' is not closed"))
        title = unescape(source[2:end]).strip()
        source = source[end + 2 :].lstrip()
    label = title or block.moodle_name or name
    opening = find_unescaped(source, "{")
    closing = find_unescaped(source, "}", max(opening, 0))
    if opening < 0 and find_unescaped(source, "}") < 0:
        found.skipped.append(refused_note(label, block.line, _("a description without answers; not a question")))
        return None
    if opening < 0:
        raise Refused(_("a '}' has no '{' before it"))
    if closing < 0:
        raise Refused(_("a '{' is never closed"))
    if source[opening + 1 :].lstrip().startswith(">"):
        closing = source.rfind("}")  # an ordering question's items are raw lines
    before, inside, after = source[:opening], source[opening + 1 : closing].strip(), source[closing + 1 :]
    prompt, prompt_format = text_format(unescape(before).strip(), "moodle")
    if after.strip():
        prompt = f"{prompt} _____ {unescape(after).strip()}"  # a missing-word question
    meta = dict(block.meta)
    if block.tags and "tags" not in meta:
        meta["tags"] = [t for t in (slug(x) for x in block.tags) if t]
    item = Exchanged(
        id=str(meta.get("id") or slug(block.idnumber) or slug(title or block.moodle_name) or ""),
        type="",
        prompt=prompt,
        meta=meta,
        line=block.line,
        name=label,
        category=block.category,
    )
    if not inside.startswith(">"):
        general = rfind_unescaped(inside, "####")
        if general >= 0:
            item.explanation = convert(inside[general + 4 :], prompt_format, item, found)
            inside = inside[:general].strip()
    item.prompt = convert(item.prompt, prompt_format, item, found, marked=False)
    if not inside:
        found.skipped.append(
            refused_note(label, block.line, _("an essay question has no answer key to check; left out"))
        )
        return None
    parse_answers(item, inside, prompt_format, found)
    return item

"""GIFT, Moodle's plain-text question format: writing a bank out, reading one in.

Writing: one question per paragraph, `::id::[markdown]text{answers}`, special characters
escaped (`~ = # { } :` and backslash), newlines as `\\n`. Reading follows Moodle's
documentation: `//` comments, `$CATEGORY:` lines, questions over several lines, blank lines
between questions, `::title::`, `[format]` markers, and every answer syntax the seven
cybercourse types can use. GIFT has no ordering questions and no extra matching answers;
those are reported by name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from course.exchange.neutral import (
    META_PREFIX,
    Answer,
    Exchanged,
    ExchangeError,
    Exported,
    category_title,
    html_to_markdown,
    slug,
)
from course.i18n import _, ngettext

SPECIAL = "\\~=#{}:"
_FORMAT = re.compile(r"^\[(markdown|html|plain|moodle)\]", re.IGNORECASE)


def escape(text: str) -> str:
    out = "".join("\\" + c if c in SPECIAL else c for c in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def unescape(text: str) -> str:
    result = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            result.append("\n" if following == "n" else following)
            index += 2
            continue
        result.append(char)
        index += 1
    return "".join(result)


def _number(value: float) -> str:
    return format(value, "g")


def _percent(fraction: float) -> str:
    value = round(fraction * 100, 5)
    return f"%{value:g}%"


# -- writing -------------------------------------------------------------------------------------


def write(items: list[Exchanged], category: str = "") -> Exported:
    """GIFT text for `items`, and what could not be written (by question id)."""
    lines: list[str] = []
    unmapped: list[str] = []
    written: list[str] = []
    if category:
        lines += [f"$CATEGORY: {category}", ""]
    for item in items:
        body = _answers(item, unmapped)
        if body is None:
            continue
        lines.append("// " + item.meta_comment())
        lines.append(f"::{escape(item.id)}::[markdown]{escape(item.prompt)}{{{body}}}")
        lines.append("")
        written.append(item.id)
    return Exported("\n".join(lines), written, unmapped)


def _answers(item: Exchanged, unmapped: list[str]) -> str | None:
    general = f" ####{escape(item.explanation)}" if item.explanation else ""
    if item.hint:
        item.meta["hint"] = item.hint  # GIFT has no hints; Moodle ignores the comment, we do not
    if item.type == "single_choice":
        parts = [
            ("=" if a.fraction > 0 else "~") + escape(a.text) + (f"#{escape(a.feedback)}" if a.feedback else "")
            for a in item.answers
        ]
        return " ".join(parts) + general
    if item.type == "multiple_choice":
        parts = [
            f"~{_percent(a.fraction)}{escape(a.text)}" + (f"#{escape(a.feedback)}" if a.feedback else "")
            for a in item.answers
        ]
        if item.meta.get("scoring") == "all_or_nothing":
            unmapped.append(
                _("{id}: scoring all_or_nothing has no GIFT equivalent; Moodle will give partial credit").format(
                    id=item.id
                )
            )
        return " ".join(parts) + general
    if item.type == "true_false":
        return ("TRUE" if item.truth else "FALSE") + general
    if item.type == "short_answer":
        return " ".join("=" + escape(a.text) for a in item.answers) + general
    if item.type == "numeric":
        if item.unit:
            item.meta["unit"] = item.unit
        tolerance = f":{_number(item.tolerance)}" if item.tolerance else ""
        return f"#{_number(item.value or 0)}{tolerance}" + general
    if item.type == "matching":
        if item.distractors:
            unmapped.append(
                ngettext(
                    "{id}: GIFT matching has no extra answers; {n} distractor was left out",
                    "{id}: GIFT matching has no extra answers; {n} distractors were left out",
                    len(item.distractors),
                ).format(id=item.id, n=len(item.distractors))
            )
        return " ".join(f"={escape(a.text)} -> {escape(a.right)}" for a in item.answers) + general
    unmapped.append(
        _("{id}: GIFT has no {type} questions; export to Moodle XML instead").format(id=item.id, type=item.type)
    )
    return None


# -- reading -------------------------------------------------------------------------------------


@dataclass
class _Block:
    line: int
    text: str
    meta: dict[str, object] = field(default_factory=dict)
    category: str = ""


def _blocks(text: str, path: Path) -> tuple[list[_Block], str]:
    """Questions (with their starting line) and the last category named in the file."""
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    meta: dict[str, object] = {}
    category = ""
    depth = 0
    answered = False  # the current block has had its {answers}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("//"):  # a comment line, even inside a question (as Moodle reads it)
            comment = stripped[2:].strip()
            if depth == 0 and comment.startswith(META_PREFIX):
                try:
                    meta = json.loads(comment[len(META_PREFIX) :])
                except ValueError:
                    raise ExchangeError(
                        _("{path}:{line}: the cybercourse comment is not valid JSON").format(path=path, line=number)
                    ) from None
            continue
        if depth == 0 and stripped.upper().startswith("$CATEGORY:"):
            category = category_title(stripped.split(":", 1)[1])
            continue
        if not stripped and depth == 0:
            if current:
                blocks.append(_Block(start, "\n".join(current), meta, category))
                current, meta = [], {}
            continue
        if current and depth == 0 and answered and stripped.startswith("::"):
            # A new titled question with no blank line before it: read as Moodle's users mean it.
            blocks.append(_Block(start, "\n".join(current), meta, category))
            current, meta = [], {}
        if not current:
            start, answered = number, False
        current.append(line)
        depth = _depth_after(line, depth)
        answered = answered or "{" in line
    if depth:
        raise ExchangeError(_("{path}:{line}: a '{{' is never closed in this question").format(path=path, line=start))
    if current:
        blocks.append(_Block(start, "\n".join(current), meta, category))
    return blocks, category


def _depth_after(line: str, depth: int) -> int:
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        index += 1
    return depth


def _split_unescaped(text: str, separators: str) -> list[tuple[str, str]]:
    """`text` cut before each unescaped separator: [(separator, piece)], first separator ''."""
    pieces: list[tuple[str, str]] = []
    marker = ""
    buffer = []
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


def _find_unescaped(text: str, target: str, start: int = 0) -> int:
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(target, index):
            return index
        index += 1
    return -1


def read(text: str, path: Path) -> tuple[list[Exchanged], str, list[str]]:
    """Questions in a GIFT file, its category, and notes on what was left out (by name)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    blocks, category = _blocks(text, path)
    items: list[Exchanged] = []
    skipped: list[str] = []
    for number, block in enumerate(blocks, start=1):
        item = _question(block, path, number, skipped)
        if item is not None:
            items.append(item)
    return items, category, skipped


def _question(block: _Block, path: Path, number: int, skipped: list[str]) -> Exchanged | None:
    item = _parse(block, path, number, skipped)
    if item is not None and item.markup == "html":
        images = 0
        for text_owner, attribute in [(item, "prompt"), (item, "explanation")] + [
            (answer, key) for answer in item.answers for key in ("text", "feedback", "right")
        ]:
            converted, count = html_to_markdown(getattr(text_owner, attribute))
            setattr(text_owner, attribute, converted)
            images += count
        if images:
            skipped.append(
                _("{name} (line {line}): images are not imported; the text still mentions them").format(
                    name=item.id or _("question {n}").format(n=number), line=block.line
                )
            )
    return item


def _parse(block: _Block, path: Path, number: int, skipped: list[str]) -> Exchanged | None:
    source = block.text.strip()
    title = ""
    if source.startswith("::"):
        end = _find_unescaped(source, "::", 2)
        if end < 0:
            raise ExchangeError(_("{path}:{line}: the title '::' is not closed").format(path=path, line=block.line))
        title = unescape(source[2:end]).strip()
        source = source[end + 2 :].lstrip()
    form = _FORMAT.match(source)
    source = _FORMAT.sub("", source, count=1)
    opening = _find_unescaped(source, "{")
    name = title or _("question {n}").format(n=number)
    if opening < 0:
        skipped.append(
            _("{name} (line {line}): a description without answers; not a question").format(name=name, line=block.line)
        )
        return None
    closing = _find_unescaped(source, "}", opening)
    if closing < 0:
        raise ExchangeError(
            _("{path}:{line}: a '{{' is never closed in this question").format(path=path, line=block.line)
        )
    before, inside, after = source[:opening], source[opening + 1 : closing].strip(), source[closing + 1 :]
    prompt = unescape(before).strip()
    if after.strip():
        prompt = f"{prompt} _____ {unescape(after).strip()}"  # a missing-word question
    meta = dict(block.meta)
    identifier = str(meta.get("id") or slug(title) or "")
    item = Exchanged(id=identifier, type="", prompt=prompt, meta=meta, line=block.line)
    if form is not None and form.group(1).lower() == "html":
        item.markup = "html"
    general = _find_unescaped(inside, "####")
    if general >= 0:
        item.explanation = unescape(inside[general + 4 :]).strip()
        inside = inside[:general].strip()
    item.hint = str(meta.get("hint", ""))
    item.unit = str(meta.get("unit", ""))
    if not inside:
        skipped.append(
            _("{name} (line {line}): an essay question has no answer key to check; left out").format(
                name=name, line=block.line
            )
        )
        return None
    if inside.startswith("#"):
        return _numeric(item, inside[1:], path, skipped, name)
    word_and_feedback = _split_unescaped(inside, "#")
    word = word_and_feedback[0][1].strip().upper()
    if word in ("T", "TRUE", "F", "FALSE"):
        item.type = "true_false"
        item.truth = word in ("T", "TRUE")
        if any(piece.strip() for _marker, piece in word_and_feedback[1:]):
            skipped.append(_lost_feedback(name, block.line))
        return item
    answers = [(marker, piece) for marker, piece in _split_unescaped(inside, "=~") if marker]
    if not answers:
        raise ExchangeError(
            _("{path}:{line}: no answers found between '{{' and '}}'").format(path=path, line=block.line)
        )
    if all(marker == "=" and _find_unescaped(piece, "->") >= 0 for marker, piece in answers):
        item.type = "matching"
        for _marker, piece in answers:
            arrow = _find_unescaped(piece, "->")
            item.answers.append(
                Answer(unescape(piece[:arrow]).strip(), 1.0, right=unescape(piece[arrow + 2 :]).strip())
            )
        return item
    if all(marker == "=" for marker, _piece in answers):
        item.type = "short_answer"
        split = [_feedback_split(piece) for _marker, piece in answers]
        item.answers = [Answer(text, 1.0) for text, _feedback in split]
        if any(feedback for _text, feedback in split):
            skipped.append(_lost_feedback(name, block.line))
        return item
    weighted = any(re.match(r"\s*%-?[\d.]+%", piece) for _marker, piece in answers)
    for marker, piece in answers:
        fraction = 1.0 if marker == "=" else 0.0
        weight = re.match(r"\s*%(-?[\d.]+)%", piece)
        if weight:
            fraction = float(weight.group(1)) / 100
            piece = piece[weight.end() :]
        text, feedback = _feedback_split(piece)
        item.answers.append(Answer(text, fraction, feedback))
    right = [a for a in item.answers if a.fraction > 0]
    item.type = (
        "multiple_choice" if weighted and (len(right) > 1 or meta.get("type") == "multiple_choice") else "single_choice"
    )
    if item.type == "single_choice" and len(right) != 1:
        raise ExchangeError(
            _("{path}:{line}: a single-choice question needs exactly one right answer ('='), found {n}").format(
                path=path, line=block.line, n=len(right)
            )
        )
    return item


def _lost_feedback(name: str, line: int) -> str:
    return _(
        "{name} (line {line}): answer feedback left out (cybercourse explains these questions once, in the "
        "general feedback after ####)"
    ).format(name=name, line=line)


def _feedback_split(piece: str) -> tuple[str, str]:
    parts = _split_unescaped(piece, "#")
    text = unescape(parts[0][1]).strip()
    feedback = unescape("#".join(p for _m, p in parts[1:])).strip() if len(parts) > 1 else ""
    return text, feedback


def _numeric(item: Exchanged, body: str, path: Path, skipped: list[str], name: str) -> Exchanged | None:
    item.type = "numeric"
    choices = [piece for marker, piece in _split_unescaped(body, "=") if marker] or [body]
    first = choices[0].strip()
    if len(choices) > 1 or first.startswith("%"):
        skipped.append(
            _(
                "{name} (line {line}): several numeric answers with partial credit; only the first, full-credit one was kept"
            ).format(name=name, line=item.line)
        )
        first = re.sub(r"^%[\d.]+%", "", first).strip()
    value_and_feedback = _split_unescaped(first, "#")
    first = value_and_feedback[0][1].strip()
    if any(piece.strip() for _marker, piece in value_and_feedback[1:]):
        skipped.append(_lost_feedback(name, item.line))
    try:
        if ".." in first:
            low, high = (float(x) for x in first.split("..", 1))
            item.value, item.tolerance = (low + high) / 2, (high - low) / 2
        elif ":" in unescape(first):
            value, tolerance = unescape(first).split(":", 1)
            item.value, item.tolerance = float(value), float(tolerance)
        else:
            item.value = float(unescape(first))
    except ValueError:
        raise ExchangeError(
            _("{path}:{line}: '{value}' is not a number").format(path=path, line=item.line, value=first)
        ) from None
    return item

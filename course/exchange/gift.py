"""GIFT, Moodle's plain-text question format: writing a bank out (reading is in `gift_reader`).

One question per paragraph, `::id::[markdown]text{answers}`, special characters escaped
(`~ = # { } :` and backslash), newlines as `\\n`, numbers in full. Ordering questions use the
GIFT form of Moodle's ordering question type (`{>N ALL VERTICAL ABSOLUTE_POSITION SHOW ...}`);
matching distractors are pairs without a left side (`= -> text`), as Moodle writes them.
"""

from __future__ import annotations

import json
from typing import Any

from course.exchange.markup import category_path
from course.exchange.neutral import (
    QUIZ_META_PREFIX,
    RIGHT,
    Exchanged,
    Exported,
    all_or_nothing_matching,
    unlisted_grades,
)
from course.exchange.numbers import percent_text, plain_number
from course.i18n import _

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    out = "".join("\\" + c if c in SPECIAL else c for c in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def unescape(text: str) -> str:
    r"""GIFT's escapes undone as Moodle undoes them: `\\`, `\:`, `\#`, `\=`, `\{`, `\}`, `\~` and `\n`.

    Any other backslash stays, as in Moodle (`\ ` is a backslash and a space).
    """
    result = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in SPECIAL + "n":
            following = text[index + 1]
            result.append("\n" if following == "n" else following)
            index += 2
            continue
        result.append(char)
        index += 1
    return "".join(result)


def _text(text: str) -> str:
    """An answer or feedback text, escaped, and kept text when it starts like a weight or a format marker."""
    out = escape(text)
    return "[markdown]" + out if out.startswith(("%", "[")) else out


def _feedback(text: str) -> str:
    return f"#{_text(text)}" if text else ""


def write(items: list[Exchanged], category: str, lang: str, quiz_meta: dict[str, Any] | None = None) -> Exported:
    """GIFT text for `items`, and what Moodle will not see or could not be written (by question id)."""
    lines: list[str] = []
    warnings: list[str] = []
    written: list[str] = []
    if quiz_meta:
        lines.append("// " + QUIZ_META_PREFIX + " " + json.dumps(quiz_meta, ensure_ascii=False, sort_keys=True))
    if category:
        lines += [f"$CATEGORY: {category_path(category)}", ""]
    for item in items:
        body = _answers(item, lang, warnings)
        if body is None:
            continue
        lines.append("// " + item.meta_comment())
        lines.append(f"::{escape(item.id)}::[markdown]{escape(item.prompt)}{{{body}}}")
        lines.append("")
        written.append(item.id)
    return Exported("\n".join(lines), written, warnings)


def _answers(item: Exchanged, lang: str, warnings: list[str]) -> str | None:
    general = f" ####{_text(item.explanation)}" if item.explanation else ""
    if item.hint:  # GIFT has no hints: the comment keeps it for cybercourse
        item.meta["hint"] = {lang: item.hint}
    if item.type in ("single_choice", "multiple_choice"):
        unlisted_grades(item, warnings)
        parts = []
        right_written = False
        for answer in item.answers:
            if item.type == "single_choice" and answer.fraction >= RIGHT and not right_written:
                marker, right_written = "=", True
            elif answer.fraction == 0:
                marker = "~"
            else:
                marker = f"~%{percent_text(answer.fraction)}%"
            parts.append(marker + _text(answer.text) + _feedback(answer.feedback))
        if item.type == "multiple_choice" and item.meta.get("scoring") == "all_or_nothing":
            warnings.append(
                _("{id}: scoring all_or_nothing has no GIFT equivalent; Moodle will give partial credit").format(
                    id=item.id
                )
            )
        return " ".join(parts) + general
    if item.type == "true_false":
        return ("TRUE" if item.truth else "FALSE") + general
    if item.type == "short_answer":
        return " ".join(f"=%100%{_text(a.text)}" for a in item.answers) + general
    if item.type == "numeric":
        if item.unit:
            item.meta["unit"] = {lang: item.unit}
        tolerance = f":{plain_number(item.tolerance)}" if item.tolerance else ""
        return f"#{plain_number(item.value or 0)}{tolerance}" + general
    if item.type == "matching":
        if item.meta.get("scoring") == "all_or_nothing":
            warnings.append(all_or_nothing_matching(item.id))
        pairs = []
        for answer in item.answers:
            left = _text(answer.text)
            if "->" in left:
                left = left.replace("->", "-\\>")
                warnings.append(
                    _(
                        "{id}: a left side holds '->', which GIFT reads as the pair's arrow; it is written '-\\>', "
                        "which cybercourse reads back as '->' and Moodle shows as '-\\>'"
                    ).format(id=item.id)
                )
            pairs.append(f"={left} -> {escape(answer.right)}")
        pairs += [f"= -> {escape(d.text)}" for d in item.distractors]
        return " ".join(pairs) + general
    return _ordering(item, lang, warnings)


def _ordering(item: Exchanged, lang: str, warnings: list[str]) -> str | None:
    """Moodle's ordering question type reads its items one per line, as written (no escapes)."""
    texts = [a.text for a in item.answers]
    if any(not t or "\n" in t or "{" in t or "}" in t or t.startswith("//") for t in texts) or any(
        c in item.prompt for c in "{}"
    ):
        warnings.append(
            _(
                "{id}: GIFT ordering items are single lines without braces, and this question has other text; "
                "export to Moodle XML instead"
            ).format(id=item.id)
        )
        return None
    if item.explanation:  # the ordering form has no general feedback
        item.meta["explanation"] = {lang: item.explanation}
    grading = "ALL_OR_NOTHING" if item.meta.get("scoring") == "all_or_nothing" else "ABSOLUTE_POSITION"
    return f">{len(texts)} ALL VERTICAL {grading} SHOW\n" + "\n".join(texts) + "\n"

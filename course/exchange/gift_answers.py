"""The answer section of a GIFT question, `{...}`, read as Moodle reads it, type by type."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from course.exchange.gift import unescape
from course.exchange.gift_text import convert, find_unescaped, split_unescaped
from course.exchange.neutral import (
    Answer,
    Exchanged,
    Read,
    Refused,
    accept_short_answer,
    choose_choice_type,
    refused_note,
    take_number,
)
from course.i18n import _, ngettext

_WEIGHT = re.compile(r"^%(-*)(\d+(?:\.\d*)?)%")  # Moodle: /^%\-*([0-9]{1,2})\.?([0-9]*)%/
_ORDERING = re.compile(
    r"^>\s*(\d+)\s*(ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?\s*(HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?\s*"
    r"(ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|RELATIVE_NEXT_INCLUDE_LAST|"
    r"RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|RELATIVE_TO_CORRECT|RELATIVE|REL|"
    r"LONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?\s*(SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?\s*(.*?)\s*$",
    re.DOTALL,
)


def _pieces(text: str, separator: str) -> list[str]:
    """Moodle's explode on `separator`, with an empty first piece dropped."""
    pieces = [piece for _marker, piece in split_unescaped(text, separator)]
    if pieces and not pieces[0].strip():
        pieces = pieces[1:]
    return [p.strip() for p in pieces]


def _weight(piece: str, default: float) -> tuple[float, str]:
    found = _WEIGHT.match(piece)
    if not found:
        return default, piece
    value = float(found.group(2)) / 100
    return (-value if found.group(1) else value), piece[found.end() :]


def _comment(piece: str) -> tuple[str, str]:
    """An answer and its feedback, cut at the first unescaped '#'."""
    cut = find_unescaped(piece, "#")
    return (piece, "") if cut < 0 else (piece[:cut], piece[cut + 1 :])


def parse_answers(item: Exchanged, inside: str, fmt: str, found: Read) -> None:
    """Fill `item` from its answer section, or raise Refused (the caller names the question)."""
    if inside.startswith(">"):
        _ordering(item, inside, found)
    elif inside.startswith("#"):
        _numeric(item, inside[1:], fmt, found)
    elif find_unescaped(inside, "~") >= 0:
        _choices(item, inside, fmt, found)
    elif find_unescaped(inside, "=") >= 0 and find_unescaped(inside, "->") >= 0:
        _matching(item, inside, fmt, found)
    elif unescape(_comment(inside)[0]).strip() in ("T", "TRUE", "F", "FALSE"):  # case matters, as in Moodle
        item.type = "true_false"
        word, feedback = _comment(inside)
        item.truth = unescape(word).strip() in ("T", "TRUE")
        if feedback.replace("#", "").strip():
            _lost_feedback(item, found, 1)
    else:
        _short(item, inside, fmt, found)


def _lost_feedback(item: Exchanged, found: Read, count: int) -> None:
    found.skipped.append(
        refused_note(
            item.name,
            item.line,
            ngettext(
                "the feedback on {n} answer was left out (cybercourse explains these questions once, in the "
                "general feedback)",
                "the feedback on {n} answers was left out (cybercourse explains these questions once, in the "
                "general feedback)",
                count,
            ).format(n=count),
        )
    )


def _choices(item: Exchanged, inside: str, fmt: str, found: Read) -> None:
    single = find_unescaped(inside, "=") >= 0  # Moodle: no '=' means multiple answers
    for marker, piece in split_unescaped(inside, "~="):
        if not marker and not piece.strip():
            continue
        piece = piece.strip()
        fraction, piece = (1.0, piece) if marker == "=" else _weight(piece, 0.0)
        text, feedback = _comment(piece)
        item.answers.append(Answer(convert(text, fmt, item, found), fraction, convert(feedback, fmt, item, found)))
    if len(item.answers) < 2:
        raise Refused(_("a choice question needs at least 2 answers"))
    choose_choice_type(item, single)


def _matching(item: Exchanged, inside: str, fmt: str, found: Read) -> None:
    item.type = "matching"
    pieces = _pieces(inside, "=")
    if len(pieces) < 2:
        raise Refused(_("a matching question needs at least 2 pairs"))
    for number, piece in enumerate(pieces, start=1):
        arrow = find_unescaped(piece, "->")
        if arrow < 0:
            raise Refused(_("pair {n} has no '->' between its two sides").format(n=number))
        # '-\\>' is how cybercourse writes an arrow that belongs to the text (see gift.write).
        left = convert(piece[:arrow], fmt, item, found).replace("-\\>", "->")
        right = unescape(piece[arrow + 2 :]).strip()
        if find_unescaped(piece[arrow + 2 :], "->") >= 0:
            found.notes.append(
                _("{name} (line {line}): pair {n} has two '->'; read as Moodle reads it: '{left}' -> '{right}'").format(
                    name=item.name, line=item.line, n=number, left=left, right=right
                )
            )
        if left:
            item.answers.append(Answer(left, 1.0, right=right))
        else:  # Moodle's extra answer: a right side with no question
            item.distractors.append(Answer(right))


def _short(item: Exchanged, inside: str, fmt: str, found: Read) -> None:
    item.type = "short_answer"
    lost = 0
    for piece in _pieces(inside, "="):
        fraction, piece = _weight(piece, 1.0)
        text, feedback = _comment(piece)
        answer = convert(text, fmt, item, found)
        lost += bool(feedback.strip())
        accept_short_answer(item, answer, fraction, found)
    if lost:
        _lost_feedback(item, found, lost)
    if not item.answers:
        raise Refused(_("no answer earns 100%, so nothing can be accepted"))


def number(text: str) -> float:
    """A number as PHP's is_numeric takes it (Moodle's test), or Refused."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise Refused(_("'{value}' is not a number").format(value=text.strip())) from None
    if not value.is_finite():
        raise Refused(_("'{value}' is not a number").format(value=text.strip()))
    return float(value)


def _numeric(item: Exchanged, body: str, fmt: str, found: Read) -> None:
    item.type = "numeric"
    wrong = find_unescaped(body, "~")
    lost = 0
    if wrong >= 0:  # feedback for any other answer (Moodle's '*' answer)
        lost += bool(_comment(body[wrong + 1 :])[1].strip())
        body = body[:wrong]
    pieces = _pieces(body, "=")
    if not pieces:
        raise Refused(_("a numeric question needs an answer after '#'"))
    for piece in pieces:
        fraction, piece = _weight(piece, 1.0)
        text, feedback = _comment(piece)
        text = unescape(text).strip()
        lost += bool(feedback.strip())
        if text == "*":
            continue
        if ".." in text:
            low, high = (number(x) for x in text.split("..", 1))
            value, tolerance = (low + high) / 2, (high - low) / 2
        elif ":" in text:
            raw_value, raw_tolerance = text.split(":", 1)
            value, tolerance = number(raw_value), number(raw_tolerance)
        else:
            value, tolerance = number(text), 0.0
        take_number(item, text, value, tolerance, fraction, found)
    if lost:
        _lost_feedback(item, found, lost)
    if item.value is None:
        raise Refused(_("no answer earns 100%, so there is no right number"))


def _ordering(item: Exchanged, inside: str, found: Read) -> None:
    """Moodle's ordering question type: `{>COUNT [ALL|RANDOM|CONTIGUOUS] [layout] [grading] [SHOW]` and an item a line."""
    form = _ORDERING.match(inside)
    if form is None:
        raise Refused(_("'{>' starts an ordering question, but the line after it is not '>COUNT ALL ...'"))
    item.type = "ordering"
    texts = [line.strip() for line in form.group(6).split("\n") if line.strip()]
    if len(texts) < 2:
        raise Refused(_("an ordering question needs at least 2 items, one a line"))
    item.answers = [Answer(text, 1.0) for text in texts]
    select, grading = (form.group(2) or "").upper(), (form.group(4) or "").upper()
    count = int(form.group(1))
    if select not in ("", "ALL", "EXACT") and 2 < count < len(texts):
        found.notes.append(
            _("{name} (line {line}): Moodle shows {count} of the {total} items; cybercourse shows them all").format(
                name=item.name, line=item.line, count=count, total=len(texts)
            )
        )
    if grading == "ALL_OR_NOTHING":
        item.meta.setdefault("scoring", "all_or_nothing")
    elif grading not in ("ABSOLUTE_POSITION", "ABSOLUTE", "ABS"):
        found.notes.append(ordering_grading_note(item, grading or "RELATIVE_NEXT_EXCLUDE_LAST"))


def ordering_grading_note(item: Exchanged, grading: str) -> str:
    return _(
        "{name} (line {line}): Moodle grades it {grading}; cybercourse gives the share of items in their right place"
    ).format(name=item.name, line=item.line, grading=grading)

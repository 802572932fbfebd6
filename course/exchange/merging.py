"""A question read from a Moodle file, as the YAML of a cybercourse bank, merged with what the bank had."""

from __future__ import annotations

from typing import Any

from course.exchange.carriage import merged
from course.exchange.neutral import RIGHT, Answer, Exchanged
from course.exchange.numbers import same_percent
from course.i18n import _

_FIRST = ("id", "type")  # keys written first, the rest in the model's order


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def to_yaml(item: Exchanged, lang: str, existing: dict[str, Any] | None) -> tuple[dict[str, Any], list[str]]:
    """The YAML of a question with `lang` filled in from `item`; other languages kept from `existing`.

    The carried fields (`item.meta`) are laid over the existing question, then what the file
    holds over those. Returns the question and notes on what did not fit (answer keys that
    disagree with the other language's file, counts that differ).
    """
    notes: list[str] = []
    kind = item.type
    if existing is not None and existing.get("type") not in (None, kind):
        notes.append(
            _("{id}: the {lang} file has a {found} question where the bank has {expected}; it was replaced").format(
                id=item.id, lang=lang, found=kind, expected=existing.get("type")
            )
        )
        existing = None
    base: dict[str, Any] = merged(dict(existing or {}), item.meta)
    base["id"] = item.id
    base["type"] = kind

    def put(target: dict[str, Any], key: str, text: str) -> None:
        if text:
            old = target.get(key)
            target[key] = {**(old if isinstance(old, dict) else {}), lang: text}

    put(base, "prompt", item.prompt)
    put(base, "explanation", item.explanation)
    put(base, "hint", item.hint)

    def parts(key: str, answers: list[Answer], fields: dict[str, str], prefix: str) -> list[dict[str, Any]]:
        old = base.get(key) or []
        if old and len(old) != len(answers):
            notes.append(
                _("{id}: the {lang} file has {found} {what} but the bank has {expected}; they were replaced").format(
                    id=item.id, lang=lang, found=len(answers), what=key, expected=len(old)
                )
            )
            old = []
        result = []
        for index, answer in enumerate(answers):
            entry = dict(old[index]) if index < len(old) and isinstance(old[index], dict) else {}
            entry["id"] = entry.get("id") or _default_id(prefix, index)
            for target, attribute in fields.items():
                put(entry, target, getattr(answer, attribute))
            result.append(entry)
        base[key] = result
        return result

    def keep_or_take(key: str, value: Any, what: str) -> None:
        if existing is not None and key in existing and existing[key] != value:
            notes.append(what.format(id=item.id, lang=lang))
        else:
            base[key] = value

    if kind in ("single_choice", "multiple_choice"):
        options = parts("options", item.answers, {"text": "text", "feedback": "feedback"}, "")
        _credits(kind, options, item.answers)
        if kind == "single_choice":
            value: Any = next(o["id"] for o, a in zip(options, item.answers, strict=True) if a.fraction >= RIGHT)
        else:
            value = [o["id"] for o, a in zip(options, item.answers, strict=True) if a.fraction > 0]
        keep_or_take(
            "answer" if kind == "single_choice" else "answers",
            value,
            _("{id}: the {lang} file marks other options as right than the bank does; the bank's key was kept"),
        )
    elif kind == "true_false":
        keep_or_take("answer", item.truth, _("{id}: the {lang} file gives the other answer; the bank's key was kept"))
    elif kind == "short_answer":
        base["accepted"] = {**(base.get("accepted") or {}), lang: [a.text for a in item.answers]}
    elif kind == "numeric":
        base["value"] = _number(item.value or 0)
        if item.tolerance:
            base["tolerance"] = _number(item.tolerance)
        else:
            base.pop("tolerance", None)
        put(base, "unit", item.unit)
    elif kind == "ordering":
        parts("items", item.answers, {"text": "text"}, "i")
    elif kind == "matching":
        parts("pairs", item.answers, {"left": "text", "right": "right"}, "p")
        if item.distractors:
            parts("distractors", item.distractors, {"text": "text"}, "d")
    ordered = {key: base[key] for key in _FIRST}
    ordered.update({key: value for key, value in base.items() if key not in _FIRST})
    return ordered, notes


def _default_id(prefix: str, index: int) -> str:
    if prefix:
        return f"{prefix}{index + 1}"
    return chr(ord("a") + index) if index < 26 else f"o{index + 1}"


def _credits(kind: str, options: list[dict[str, Any]], answers: list[Answer]) -> None:
    """Each option's `credit` from its Moodle fraction, only where it differs from what the type gives.

    A carried credit that is the same grade to Moodle's precision is kept as written (33.333333
    travels as 33.33333).
    """
    right = [a for a in answers if (a.fraction >= RIGHT if kind == "single_choice" else a.fraction > 0)]
    first_right = next((i for i, a in enumerate(answers) if a.fraction >= RIGHT), -1)
    share = 100 / len(right) if right else 0
    for index, (option, answer) in enumerate(zip(options, answers, strict=True)):
        percent = round(answer.fraction * 100, 7)
        if kind == "single_choice":
            default = 100.0 if index == first_right else 0.0
        else:
            default = share if answer.fraction > 0 else -share
        if same_percent(percent, default):
            option.pop("credit", None)
        elif not same_percent(option.get("credit"), percent):
            option["credit"] = _number(percent)

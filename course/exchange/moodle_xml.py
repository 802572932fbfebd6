"""Moodle XML: writing a bank out, reading one in (with defusedxml: no entity tricks).

Types: multichoice (single or multiple, with fractions), truefalse, shortanswer, numerical
(tolerance, unit), matching (a subquestion without text is an extra answer), and ordering,
which Moodle has as the widely installed `qtype_ordering` plugin. Texts are written in
Markdown format; general feedback, per-answer feedback, hints and tags are kept.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

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

LINE = "cybercourse-line"  # attribute set on each <question> while reading
MOODLE_TYPE = {
    "single_choice": "multichoice",
    "multiple_choice": "multichoice",
    "true_false": "truefalse",
    "short_answer": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
}


def _text_element(parent: ET.Element, tag: str, text: str, markdown: bool = True) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if markdown:
        element.set("format", "markdown")
    ET.SubElement(element, "text").text = text
    return element


def _fraction(value: float) -> str:
    return format(round(value * 100, 5), "g")


# -- writing -------------------------------------------------------------------------------------


def write(items: list[Exchanged], category: str = "") -> Exported:
    """Moodle XML for `items`, and what could not be written (by question id)."""
    root = ET.Element("quiz")
    unmapped: list[str] = []
    if category:
        holder = ET.SubElement(root, "question", type="category")
        _text_element(holder, "category", f"$course$/{category}", markdown=False)
    for item in items:
        root.append(ET.Comment(" " + item.meta_comment().replace("--", "- -") + " "))
        root.append(_question(item, unmapped))
    ET.indent(root)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    return Exported(text, [item.id for item in items], unmapped)


def _question(item: Exchanged, unmapped: list[str]) -> ET.Element:
    question = ET.Element("question", type=MOODLE_TYPE[item.type])
    _text_element(question, "name", item.id, markdown=False)
    _text_element(question, "questiontext", item.prompt)
    _text_element(question, "generalfeedback", item.explanation)
    ET.SubElement(question, "defaultgrade").text = "1"
    ET.SubElement(question, "idnumber").text = item.id
    if item.type in ("single_choice", "multiple_choice"):
        ET.SubElement(question, "single").text = "true" if item.type == "single_choice" else "false"
        ET.SubElement(question, "shuffleanswers").text = "1" if item.meta.get("shuffle_options", True) else "0"
        ET.SubElement(question, "answernumbering").text = "abc"
        if item.meta.get("scoring") == "all_or_nothing":
            unmapped.append(
                _("{id}: scoring all_or_nothing has no Moodle equivalent; Moodle will give partial credit").format(
                    id=item.id
                )
            )
        for answer in item.answers:
            element = ET.SubElement(question, "answer", fraction=_fraction(answer.fraction), format="markdown")
            ET.SubElement(element, "text").text = answer.text
            _text_element(element, "feedback", answer.feedback)
    elif item.type == "true_false":
        for value in (True, False):
            element = ET.SubElement(question, "answer", fraction="100" if value == item.truth else "0")
            ET.SubElement(element, "text").text = "true" if value else "false"
            _text_element(element, "feedback", "")
    elif item.type == "short_answer":
        ET.SubElement(question, "usecase").text = "1" if item.meta.get("match") == "exact" else "0"
        for answer in item.answers:
            element = ET.SubElement(question, "answer", fraction="100", format="plain_text")
            ET.SubElement(element, "text").text = answer.text
    elif item.type == "numeric":
        element = ET.SubElement(question, "answer", fraction="100")
        ET.SubElement(element, "text").text = format(item.value or 0, "g")
        ET.SubElement(element, "tolerance").text = format(item.tolerance, "g")
        if item.unit:
            units = ET.SubElement(question, "units")
            unit = ET.SubElement(units, "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = item.unit
    elif item.type == "matching":
        ET.SubElement(question, "shuffleanswers").text = "true"
        for answer in [*item.answers, *item.distractors]:
            sub = _text_element(question, "subquestion", answer.text if answer.right else "")
            holder = ET.SubElement(sub, "answer")
            ET.SubElement(holder, "text").text = answer.right or answer.text
    elif item.type == "ordering":
        ET.SubElement(question, "layouttype").text = "VERTICAL"
        ET.SubElement(question, "selecttype").text = "ALL"
        ET.SubElement(question, "selectcount").text = "0"
        scoring = item.meta.get("scoring", "partial")
        ET.SubElement(question, "gradingtype").text = (
            "ALL_OR_NOTHING" if scoring == "all_or_nothing" else "ABSOLUTE_POSITION"
        )
        for answer in item.answers:
            element = ET.SubElement(question, "answer", fraction="1", format="markdown")
            ET.SubElement(element, "text").text = answer.text
    if item.hint:
        _text_element(question, "hint", item.hint)
    if item.meta.get("tags"):
        tags = ET.SubElement(question, "tags")
        for tag in item.meta["tags"]:
            holder = ET.SubElement(tags, "tag")
            ET.SubElement(holder, "text").text = str(tag)
    return question


# -- reading -------------------------------------------------------------------------------------


def _text(element: ET.Element | None, tag: str) -> str:
    """The text of `tag` under `element` (`.`: the element itself), HTML made into Markdown."""
    if element is None:
        return ""
    node = element.find(tag)
    if node is None:
        return ""
    text = node.find("text")
    value = (text.text or "").strip() if text is not None else (node.text or "").strip()
    if node.get("format") == "html":
        value = html_to_markdown(value)[0]
    return value


class _Lines(ET.TreeBuilder):
    """Notes the line each <question> starts on, so messages can name it."""

    parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if tag == "question" and self.parser is not None:
            element.set(LINE, str(self.parser.parser.CurrentLineNumber))
        return element


def read(data: bytes, path: Path) -> tuple[list[Exchanged], str, list[str]]:
    """Questions in a Moodle XML file, its category, and notes on what was left out (by name)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    try:
        builder = _Lines(insert_comments=True)
        parser = DefusedXMLParser(target=builder, forbid_dtd=True)
        builder.parser = parser
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as error:
        line = error.position[0] if error.position else 1
        raise ExchangeError(
            _("{path}:{line}: not well-formed XML ({reason})").format(path=path, line=line, reason=error)
        ) from None
    except DefusedXmlException as error:
        raise ExchangeError(_("{path}:1: refused: {reason}").format(path=path, reason=error)) from None
    if root.tag != "quiz":
        raise ExchangeError(
            _("{path}:1: the root element is <{tag}>, not <quiz>: not a Moodle XML question file").format(
                path=path, tag=root.tag
            )
        )
    items: list[Exchanged] = []
    skipped: list[str] = []
    category = ""
    meta: dict[str, Any] = {}
    for number, element in enumerate(root, start=1):
        if element.tag is ET.Comment:
            comment = (element.text or "").strip()
            if comment.startswith(META_PREFIX):
                try:
                    meta = json.loads(comment[len(META_PREFIX) :].replace("- -", "--"))
                except ValueError:
                    meta = {}  # an edited comment: the question is imported as Moodle describes it
            continue
        if element.tag != "question":
            continue
        kind = element.get("type", "")
        if kind == "category":
            category = category_title(_text(element, "category"))
            continue
        item = _question_from(element, kind, meta, path, number, skipped)
        meta = {}
        if item is not None:
            items.append(item)
    return items, category, skipped


def _question_from(
    element: ET.Element, kind: str, meta: dict[str, Any], path: Path, number: int, skipped: list[str]
) -> Exchanged | None:
    line = int(element.get(LINE, "0")) or number
    moodle_name = _text(element, "name")
    name = _("{name} (line {line})").format(name=moodle_name or _("question {n}").format(n=number), line=line)
    identifier = str(meta.get("id") or slug((element.findtext("idnumber") or "").strip()) or slug(moodle_name))
    item = Exchanged(
        id=identifier,
        type="",
        prompt=_text(element, "questiontext"),
        explanation=_text(element, "generalfeedback"),
        hint=_text(element, "hint"),
        meta=dict(meta),
        line=line,
    )
    if any("<img" in (node.text or "") or "@@PLUGINFILE@@" in (node.text or "") for node in element.iter("text")):
        skipped.append(
            _("{name}: images and attached files are not imported; the text still mentions them").format(name=name)
        )
    tags = [(tag.findtext("text") or "").strip() for tag in element.findall("tags/tag")]
    if tags and "tags" not in item.meta:
        item.meta["tags"] = [t for t in (slug(x) for x in tags) if t]
    answers = element.findall("answer")

    def grade(answer: ET.Element) -> float:
        try:
            return float(answer.get("fraction", "0"))
        except ValueError:
            raise ExchangeError(
                _("{path}:{line}: question {name}: fraction '{value}' is not a number").format(
                    path=path, line=line, name=name, value=answer.get("fraction")
                )
            ) from None

    lost_feedback = (
        [a for a in answers if _text(a, "feedback")] if kind in ("truefalse", "shortanswer", "numerical") else []
    )
    if lost_feedback:
        skipped.append(
            ngettext(
                "{name}: the feedback on {n} answer was left out (cybercourse explains these questions once, "
                "in the general feedback)",
                "{name}: the feedback on {n} answers was left out (cybercourse explains these questions once, "
                "in the general feedback)",
                len(lost_feedback),
            ).format(name=name, n=len(lost_feedback))
        )
    if kind == "multichoice":
        single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
        item.type = "single_choice" if single else "multiple_choice"
        item.meta.setdefault(
            "shuffle_options", (element.findtext("shuffleanswers") or "1").strip().lower() in ("1", "true")
        )
        for answer in answers:
            item.answers.append(Answer(_text(answer, "."), grade(answer) / 100, _text(answer, "feedback")))
    elif kind == "truefalse":
        item.type = "true_false"
        right = [a for a in answers if grade(a) > 0]
        item.truth = bool(right) and (right[0].findtext("text") or "").strip().lower() == "true"
    elif kind == "shortanswer":
        item.type = "short_answer"
        item.answers = [Answer(_text(a, "."), 1.0) for a in answers if grade(a) >= 100]
        if (element.findtext("usecase") or "0").strip() == "1":
            item.meta.setdefault("match", "exact")
        partial = [a for a in answers if 0 < grade(a) < 100]
        if partial:
            skipped.append(
                ngettext(
                    "{name}: {n} answer with partial credit was left out",
                    "{name}: {n} answers with partial credit were left out",
                    len(partial),
                ).format(name=name, n=len(partial))
            )
    elif kind == "numerical":
        item.type = "numeric"
        best = max(answers, key=lambda a: grade(a), default=None)
        if best is None:
            raise ExchangeError(
                _("{path}:{line}: numerical question {name} has no answer").format(path=path, line=line, name=name)
            )
        try:
            item.value = float((best.findtext("text") or "").strip())
            item.tolerance = float((best.findtext("tolerance") or "0").strip() or 0)
        except ValueError:
            raise ExchangeError(
                _("{path}:{line}: question {name}: the answer is not a number").format(path=path, line=line, name=name)
            ) from None
        item.unit = (element.findtext("units/unit/unit_name") or "").strip()
        if len(answers) > 1:
            skipped.append(_("{name}: only the full-credit numeric answer was kept").format(name=name))
    elif kind == "matching":
        item.type = "matching"
        for sub in element.findall("subquestion"):
            left = _text(sub, ".")
            match = (sub.findtext("answer/text") or "").strip()
            if left:
                item.answers.append(Answer(left, 1.0, right=match))
            else:
                item.distractors.append(Answer(match))
    elif kind == "ordering":
        item.type = "ordering"
        item.answers = [Answer(_text(a, "."), 1.0) for a in answers]
        if (element.findtext("gradingtype") or "").strip().upper() == "ALL_OR_NOTHING":
            item.meta.setdefault("scoring", "all_or_nothing")
    else:
        skipped.append(
            _("{name}: Moodle type '{type}' has no cybercourse equivalent; left out").format(name=name, type=kind)
        )
        return None
    return item

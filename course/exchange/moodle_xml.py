"""Moodle XML: writing a bank out (reading is in `moodle_xml_reader`).

Types: multichoice (single or multiple, with Moodle's grades), truefalse, shortanswer,
numerical (tolerance, unit), matching (a subquestion without text is an extra answer), and
ordering, Moodle's `qtype_ordering`. Texts are written in Markdown format; general feedback,
per-answer feedback, hints and tags are kept; numbers are written in full.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from course.exchange.markup import category_path
from course.exchange.neutral import QUIZ_META_PREFIX, Exchanged, Exported, all_or_nothing_matching, unlisted_grades
from course.exchange.numbers import percent_text, plain_number
from course.i18n import _

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


def _comment(text: str) -> Any:  # an ET.Comment node
    return ET.Comment(" " + text.replace("--", "- -") + " ")


def write(items: list[Exchanged], category: str, lang: str, quiz_meta: dict[str, Any] | None = None) -> Exported:
    """Moodle XML for `items`, and what Moodle will not see (by question id)."""
    root = ET.Element("quiz")
    warnings: list[str] = []
    if quiz_meta:
        root.append(_comment(QUIZ_META_PREFIX + " " + json.dumps(quiz_meta, ensure_ascii=False, sort_keys=True)))
    if category:
        holder = ET.SubElement(root, "question", type="category")
        _text_element(holder, "category", f"$course$/top/{category_path(category)}", markdown=False)
    for item in items:
        root.append(_comment(item.meta_comment()))
        root.append(_question(item, warnings))
    ET.indent(root)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    return Exported(text, [item.id for item in items], warnings)


def _question(item: Exchanged, warnings: list[str]) -> ET.Element:
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
        unlisted_grades(item, warnings)
        if item.meta.get("scoring") == "all_or_nothing":
            warnings.append(
                _("{id}: scoring all_or_nothing has no Moodle equivalent; Moodle will give partial credit").format(
                    id=item.id
                )
            )
        for answer in item.answers:
            element = ET.SubElement(question, "answer", fraction=percent_text(answer.fraction), format="markdown")
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
        ET.SubElement(element, "text").text = plain_number(item.value or 0)
        ET.SubElement(element, "tolerance").text = plain_number(item.tolerance)
        if item.unit:
            units = ET.SubElement(question, "units")
            unit = ET.SubElement(units, "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = item.unit
    elif item.type == "matching":
        ET.SubElement(question, "shuffleanswers").text = "true"
        if item.meta.get("scoring") == "all_or_nothing":
            warnings.append(all_or_nothing_matching(item.id))
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

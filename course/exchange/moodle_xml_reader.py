"""Reading Moodle XML as Moodle's own import does (with defusedxml: no DTD, no entities).

A question that cannot be read is named with its line and left out; the others are imported.
Texts in any of Moodle's formats become Markdown (a text without `format` takes the question
text's, and that defaults to HTML, as in Moodle).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from course.exchange.gift_answers import ordering_grading_note
from course.exchange.markup import HTML, XML_FORMATS, as_markdown, category_parts
from course.exchange.moodle_xml import LINE
from course.exchange.neutral import (
    META_PREFIX,
    QUIZ_META_PREFIX,
    RIGHT,
    Answer,
    Exchanged,
    ExchangeError,
    Read,
    Refused,
    accept_short_answer,
    choose_choice_type,
    json_object,
    refused_note,
    slug,
    take_number,
)
from course.i18n import _, ngettext


class _Lines(ET.TreeBuilder):
    """Notes the line each <question> starts on, so messages can name it."""

    parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if tag == "question" and self.parser is not None:
            element.set(LINE, str(self.parser.parser.CurrentLineNumber))
        return element


def _parse(data: bytes, path: Path) -> ET.Element:
    from defusedxml import DefusedXmlException, DTDForbidden
    from defusedxml.ElementTree import DefusedXMLParser

    builder = _Lines(insert_comments=True)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        return parser.close()
    except ET.ParseError as error:
        line = error.position[0] if error.position else 1
        raise ExchangeError(
            _("{path}:{line}: not well-formed XML ({reason})").format(path=path, line=line, reason=error)
        ) from None
    except DTDForbidden:
        raise ExchangeError(
            _(
                "{path}:{line}: the file declares a DOCTYPE; Moodle XML files have none, and one can define "
                "entities that expand without end, so it is refused. Remove the <!DOCTYPE ...> line."
            ).format(path=path, line=parser.parser.CurrentLineNumber)
        ) from None
    except DefusedXmlException:
        raise ExchangeError(
            _(
                "{path}:{line}: the file defines or uses entities, which Moodle XML files never do; it is refused"
            ).format(path=path, line=parser.parser.CurrentLineNumber)
        ) from None


def read(data: bytes, path: Path) -> Read:
    """The questions of a Moodle XML file, its categories, the quiz's carried fields, and what was left out."""
    root = _parse(data, path)
    if root.tag != "quiz":
        raise ExchangeError(
            _("{path}:1: the root element is <{tag}>, not <quiz>: not a Moodle XML question file").format(
                path=path, tag=root.tag
            )
        )
    found = Read([])
    category: list[str] = []
    meta: dict[str, Any] = {}
    for number, element in enumerate(root, start=1):
        if element.tag is ET.Comment:
            comment = (element.text or "").strip().replace("- -", "--")
            for prefix in (QUIZ_META_PREFIX, META_PREFIX):
                if comment.startswith(prefix):
                    value = json_object(comment[len(prefix) :])
                    if value is None:
                        found.notes.append(
                            _("the cybercourse comment before question {n} is not valid JSON; it was ignored").format(
                                n=number
                            )
                        )
                    elif prefix == QUIZ_META_PREFIX:
                        found.quiz_meta = value
                    else:
                        meta = value
                    break
            continue
        if element.tag != "question":
            continue
        kind = element.get("type", "")
        if kind == "category":
            category = category_parts(_text(element, "category", "plain"))
            found.categories.append(category)
            continue
        line = int(element.get(LINE, "0")) or number
        name = _text(element, "name", "plain") or _("question {n}").format(n=number)
        try:
            item = _question(element, kind, meta, name, line, found)
        except Refused as refusal:
            found.skipped.append(refused_note(name, line, str(refusal)))
            item = None
        meta = {}
        if item is not None:
            item.category = category
            found.items.append(item)
    return found


def _text(element: ET.Element | None, tag: str, default: str) -> str:
    """The text of `tag` under `element` (`.`: the element itself), in Markdown."""
    node = element.find(tag) if element is not None else None
    if node is None:
        return ""
    text = node.find("text")
    value = (text.text or "") if text is not None else (node.text or "")
    return as_markdown(value, XML_FORMATS.get(node.get("format") or "", default))[0]


def _question(
    element: ET.Element, kind: str, meta: dict[str, Any], name: str, line: int, found: Read
) -> Exchanged | None:
    question_text = element.find("questiontext")
    text_format = XML_FORMATS.get((question_text.get("format") if question_text is not None else None) or "", HTML)
    hints = [h for h in (_text(hint, ".", text_format) for hint in element.findall("hint")) if h]
    item = Exchanged(
        id=str(meta.get("id") or slug((element.findtext("idnumber") or "").strip()) or slug(name)),
        type="",
        prompt=_text(element, "questiontext", HTML),
        explanation=_text(element, "generalfeedback", text_format),
        hint="\n\n".join(hints),
        meta=dict(meta),
        line=line,
        name=name,
    )
    if len(hints) > 1:
        found.notes.append(
            _("{name} (line {line}): its {n} hints were joined into one (cybercourse shows one hint)").format(
                name=name, line=line, n=len(hints)
            )
        )
    if any("<img" in (node.text or "") or "@@PLUGINFILE@@" in (node.text or "") for node in element.iter("text")):
        found.skipped.append(
            refused_note(name, line, _("images and attached files are not imported; the text still mentions them"))
        )
    tags = [(tag.findtext("text") or "").strip() for tag in element.findall("tags/tag")]
    if tags and "tags" not in item.meta:
        item.meta["tags"] = [t for t in (slug(x) for x in tags) if t]
    answers = element.findall("answer")

    def grade(answer: ET.Element) -> float:
        try:
            return float(answer.get("fraction", "0")) / 100
        except ValueError:
            raise Refused(_("fraction '{value}' is not a number").format(value=answer.get("fraction"))) from None

    if kind in ("truefalse", "shortanswer", "numerical"):
        lost = [a for a in answers if _text(a, "feedback", text_format)]
        if lost:
            found.skipped.append(
                refused_note(
                    name,
                    line,
                    ngettext(
                        "the feedback on {n} answer was left out (cybercourse explains these questions once, "
                        "in the general feedback)",
                        "the feedback on {n} answers was left out (cybercourse explains these questions once, "
                        "in the general feedback)",
                        len(lost),
                    ).format(n=len(lost)),
                )
            )
    if kind == "multichoice":
        item.meta.setdefault(
            "shuffle_options", (element.findtext("shuffleanswers") or "1").strip().lower() in ("1", "true")
        )
        item.answers = [
            Answer(_text(a, ".", text_format), grade(a), _text(a, "feedback", text_format)) for a in answers
        ]
        if len(item.answers) < 2:
            raise Refused(_("a choice question needs at least 2 answers"))
        choose_choice_type(item, (element.findtext("single") or "true").strip().lower() in ("true", "1"))
        if item.meta.get("shuffle_options") is True:
            del item.meta["shuffle_options"]  # the default
    elif kind == "truefalse":
        item.type = "true_false"
        right = [a for a in answers if grade(a) >= RIGHT]
        if not right:
            raise Refused(_("neither true nor false earns 100%"))
        item.truth = (right[0].findtext("text") or "").strip().lower() == "true"
    elif kind == "shortanswer":
        _short(item, element, answers, grade, found)
    elif kind == "numerical":
        _numeric(item, element, answers, grade, found)
    elif kind == "matching":
        item.type = "matching"
        for sub in element.findall("subquestion"):
            left = _text(sub, ".", text_format)
            right_side = (sub.findtext("answer/text") or "").strip()
            if left:
                item.answers.append(Answer(left, 1.0, right=right_side))
            elif right_side:
                item.distractors.append(Answer(right_side))
    elif kind == "ordering":
        item.type = "ordering"
        item.answers = [Answer(_text(a, ".", text_format), 1.0) for a in answers]
        grading = (element.findtext("gradingtype") or "").strip().upper()
        if grading == "ALL_OR_NOTHING":
            item.meta.setdefault("scoring", "all_or_nothing")
        elif grading not in ("ABSOLUTE_POSITION", "ABSOLUTE", "ABS"):
            found.notes.append(ordering_grading_note(item, grading or "RELATIVE"))
    else:
        found.skipped.append(
            refused_note(
                name, line, _("Moodle type '{type}' has no cybercourse equivalent; left out").format(type=kind)
            )
        )
        return None
    return item


def _short(item: Exchanged, element: ET.Element, answers: list[ET.Element], grade: Any, found: Read) -> None:
    item.type = "short_answer"
    if (element.findtext("usecase") or "0").strip() == "1":
        item.meta.setdefault("match", "exact")
    for answer in answers:
        text = (answer.findtext("text") or "").strip()
        fraction = grade(answer)
        accept_short_answer(item, text, fraction, found)
    if not item.answers:
        raise Refused(_("no answer earns 100%, so nothing can be accepted"))


def _numeric(item: Exchanged, element: ET.Element, answers: list[ET.Element], grade: Any, found: Read) -> None:
    from course.exchange.gift_answers import number

    item.type = "numeric"
    for answer in answers:
        text = (answer.findtext("text") or "").strip()
        if text in ("*", ""):
            continue
        value, tolerance = number(text), number((answer.findtext("tolerance") or "0").strip() or "0")
        fraction = grade(answer)
        take_number(item, text, value, tolerance, fraction, found)
    if item.value is None:
        raise Refused(_("no answer earns 100%, so there is no right number"))
    item.unit = (element.findtext("units/unit/unit_name") or "").strip()

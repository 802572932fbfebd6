"""JSON Schema of each content file, made to agree with `validate` as far as JSON Schema can say it.

Pydantic's schema is the start; what it does not show is added here: the course's locales
required in every text (non-blank), a source cited by its key alone (`sources: [S1]`), the
question union in standard JSON Schema (`if`/`then` on `type`, so an editor names the real
problem, not "valid under none of 7 schemas"), control characters refused in texts, a quiz
needing questions or draw_from; and every description in the interface language.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from course.content.base import LOCALE_PATTERN, UNSAFE_CHARACTERS
from course.content.models import SourceKey
from course.i18n import _

# What `check_safe_text` refuses, as a JSON Schema pattern (ECMA-262): no such character anywhere.
SAFE_TEXT = "^[^" + UNSAFE_CHARACTERS.pattern[1:-1] + "]*$"
NOT_BLANK = r"\S"


def json_schema(model: type[BaseModel], locales: list[str]) -> dict[str, Any]:
    """The schema of `model`'s files for a course shipping `locales`, described in the current language."""
    schema = model.model_json_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    for definition in [schema, *defs.values()]:
        if "properties" in definition:
            definition.pop("description", None)  # a model's docstring is for developers, not in the catalog
    if "LocalizedText" in defs:
        defs["LocalizedText"] = _localized_text(locales)
    if "SourceRef" in defs:
        defs["SourceRef"] = {"anyOf": [_source_key(), defs["SourceRef"]]}
    for definition in [schema, *defs.values()]:
        for name, prop in (definition.get("properties") or {}).items():
            _per_locale_lists(prop, locales)
            if name == "questions" and "discriminator" in (prop.get("items") or {}):
                prop["items"] = _question_union(prop["items"])
            if prop.get("type") == "string" and "pattern" not in prop:
                prop["pattern"] = SAFE_TEXT
    if {"questions", "draw_from"} <= set(schema.get("properties") or {}):
        schema["anyOf"] = [
            {"required": ["questions"], "properties": {"questions": {"minItems": 1}}},
            {"required": ["draw_from"], "properties": {"draw_from": {"minItems": 1}}},
        ]
    _describe(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def _localized_text(locales: list[str]) -> dict[str, Any]:
    text = {"type": "string", "pattern": SAFE_TEXT}
    required = {"type": "string", "allOf": [{"pattern": SAFE_TEXT}, {"pattern": NOT_BLANK}]}
    return {
        "type": "object",
        "description": _(
            "The same text in each language: {locales} required, not blank; other locales optional."
        ).format(locales=", ".join(locales)),
        "properties": {locale: required for locale in locales},
        "required": list(locales),
        "propertyNames": {"pattern": LOCALE_PATTERN},
        "additionalProperties": text,
    }


def _source_key() -> dict[str, Any]:
    metadata = SourceKey.__metadata__[0]  # type: ignore[attr-defined]
    return {
        "type": "string",
        "pattern": metadata.metadata[0].pattern,
        "description": _("A source's key alone, e.g. S1: the whole source is cited."),
    }


def _per_locale_lists(prop: dict[str, Any], locales: list[str]) -> None:
    """`accepted: {en: [...], vi: [...]}`: each course locale needs one non-blank entry."""
    patterns = prop.get("patternProperties") or {}
    if list(patterns) != [LOCALE_PATTERN] or patterns[LOCALE_PATTERN].get("type") != "array":
        return
    patterns[LOCALE_PATTERN]["items"] = {"type": "string", "pattern": SAFE_TEXT}
    prop["additionalProperties"] = False
    prop["required"] = list(locales)
    prop["properties"] = {
        locale: {"type": "array", "contains": {"type": "string", "pattern": NOT_BLANK}} for locale in locales
    }


def _question_union(union: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI's `discriminator` as standard JSON Schema: the `type` picks the one schema that applies."""
    mapping: dict[str, str] = union["discriminator"]["mapping"]
    return {
        "type": "object",
        "required": ["type"],
        "properties": {
            "type": {"enum": list(mapping), "description": _("The question type; it decides the other fields.")}
        },
        "allOf": [
            {"if": {"properties": {"type": {"const": name}}, "required": ["type"]}, "then": {"$ref": ref}}
            for name, ref in mapping.items()
        ],
    }


def _describe(node: Any) -> None:
    """Every description in the interface language (they are the fields' `N_()` texts)."""
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            node["description"] = _(node["description"])
        for value in node.values():
            _describe(value)
    elif isinstance(node, list):
        for value in node:
            _describe(value)

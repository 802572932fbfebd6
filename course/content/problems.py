"""Problems found in content, each pinned to `file:line:col` and a field path.

Pydantic's own messages say what is wrong in developer terms; instructors need to know
what to write instead, so each error type is re-worded here (and translated).
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from course.content.base import ID_PATTERN, LOCALE_PATTERN
from course.content.yamlfile import YamlDocument, YamlError
from course.i18n import N_, _
from course.printable import printable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an author must fix."""

    path: Path
    line: int
    column: int
    field: str
    message: str
    code: str = "invalid"

    def display_path(self, base: Path | None = None) -> str:
        """Relative to `base` when inside it, else to the working directory, so editors can jump to it."""
        if base is not None and self.path.resolve().is_relative_to(base.resolve()):
            return str(self.path.resolve().relative_to(base.resolve()))
        try:
            return os.path.relpath(self.path)
        except ValueError:  # pragma: no cover - another drive on Windows
            return str(self.path)

    def format(self) -> str:
        """`file:line:col: field: message` on one line; what it quotes from a file is shown, not obeyed."""
        where = f"{self.display_path()}:{self.line}:{self.column}"
        return printable(f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}")

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.display_path(),
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "code": self.code,
        }


def problem_at(doc: YamlDocument, loc: tuple[str | int, ...], message: str, code: str) -> Problem:
    line, column, field = doc.locate(loc, at_key=code == "extra_forbidden")
    return Problem(doc.path, line, column, field, message, code)


def problem_from_yaml(path: Path, error: YamlError) -> Problem:
    return Problem(path, error.line, error.column, "", error.message, "yaml")


def problems_from_validation(doc: YamlDocument, model: type[BaseModel], error: ValidationError) -> list[Problem]:
    # A value that fits no member of a union (`str | LocalizedText`) yields one error per member,
    # each at the same place once the members' names are taken out of the location: one
    # message per place, the one about the value's content if a member took its type.
    places: dict[tuple[str | int, ...], list[Any]] = {}
    for detail in error.errors(include_url=False):
        loc = _clean_loc(detail["loc"])
        if detail["type"] == "union_tag_invalid":
            loc = (*loc, "type")  # point at the `type:` line, not at the question's first line
        places.setdefault(loc, []).append(detail)
    problems = []
    for loc, details in places.items():
        about_content = [d for d in details if d["type"] not in _EXPECTED]
        if about_content or len(details) == 1:
            detail = (about_content or details)[0]
            message = _reword(model, loc, detail)
        else:
            detail = details[0]
            expected = " " + _("or") + " "
            message = _("expected {what}, found {found}").format(
                what=expected.join(dict.fromkeys(_(_EXPECTED[d["type"]]) for d in details)),
                found=_describe(detail.get("input")),
            )
        problems.append(problem_at(doc, loc, message, detail["type"]))
    return problems


_EXPECTED = {
    "string_type": N_("text"),
    "dict_type": N_("a mapping ('key: value' lines)"),
    "model_type": N_("a mapping ('key: value' lines)"),
    "model_attributes_type": N_("a mapping ('key: value' lines)"),
    "list_type": N_("a list (lines starting with '- ')"),
    "int_type": N_("a whole number"),
    "float_type": N_("a number"),
    "bool_type": N_("true or false"),
    "none_required": N_("nothing"),
}


def _clean_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    # Unions add each member's name to the location: `str`, `LocalizedText`, and for validated
    # members pydantic's own `function-after[check_safe_text(), str]`. Instructors never wrote them.
    return tuple(p for p in loc if not (isinstance(p, str) and _MEMBER.match(p)))


_MEMBER = re.compile(r"^(?:[A-Z]\w*|str|int|float|bool|none|[a-z]+(?:-[a-z]+)+\[.*\])$")


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing (an empty value)")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=value)
    if isinstance(value, str):
        return _("the text '{value}'").format(value=value[:40])
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return type(value).__name__


def _reword(model: type[BaseModel], loc: tuple[str | int, ...], detail: Any) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    value = detail.get("input")
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        field = _field_info(model, loc)
        text = _("required field '{name}' is missing").format(name=name)
        if field is not None and field.description:
            text += " — " + _(field.description)
        return text
    if kind == "extra_forbidden":
        allowed = sorted(_model_at(model, loc[:-1]))
        text = _("unknown field '{name}'").format(name=name)
        close = difflib.get_close_matches(name, allowed, n=1)
        if close:
            text += _("; did you mean '{close}'?").format(close=close[0])
        if allowed:
            text += " " + _("Fields allowed here: {fields}").format(fields=", ".join(allowed))
        return text
    if kind == "union_tag_invalid":
        return _("unknown question type '{tag}'; use one of: {types}").format(
            tag=ctx.get("tag"), types=ctx.get("expected_tags")
        )
    if kind == "union_tag_not_found":
        return _("a question needs a 'type' field; use one of: {types}").format(types=_type_names())
    if kind == "string_type":
        text = _("expected text, found {found}").format(found=_describe(value))
        if isinstance(value, (bool, int, float)):
            text += _("; put it in quotes to keep it as text")
        return text
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return _("expected a whole number, found {found}").format(found=_describe(value))
    if kind in {"float_type", "float_parsing"}:
        return _("expected a number, found {found}").format(found=_describe(value))
    if kind in {"bool_type", "bool_parsing"}:
        return _("expected true or false, found {found}").format(found=_describe(value))
    if kind == "list_type":
        return _("expected a list (lines starting with '- '), found {found}").format(found=_describe(value))
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _("expected a mapping ('key: value' lines), found {found}").format(found=_describe(value))
    if kind == "literal_error":
        return _("'{value}' is not allowed here; use one of: {expected}").format(
            value=value, expected=ctx.get("expected")
        )
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return _(
                "'{value}' is not a valid id; use lower-case letters, digits, '.', '-' and '_' "
                "(at most 64, starting with a letter or digit)"
            ).format(value=value)
        if ctx.get("pattern") == LOCALE_PATTERN:
            return _("'{value}' is not a locale code; use codes such as vi, en or pt_BR").format(value=value)
        return _("'{value}' does not have the expected form ({pattern})").format(
            value=value, pattern=ctx.get("pattern")
        )
    if kind == "too_short":
        return _("needs at least {count} entries, found {found}").format(
            count=ctx.get("min_length"), found=ctx.get("actual_length")
        )
    if kind == "string_too_short":
        return _("must not be empty")
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than": _("must be greater than {bound}"),
            "greater_than_equal": _("must be at least {bound}"),
            "less_than": _("must be less than {bound}"),
            "less_than_equal": _("must be at most {bound}"),
        }
        return words[kind].format(bound=bound) + _(", found {found}").format(found=_describe(value))
    return str(detail["msg"])  # our own PydanticCustomError messages are already worded


def _type_names() -> str:
    from course.content.questions import QUESTION_TYPE_NAMES

    return ", ".join(QUESTION_TYPE_NAMES)


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _step(tp: Any, part: str | int) -> Any:
    """The type found one step down from `tp` along an error location."""
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, RootModel):
        tp = _unwrap(tp.model_fields["root"].annotation)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(str(part))
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    if origin is list and isinstance(part, int):
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    if origin in (typing.Union, types.UnionType):
        for member in typing.get_args(tp):
            member = _unwrap(member)
            if isinstance(member, type) and issubclass(member, BaseModel):
                type_field = member.model_fields.get("type")
                if type_field is not None and part in typing.get_args(type_field.annotation):
                    return member
                if str(part) in member.model_fields:
                    return member.model_fields[str(part)].annotation
        return None
    return None


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> dict[str, Any]:
    """The fields of the model found at `loc` (empty if the walk leaves the models)."""
    tp: Any = model
    for part in loc:
        tp = _step(tp, part)
        if tp is None:
            return {}
    tp = _unwrap(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        tp = next((m for m in typing.get_args(tp) if isinstance(m, type) and issubclass(m, BaseModel)), None)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and not issubclass(tp, RootModel):
        return dict(tp.model_fields)
    return {}


def _field_info(model: type[BaseModel], loc: tuple[str | int, ...]) -> Any:
    if not loc:
        return None
    return _model_at(model, loc[:-1]).get(str(loc[-1]))

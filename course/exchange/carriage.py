"""What travels in the `cybercourse:` comment: every field of a question or quiz that Moodle has no place for.

The comment is derived from the model, not listed by hand: every field is carried except the
ones the Moodle file itself holds (`held`), texts only in the file's language. A field someone
adds to a question or a quiz travels with no change here; the round-trip tests compare whole
model dumps to prove it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined, to_jsonable_python

from course.content.base import LOCALE_PATTERN, LocalizedText

Held = Callable[[BaseModel, str], bool]
_NOTHING = object()


def carried(model: BaseModel, lang: str, held: Held) -> dict[str, Any]:
    """The fields of `model` not `held` by the file and not at their default, as JSON data in `lang`."""
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        if held(model, name):
            continue
        value = getattr(model, name)
        default = info.get_default(call_default_factory=True)
        if default is not PydanticUndefined and value == default:
            continue
        shaped = _shaped(value, lang, info.annotation, held)
        if shaped is not _NOTHING:
            out[name] = shaped
    return out


def _shaped(value: Any, lang: str, annotation: Any, held: Held) -> Any:
    if isinstance(value, LocalizedText):
        return {lang: value.root[lang]} if value.has(lang) else _NOTHING
    if isinstance(value, BaseModel):
        return carried(value, lang, held)
    if isinstance(value, list | tuple):
        item_type = _item_type(annotation)
        return [({} if (s := _shaped(v, lang, item_type, held)) is _NOTHING else s) for v in value]
    if isinstance(value, dict):
        if _keyed_by_locale(annotation):
            return {lang: to_jsonable_python(value[lang])} if value.get(lang) else _NOTHING
        return {str(k): _shaped(v, lang, None, held) for k, v in value.items()}
    return to_jsonable_python(value)


def _unwrapped(annotation: Any) -> list[Any]:
    """The members of `annotation` once Annotated and unions are peeled off."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _unwrapped(arg)]
    return [annotation]


def _item_type(annotation: Any) -> Any:
    for member in _unwrapped(annotation):
        if typing.get_origin(member) in (list, tuple) and typing.get_args(member):
            return typing.get_args(member)[0]
    return None


def _keyed_by_locale(annotation: Any) -> bool:
    """Whether a dict field is keyed by locale code (`dict[LocaleCode, ...]`): one language travels."""
    for member in _unwrapped(annotation):
        if typing.get_origin(member) is dict:
            key = typing.get_args(member)[0] if typing.get_args(member) else None
            if typing.get_origin(key) is typing.Annotated:
                for meta in typing.get_args(key)[1:]:
                    for inner in getattr(meta, "metadata", [meta]):
                        if getattr(inner, "pattern", None) == LOCALE_PATTERN:
                            return True
    return False


def merged(old: Any, new: Any) -> Any:
    """`new` laid over `old`: mappings merge key by key (so texts in other languages stay), lists of
    the same length item by item; anything else is replaced by `new`."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = dict(old)
        for key, value in new.items():
            out[key] = merged(old[key], value) if key in old else value
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [merged(o, n) for o, n in zip(old, new, strict=True)]
    return new

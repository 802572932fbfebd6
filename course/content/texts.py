"""Walking every piece of localized text in a course (for coverage and word counts)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from course.content.base import LocalizedText


def localized_texts(obj: Any) -> Iterator[LocalizedText]:
    """Every `LocalizedText` inside a model, list or dict, depth first."""
    if isinstance(obj, LocalizedText):
        yield obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from localized_texts(getattr(obj, name))
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from localized_texts(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from localized_texts(item)


def word_count(text: str) -> int:
    return len(text.split())

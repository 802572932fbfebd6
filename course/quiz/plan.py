"""The record of an attempt's questions, and the shape of an answer: plain data only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# An answer is plain JSON data (see course.quiz.grading), so it can be stored as given.
Answer = dict[str, Any]


@dataclass(frozen=True)
class Presented:
    """One question as shown in an attempt: its id and the order of its parts.

    `order` is the option ids for choice questions, the starting item order for
    ordering questions and the right-hand column for matching questions; empty when
    the question has no parts to order.
    """

    question_id: str
    order: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"q": self.question_id, "order": list(self.order)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Presented:
        return cls(str(data["q"]), tuple(str(x) for x in data.get("order", ())))

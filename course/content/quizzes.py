"""A quiz file in `quizzes/`: a question bank and how attempts are drawn from it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from course.content.base import Id, LocalizedText, StrictModel
from course.content.questions import Question
from course.i18n import N_, _


class DrawRule(StrictModel):
    """Take `count` questions from another quiz's bank (how a final exam is built)."""

    quiz: Id = Field(description=N_("Id of the quiz whose questions are drawn."))
    count: int = Field(gt=0, description=N_("How many of its questions each attempt draws."))


class Quiz(StrictModel):
    """A question bank and the rules of an attempt."""

    id: Id = Field(description=N_("Stable id, referred to by a lesson's `quiz` or `final_exam`."))
    title: LocalizedText = Field(description=N_("Quiz title."))
    description: LocalizedText | None = Field(default=None, description=N_("Shown before starting."))
    mode: Literal["practice", "exam"] = Field(
        default="practice",
        description=N_("practice: feedback after each answer; exam: feedback at the end only."),
    )
    pass_mark: int = Field(default=70, ge=0, le=100, description=N_("Percent needed to pass."))
    draw: int | None = Field(
        default=None, gt=0, description=N_("How many of `questions` each attempt draws; all if omitted.")
    )
    shuffle: bool = Field(default=True, description=N_("Shuffle questions and options per attempt."))
    time_limit_minutes: int | None = Field(
        default=None, gt=0, description=N_("Time allowed per attempt; no limit if omitted.")
    )
    questions: list[Question] = Field(default=[], description=N_("The question bank."))
    draw_from: list[DrawRule] = Field(
        default=[], description=N_("Questions drawn from other quizzes' banks, e.g. for a final exam.")
    )

    @model_validator(mode="after")
    def _has_questions(self) -> Quiz:
        if not self.questions and not self.draw_from:
            raise PydanticCustomError("empty_quiz", _("a quiz needs `questions`, `draw_from`, or both"))
        return self

    def own_draw_count(self) -> int:
        return self.draw if self.draw is not None else len(self.questions)

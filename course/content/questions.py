"""The seven question types. Each keeps its answer key once; only the words are per language."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from course.content.answer_text import articles_of, significant_words
from course.content.base import AsOf, Id, LocaleCode, LocalizedText, SafeText, StrictModel
from course.content.models import SourceRef
from course.i18n import N_, _

Difficulty = Literal["easy", "medium", "hard"]
Scoring = Literal["all_or_nothing", "partial"]
NumberFormat = Literal["decimal", "year", "number"]


class Choice(StrictModel):
    """An option to pick, with optional feedback shown when the trainee picks it."""

    id: Id = Field(description=N_("Id the answer key refers to, e.g. `a`."))
    text: LocalizedText = Field(description=N_("What the option says."))
    feedback: LocalizedText | None = Field(default=None, description=N_("Shown after the trainee picks this option."))
    credit: float | None = Field(
        default=None,
        ge=-100,
        le=100,
        description=N_(
            "Percent of the marks this option earns when picked, as Moodle's answer grades. Single choice: a "
            "partly right option, e.g. 50. Multiple choice: replaces the option's share (right options share 100; "
            "each wrong one takes off as much as a right one gives)."
        ),
    )


class Item(StrictModel):
    """A piece of text to place: an ordering item or an extra matching answer."""

    id: Id = Field(description=N_("Stable id of the item."))
    text: LocalizedText = Field(description=N_("What the item says."))


class Pair(StrictModel):
    """A left-hand prompt and the right-hand answer it belongs with."""

    id: Id = Field(description=N_("Stable id of the pair."))
    left: LocalizedText = Field(description=N_("The prompt side, e.g. an article."))
    right: LocalizedText = Field(description=N_("The answer side, e.g. the offence it defines."))


class QuestionBase(StrictModel):
    """What every question has."""

    id: Id = Field(description=N_("Unique across the whole course; the progress key of the question."))
    prompt: LocalizedText = Field(description=N_("The question as the trainee reads it (Markdown)."))
    explanation: LocalizedText = Field(description=N_("Why the answer is right; shown after answering."))
    source: SourceRef = Field(description=N_("Where a trainee can check the answer."))
    hint: LocalizedText | None = Field(default=None, description=N_("Optional nudge before answering."))
    tags: list[Id] = Field(default=[], description=N_("Topics, for filtering and item analysis."))
    difficulty: Difficulty = Field(default="medium", description=N_("easy, medium or hard."))
    group: Id | None = Field(
        default=None,
        description=N_(
            "Questions with the same group are variants of one item, in any bank: an attempt never shows two of them."
        ),
    )
    as_of: AsOf | None = None


def _unique_ids(items: list[Any], what: str) -> list[Any]:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise PydanticCustomError(
                "duplicate_id",
                _("{what} id '{id}' is used twice in this question"),
                {"what": what, "id": item.id},
            )
        seen.add(item.id)
    return items


def _known(choice_id: str, options: list[Choice] | None) -> None:
    if options is None:  # the options themselves were invalid; that error is reported
        return
    ids = [o.id for o in options]
    if choice_id not in ids:
        raise PydanticCustomError(
            "unknown_option",
            _("'{id}' is not an option of this question; options are: {ids}"),
            {"id": choice_id, "ids": ", ".join(ids)},
        )


class SingleChoice(QuestionBase):
    """Pick the one right option; another option may earn part of the marks (its `credit`)."""

    type: Literal["single_choice"] = Field(description=N_("Pick one option."))
    options: list[Choice] = Field(min_length=2, description=N_("The options, 2 or more."))
    answer: Id = Field(description=N_("Id of the right option."))
    shuffle_options: bool = Field(default=True, description=N_("Shuffle options when the quiz shuffles."))

    @field_validator("options")
    @classmethod
    def _options_unique(cls, value: list[Choice]) -> list[Choice]:
        return _unique_ids(value, _("option"))

    @field_validator("answer")
    @classmethod
    def _answer_known(cls, value: str, info: ValidationInfo) -> str:
        _known(value, info.data.get("options"))
        return value

    @model_validator(mode="after")
    def _credits_in_range(self) -> SingleChoice:
        for option in self.options:
            if option.credit is None:
                continue
            if option.id == self.answer and option.credit != 100:
                raise PydanticCustomError(
                    "credit",
                    _("option '{id}' is the answer, so it earns 100; remove its credit"),
                    {"id": option.id},
                )
            if option.credit < 0:
                raise PydanticCustomError(
                    "credit",
                    _(
                        "option '{id}' has credit {credit}: a single-choice option earns 0 to 100 "
                        "(a score never goes below 0)"
                    ),
                    {"id": option.id, "credit": _percent(option.credit)},
                )
        return self

    def credits(self) -> dict[str, float]:
        """Percent each option earns: 100 for the answer, its `credit` or 0 for the others."""
        return {o.id: 100.0 if o.id == self.answer else float(o.credit or 0) for o in self.options}


def _percent(value: float) -> str:
    return f"{value:g}"


CREDIT_SLACK = 0.01  # percent points: Moodle writes 1/3 as 33.33333


class MultipleChoice(QuestionBase):
    """Select all that apply.

    Scoring `partial` (the default): (right picks - wrong picks) / number of right options,
    never below 0; options with a `credit` count that percent instead (Moodle's rule: the sum
    of the picks' grades, between 0 and 1). `all_or_nothing`: 1 only for exactly the right set.
    """

    type: Literal["multiple_choice"] = Field(description=N_("Select all that apply."))
    options: list[Choice] = Field(min_length=3, description=N_("The options, 3 or more."))
    answers: list[Id] = Field(min_length=1, description=N_("Ids of every right option."))
    scoring: Scoring = Field(default="partial", description=N_("partial or all_or_nothing."))
    shuffle_options: bool = Field(default=True, description=N_("Shuffle options when the quiz shuffles."))

    @field_validator("options")
    @classmethod
    def _options_unique(cls, value: list[Choice]) -> list[Choice]:
        return _unique_ids(value, _("option"))

    @field_validator("answers")
    @classmethod
    def _answers_known(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for choice_id in value:
            _known(choice_id, info.data.get("options"))
        if len(set(value)) != len(value):
            raise PydanticCustomError("duplicate_answer", _("an option is listed twice in answers"))
        return value

    @model_validator(mode="after")
    def _credits_add_up(self) -> MultipleChoice:
        if not any(option.credit is not None for option in self.options):
            return self
        if self.scoring == "all_or_nothing":
            raise PydanticCustomError(
                "credit", _("credit on options needs scoring: partial (all_or_nothing gives 1 or 0)")
            )
        right = set(self.answers)
        for option in self.options:
            if option.credit is None:
                continue
            if option.id in right and option.credit <= 0:
                raise PydanticCustomError(
                    "credit",
                    _("option '{id}' is a right answer, so its credit must be above 0"),
                    {"id": option.id},
                )
            if option.id not in right and option.credit > 0:
                raise PydanticCustomError(
                    "credit",
                    _("option '{id}' is not in answers, so its credit must be 0 or below; or add it to answers"),
                    {"id": option.id},
                )
        credits = self.credits()
        total = sum(credits[i] for i in right)
        if abs(total - 100) > CREDIT_SLACK:
            raise PydanticCustomError(
                "credit",
                _("the right options' credits add up to {total}, not 100"),
                {"total": _percent(round(total, 5))},
            )
        return self

    def credits(self) -> dict[str, float]:
        """Percent each option earns when picked: its `credit`, else its share.

        The shares (right: 100 / number of right options; wrong: minus that) make the sum of
        the picks' credits equal to the `partial` rule, so one formula grades both.
        """
        share = 100 / len(self.answers)
        right = set(self.answers)
        return {
            o.id: float(o.credit) if o.credit is not None else (share if o.id in right else -share)
            for o in self.options
        }


class TrueFalse(QuestionBase):
    """Is the statement in the prompt true?"""

    type: Literal["true_false"] = Field(description=N_("Judge a statement true or false."))
    answer: bool = Field(description=N_("true or false."))


class ShortAnswer(QuestionBase):
    """Type a word or phrase.

    Matching `normalized` (the default) ignores case, punctuation, repeated spaces, Unicode
    composition, a leading article of the accepted answer's language ("the") and the words
    `optional_words` lists for that language; `exact` compares the text as typed (after
    NFC). An answer is right when it matches an accepted answer of any locale, whatever the
    interface language.
    """

    type: Literal["short_answer"] = Field(description=N_("Type a short answer."))
    accepted: dict[LocaleCode, list[SafeText]] = Field(
        description=N_("Accepted answers per locale, e.g. `{en: [extradition], vi: [dẫn độ]}`.")
    )
    match: Literal["normalized", "exact"] = Field(default="normalized", description=N_("normalized or exact."))
    accept_without_diacritics: bool = Field(
        default=False, description=N_("Also accept the answer typed without Vietnamese marks (đ as d).")
    )
    optional_words: dict[LocaleCode, list[SafeText]] = Field(
        default={},
        description=N_(
            "Words or phrases a trainee may add or leave out, per language of the accepted answers, "
            "e.g. `{en: [UN], vi: [của Liên Hợp Quốc]}`."
        ),
    )

    @field_validator("accepted")
    @classmethod
    def _every_locale(cls, value: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        required = (info.context or {}).get("locales", ())
        missing = [loc for loc in required if not [a for a in value.get(loc, []) if a.strip()]]
        if missing:
            raise PydanticCustomError(
                "missing_locale",
                _("no accepted answer for {missing}; every shipped locale needs at least one"),
                {"missing": ", ".join(missing)},
            )
        return value

    @field_validator("optional_words")
    @classmethod
    def _something_left(cls, value: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        # An answer made only of optional words would accept anything made of them (even "the").
        for locale, answers in (info.data.get("accepted") or {}).items():
            extra = value.get(locale, ())
            for answer in answers:
                if answer.strip() and not significant_words(answer, extra, articles_of(locale)):
                    raise PydanticCustomError(
                        "optional_words",
                        _(
                            "the accepted answer '{answer}' ({locale}) is made only of optional words or an "
                            "article; nothing would be left to compare, so remove a word from optional_words"
                        ),
                        {"answer": answer, "locale": locale},
                    )
        return value


class Numeric(QuestionBase):
    """Type a number; right when within `tolerance` of `value`.

    `format` says how the value is written back to the trainee: `decimal` groups thousands
    as their language does (`12,500.5`, `12.500,5`); a `year` (`2001`) or a plain `number`
    such as an article or session number (`1024`) is never grouped.
    """

    type: Literal["numeric"] = Field(description=N_("Type a number."))
    value: float = Field(description=N_("The right number."))
    tolerance: float = Field(default=0, ge=0, description=N_("How far from `value` still counts as right."))
    unit: LocalizedText | None = Field(default=None, description=N_("Unit shown next to the input."))
    format: NumberFormat = Field(
        default="decimal",
        description=N_(
            "decimal (thousands grouped as the trainee's language writes them), year or number (never grouped)."
        ),
    )

    @field_validator("format")
    @classmethod
    def _whole_year(cls, value: str, info: ValidationInfo) -> str:
        number = info.data.get("value")
        if value == "year" and number is not None and number != int(number):
            raise PydanticCustomError("not_a_year", _("a year is a whole number; {value} is not"), {"value": number})
        return value


class Ordering(QuestionBase):
    """Put the items in order. List `items` in the right order; the runner shuffles them.

    Scoring `partial` (the default): the share of items in their right place.
    """

    type: Literal["ordering"] = Field(description=N_("Put items in order."))
    items: list[Item] = Field(min_length=2, description=N_("The items, in the RIGHT order."))
    scoring: Scoring = Field(default="partial", description=N_("partial or all_or_nothing."))

    @field_validator("items")
    @classmethod
    def _items_unique(cls, value: list[Item]) -> list[Item]:
        return _unique_ids(value, _("item"))


class Matching(QuestionBase):
    """Pair each left item with its right item. The runner shuffles the right side.

    Scoring `partial` (the default): the share of left items paired correctly.
    """

    type: Literal["matching"] = Field(description=N_("Pair left items with right items."))
    pairs: list[Pair] = Field(min_length=2, description=N_("The right pairs."))
    distractors: list[Item] = Field(default=[], description=N_("Extra right-hand items that match nothing."))
    scoring: Scoring = Field(default="partial", description=N_("partial or all_or_nothing."))

    @field_validator("pairs")
    @classmethod
    def _pairs_unique(cls, value: list[Pair]) -> list[Pair]:
        return _unique_ids(value, _("pair"))

    @field_validator("distractors")
    @classmethod
    def _distractors_unique(cls, value: list[Item], info: ValidationInfo) -> list[Item]:
        pair_ids = {p.id for p in info.data.get("pairs") or []}
        clash = [d.id for d in value if d.id in pair_ids]
        if clash:
            raise PydanticCustomError(
                "duplicate_id",
                _("distractor id '{id}' is also a pair id"),
                {"id": clash[0]},
            )
        return _unique_ids(value, _("distractor"))


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | ShortAnswer | Numeric | Ordering | Matching,
    Field(discriminator="type"),
]
QUESTION_TYPES: tuple[type[QuestionBase], ...] = (
    SingleChoice,
    MultipleChoice,
    TrueFalse,
    ShortAnswer,
    Numeric,
    Ordering,
    Matching,
)
QUESTION_TYPE_NAMES = tuple(t.model_fields["type"].annotation.__args__[0] for t in QUESTION_TYPES)  # type: ignore[union-attr]

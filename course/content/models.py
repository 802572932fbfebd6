"""The course manifest, lessons, glossary and sources, as instructors write them in YAML."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from course.content.base import AsOf, Id, LocaleCode, LocalizedText, SafeText, StrictModel
from course.i18n import N_, _

SourceKey = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]


class SourceRef(StrictModel):
    """A pointer a trainee can follow: a source from `lessons/sources.yaml`, and where in it."""

    ref: SourceKey = Field(description=N_("Key of a source listed in `lessons/sources.yaml`, e.g. `S10`."))
    at: SafeText | LocalizedText | None = Field(
        default=None,
        description=N_(
            "Where in the source: an article or section, e.g. `Art. 2`, or per locale `{en: Art. 2, vi: Điều 2}`."
        ),
    )
    also: list[SourceKey] = Field(
        default=[],
        description=N_(
            "Keys of further sources for the same point, e.g. `[S35]`; a source that must never stand alone goes here."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _from_key(cls, value: Any) -> Any:
        # `sources: [S2, S3]` is the natural way to cite whole sources.
        return {"ref": value} if isinstance(value, str) else value


class Source(StrictModel):
    """A public document the course relies on."""

    id: SourceKey = Field(description=N_("Short key cited by lessons and questions, e.g. `S10`."))
    title: LocalizedText = Field(
        description=N_(
            "Citation as a trainee would look it up, in each language (the original title may stay as it is)."
        )
    )
    url: SafeText | None = Field(
        default=None, description=N_("Address of the page that holds the claim (not a site's home page), when online.")
    )


class SourceList(StrictModel):
    """`lessons/sources.yaml`: every source the course cites."""

    sources: list[Source] = Field(min_length=1, description=N_("The sources, each with a unique id."))


class GlossaryTerm(StrictModel):
    """A term with its equivalent in each language and a one-line definition."""

    id: Id = Field(description=N_("Stable id that lessons list under `key_terms`."))
    term: LocalizedText = Field(description=N_("The term itself in each language."))
    definition: LocalizedText = Field(description=N_("One-line definition in each language."))
    see_also: list[Id] = Field(default=[], description=N_("Ids of related glossary terms."))
    as_of: AsOf | None = None


class Glossary(StrictModel):
    """A file in `lessons/glossary/`: a group of glossary terms."""

    terms: list[GlossaryTerm] = Field(min_length=1, description=N_("The terms of this group."))


class Section(StrictModel):
    """One screen of a lesson: a heading and a Markdown body."""

    heading: LocalizedText = Field(description=N_("Section heading."))
    body: LocalizedText = Field(description=N_("Section text in Markdown."))
    as_of: AsOf | None = None


class Lesson(StrictModel):
    """A lesson file in `lessons/`."""

    id: Id = Field(description=N_("Stable id, used as the progress key and in `course.yaml`."))
    title: LocalizedText = Field(description=N_("Lesson title."))
    summary: LocalizedText = Field(description=N_("One or two sentences shown on the course map."))
    objectives: list[LocalizedText] = Field(min_length=1, description=N_("What the trainee can do after the lesson."))
    sections: list[Section] = Field(min_length=1, description=N_("The lesson's sections, in order."))
    key_terms: list[Id] = Field(default=[], description=N_("Ids of glossary terms this lesson uses."))
    sources: list[SourceRef] = Field(min_length=1, description=N_("Sources the lesson relies on."))
    quiz: Id | None = Field(default=None, description=N_("Id of the quiz that closes the lesson."))
    prerequisites: list[Id] = Field(default=[], description=N_("Ids of lessons whose quiz must be passed first."))
    minutes: int | None = Field(default=None, gt=0, description=N_("Estimated reading time."))


class Manifest(StrictModel):
    """`lessons/course.yaml`: what the course is and the order of its lessons."""

    id: Id = Field(description=N_("Stable id of the course."))
    title: LocalizedText = Field(description=N_("Course title."))
    description: LocalizedText | None = Field(default=None, description=N_("Shown on the start screen."))
    locales: list[LocaleCode] = Field(
        min_length=1, description=N_("Locales the course ships; all content must be complete in each.")
    )
    source_locale: LocaleCode = Field(
        description=N_("Locale authors write first; the fallback for any other language.")
    )
    lessons: list[Id] = Field(min_length=1, description=N_("Lesson ids in the order they are taught."))
    final_exam: Id | None = Field(
        default=None, description=N_("Id of the quiz that unlocks when every lesson quiz is passed.")
    )
    as_of_max_age_months: int = Field(
        default=12,
        gt=0,
        description=N_("`validate` warns about any `as_of` date older than this many months (default 12)."),
    )

    @field_validator("source_locale")
    @classmethod
    def _source_is_shipped(cls, value: str, info: Any) -> str:
        locales = info.data.get("locales") or []
        if locales and value not in locales:
            raise PydanticCustomError(
                "source_locale",
                _("source locale '{value}' is not one of the course locales ({locales})"),
                {"value": value, "locales": ", ".join(locales)},
            )
        return value

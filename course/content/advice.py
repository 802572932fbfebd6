"""Warnings for instructors: nothing is broken, but something needs a second look.

`validate` lists them apart from problems and still exits 0: a dated statement that is due
for re-checking, or two questions that ask the same thing in the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from course.content.answer_text import normalize_text
from course.content.course import Course, Origin
from course.content.problems import Problem, problem_at
from course.content.questions import Matching, Ordering, QuestionBase
from course.i18n import _


def course_warnings(course: Course, today: dt.date) -> list[Problem]:
    """Every warning about `course` on the day `today` (dates are judged against it)."""
    found = list(_stale_dates(course, today)) + list(_same_prompts(course))
    return sorted(set(found))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of the month where it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _dated(course: Course) -> Iterator[tuple[Origin, tuple[str | int, ...], dt.date]]:
    """Every `as_of` in the course, with where it is written."""
    for lesson in course.lessons.values():
        origin = course.origins.get(("lesson", lesson.id))
        for i, section in enumerate(lesson.sections):
            if section.as_of is not None and origin is not None:
                yield origin, ("sections", i, "as_of"), section.as_of
    for question in course.questions().values():
        origin = course.origins.get(("question", question.id))
        if question.as_of is not None and origin is not None:
            yield origin, ("as_of",), question.as_of
    for term in course.glossary.values():
        origin = course.origins.get(("term", term.id))
        if term.as_of is not None and origin is not None:
            yield origin, ("as_of",), term.as_of


def _stale_dates(course: Course, today: dt.date) -> Iterator[Problem]:
    months = course.manifest.as_of_max_age_months
    limit = months_before(today, months)
    for origin, loc, day in _dated(course):
        if day < limit:
            message = _(
                "dated {date}, more than {months} months ago (as_of_max_age_months in course.yaml): "
                "check the statement against its source, then update as_of"
            ).format(date=day.isoformat(), months=months)
        elif day > today:
            message = _("dated {date}, which is after today: write the day the statement was checked").format(
                date=day.isoformat()
            )
        else:
            continue
        yield problem_at(origin.doc, origin.loc + loc, message, "stale_as_of")


def _asked(question: QuestionBase, locale: str) -> str:
    """What a question asks in `locale`: its prompt, and for ordering and matching questions,
    whose prompt is only an instruction ("Put these in order"), the items too."""
    text = normalize_text(question.prompt.root.get(locale, ""))
    if isinstance(question, Ordering):
        parts = sorted(normalize_text(item.text.root.get(locale, "")) for item in question.items)
        return text + "\n" + "\n".join(parts)
    if isinstance(question, Matching):
        parts = sorted(normalize_text(p.left.root.get(locale, "")) for p in question.pairs)
        return text + "\n" + "\n".join(parts)
    return text


def _same_prompts(course: Course) -> Iterator[Problem]:
    """Questions asking, in some language, word for word what another asks (outside a group)."""
    first: dict[tuple[str, str], str] = {}
    questions = course.questions()
    for question in questions.values():
        for locale in sorted(question.prompt.root):
            key = (locale, _asked(question, locale))
            earlier_id = first.setdefault(key, question.id)
            if earlier_id == question.id:
                continue
            earlier = questions[earlier_id]
            if question.group is not None and question.group == earlier.group:
                continue
            origin = course.origins.get(("question", question.id))
            earlier_origin = course.origins.get(("question", earlier_id))
            if origin is None or earlier_origin is None:
                continue
            line, column, _field = earlier_origin.doc.locate((*earlier_origin.loc, "prompt", locale))
            place = f"{earlier_origin.doc.path.name}:{line}:{column}"
            yield problem_at(
                origin.doc,
                (*origin.loc, "prompt", locale),
                _(
                    "the same prompt as question '{id}' ({place}); an attempt drawing both could ask it twice: "
                    "reword one, or give both the same group"
                ).format(id=earlier_id, place=place),
                "same_prompt",
            )
            break

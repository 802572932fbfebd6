"""Checks across files: unique ids, references that resolve, prerequisites without cycles."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from course.content.course import EVERY_ID, Course, Origin
from course.content.problems import Problem, problem_at
from course.content.questions import QuestionBase
from course.content.quizzes import Quiz
from course.i18n import _


def _at(origin: Origin, *loc: str | int, message: str, code: str) -> Problem:
    return problem_at(origin.doc, origin.loc + tuple(loc), message, code)


def _unknown(kind: str, value: str, known: Iterable[str]) -> str:
    kind_names = {
        "lesson": _("lesson"),
        "quiz": _("quiz"),
        "term": _("glossary term"),
        "source": _("source"),
    }
    text = _("there is no {kind} with id '{id}'").format(kind=kind_names[kind], id=value)
    close = difflib.get_close_matches(value, list(known), n=1)
    if close:
        text += _("; did you mean '{close}'?").format(close=close[0])
    return text


def _unreadable(course: Course, kind: str, value: str) -> bool:
    """Whether `value` may be in a file that could not be read (its problem is reported already)."""
    return value in course.unreadable[kind] or EVERY_ID in course.unreadable[kind]


def _missing(course: Course, kind: str, value: str, known: Iterable[str]) -> bool:
    return value not in known and not _unreadable(course, kind, value)


def cross_check(course: Course, by_kind: dict[str, list[tuple[str, Origin]]]) -> list[Problem]:
    problems: list[Problem] = []
    problems += _unique_ids(course, by_kind)
    problems += _manifest_refs(course)
    problems += _lesson_refs(course)
    problems += _prerequisites(course)
    problems += _quiz_refs(course)
    problems += _glossary_refs(course)
    return problems


def _unique_ids(course: Course, by_kind: dict[str, list[tuple[str, Origin]]]) -> list[Problem]:
    problems = []
    for kind, entries in by_kind.items():
        first: dict[str, Origin] = {}
        for item_id, origin in entries:
            if item_id in first:
                earlier = first[item_id]
                line, column, _field = earlier.doc.locate((*earlier.loc, "id"))
                problems.append(
                    _at(
                        origin,
                        "id",
                        message=_("id '{id}' is already used at {place}; ids must be unique across the course").format(
                            id=item_id, place=f"{earlier.doc.path.name}:{line}:{column}"
                        ),
                        code="duplicate_id",
                    )
                )
            else:
                first[item_id] = origin
                course.origins[(kind, item_id)] = origin
    return problems


def _manifest_refs(course: Course) -> list[Problem]:
    origin = course.origins[("manifest", course.manifest.id)]
    problems = []
    listed: set[str] = set()
    for i, lesson_id in enumerate(course.manifest.lessons):
        if lesson_id in listed:
            problems.append(
                _at(
                    origin,
                    "lessons",
                    i,
                    message=_("lesson '{id}' is listed twice").format(id=lesson_id),
                    code="duplicate_id",
                )
            )
        listed.add(lesson_id)
        if _missing(course, "lesson", lesson_id, course.lessons):
            problems.append(
                _at(origin, "lessons", i, message=_unknown("lesson", lesson_id, course.lessons), code="reference")
            )
    for lesson_id in course.lessons:
        if lesson_id not in listed:
            problems.append(
                _at(
                    course.origins[("lesson", lesson_id)],
                    "id",
                    message=_(
                        "lesson '{id}' is not listed under 'lessons' in course.yaml; add it where it should be taught"
                    ).format(id=lesson_id),
                    code="unlisted",
                )
            )
    exam = course.manifest.final_exam
    if exam is not None and _missing(course, "quiz", exam, course.quizzes):
        problems.append(_at(origin, "final_exam", message=_unknown("quiz", exam, course.quizzes), code="reference"))
    return problems


def _lesson_refs(course: Course) -> list[Problem]:
    problems = []
    for lesson in course.lessons.values():
        origin = course.origins[("lesson", lesson.id)]
        if lesson.quiz is not None and _missing(course, "quiz", lesson.quiz, course.quizzes):
            problems.append(
                _at(origin, "quiz", message=_unknown("quiz", lesson.quiz, course.quizzes), code="reference")
            )
        for i, term in enumerate(lesson.key_terms):
            if _missing(course, "term", term, course.glossary):
                problems.append(
                    _at(origin, "key_terms", i, message=_unknown("term", term, course.glossary), code="reference")
                )
        for i, ref in enumerate(lesson.sources):
            for key in [ref.ref, *ref.also]:
                if _missing(course, "source", key, course.sources):
                    problems.append(
                        _at(origin, "sources", i, message=_unknown("source", key, course.sources), code="reference")
                    )
        for i, prerequisite in enumerate(lesson.prerequisites):
            if _missing(course, "lesson", prerequisite, course.lessons):
                problems.append(
                    _at(
                        origin,
                        "prerequisites",
                        i,
                        message=_unknown("lesson", prerequisite, course.lessons),
                        code="reference",
                    )
                )
    return problems


def _prerequisites(course: Course) -> list[Problem]:
    problems = []
    order = {lesson_id: i for i, lesson_id in enumerate(course.manifest.lessons)}
    reported: set[frozenset[str]] = set()
    for lesson in course.lessons.values():
        cycle = _find_cycle(course, lesson.id)
        origin = course.origins[("lesson", lesson.id)]
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            problems.append(
                _at(
                    origin,
                    "prerequisites",
                    message=_("prerequisites form a cycle: {cycle}; no trainee could ever start these lessons").format(
                        cycle=" → ".join([*cycle, cycle[0]])
                    ),
                    code="cycle",
                )
            )
            continue
        if cycle:
            continue
        for i, prerequisite in enumerate(lesson.prerequisites):
            if prerequisite in order and lesson.id in order and order[prerequisite] > order[lesson.id]:
                problems.append(
                    _at(
                        origin,
                        "prerequisites",
                        i,
                        message=_("prerequisite '{id}' comes after this lesson in course.yaml; move it earlier").format(
                            id=prerequisite
                        ),
                        code="order",
                    )
                )
    return problems


def _find_cycle(course: Course, start: str) -> list[str]:
    """The lessons of a prerequisite cycle through `start`, or [] if there is none."""
    path: list[str] = []

    def visit(lesson_id: str) -> bool:
        if lesson_id == start and path:
            return True
        if lesson_id in path or lesson_id not in course.lessons:
            return False
        path.append(lesson_id)
        if any(visit(p) for p in course.lessons[lesson_id].prerequisites):
            return True
        path.pop()
        return False

    return path if visit(start) else []


def _quiz_refs(course: Course) -> list[Problem]:
    problems = []
    used = {lesson.quiz for lesson in course.lessons.values()} | {course.manifest.final_exam}
    for quiz in course.quizzes.values():
        used |= {rule.quiz for rule in quiz.draw_from}
    for quiz in course.quizzes.values():
        origin = course.origins[("quiz", quiz.id)]
        if quiz.id not in used and not course.unreadable["lesson"]:
            problems.append(
                _at(
                    origin,
                    "id",
                    message=_(
                        "quiz '{id}' is not used: no lesson names it as its quiz and it is not the final exam"
                    ).format(id=quiz.id),
                    code="unused",
                )
            )
        problems += _group_draws(course, quiz, origin)
        if quiz.draw is not None and quiz.draw > len(quiz.questions):
            problems.append(
                _at(
                    origin,
                    "draw",
                    message=_("draw is {draw} but the bank has only {size} questions").format(
                        draw=quiz.draw, size=len(quiz.questions)
                    ),
                    code="draw",
                )
            )
        for i, rule in enumerate(quiz.draw_from):
            target = course.quizzes.get(rule.quiz)
            if target is None and _unreadable(course, "quiz", rule.quiz):
                continue
            if target is None or rule.quiz == quiz.id:
                message = (
                    _unknown("quiz", rule.quiz, course.quizzes)
                    if target is None
                    else _("a quiz cannot draw from itself")
                )
                problems.append(_at(origin, "draw_from", i, "quiz", message=message, code="reference"))
            elif target.draw_from:
                problems.append(
                    _at(
                        origin,
                        "draw_from",
                        i,
                        "quiz",
                        message=_("quiz '{id}' draws from other quizzes itself; draw from question banks only").format(
                            id=rule.quiz
                        ),
                        code="reference",
                    )
                )
            elif rule.count > len(target.questions):
                problems.append(
                    _at(
                        origin,
                        "draw_from",
                        i,
                        "count",
                        message=_("count is {count} but quiz '{id}' has only {size} questions").format(
                            count=rule.count, id=rule.quiz, size=len(target.questions)
                        ),
                        code="draw",
                    )
                )
        for i, question in enumerate(quiz.questions):
            cited = [(("ref",), question.source.ref)] + [
                (("also", j), key) for j, key in enumerate(question.source.also)
            ]
            for loc, key in cited:
                if _missing(course, "source", key, course.sources):
                    problems.append(
                        _at(
                            origin,
                            "questions",
                            i,
                            "source",
                            *loc,
                            message=_unknown("source", key, course.sources),
                            code="reference",
                        )
                    )
    return problems


def _slots(questions: Iterable[QuestionBase], shared: set[str]) -> int:
    """How many questions a draw can surely take: one per group, none of a group `shared` elsewhere."""
    questions = list(questions)
    groups = {q.group for q in questions if q.group is not None and q.group not in shared}
    return sum(1 for q in questions if q.group is None) + len(groups)


def _group_draws(course: Course, quiz: Quiz, origin: Origin) -> list[Problem]:
    """A draw that could run out of questions because of groups (never two of a group per attempt)."""
    parts: list[tuple[tuple[str | int, ...], list[QuestionBase], int]] = []
    if quiz.questions:
        parts.append((("draw",), list(quiz.questions), quiz.own_draw_count()))
    for i, rule in enumerate(quiz.draw_from):
        target = course.quizzes.get(rule.quiz)
        if target is not None and target.id != quiz.id and not target.draw_from:
            parts.append((("draw_from", i, "count"), list(target.questions), rule.count))
    if not any(q.group for _loc, questions, _count in parts for q in questions):
        return []
    problems = []
    for index, (loc, questions, count) in enumerate(parts):
        others = {q.group for j, (_l, qs, _c) in enumerate(parts) if j != index for q in qs if q.group}
        slots = _slots(questions, others)
        if count > slots and count <= len(questions):
            problems.append(
                _at(
                    origin,
                    *loc,
                    message=_(
                        "{count} questions are drawn here but only {slots} can surely be drawn without two of one "
                        "group (variants shown in the same attempt); lower the count or split a group"
                    ).format(count=count, slots=slots),
                    code="draw",
                )
            )
    return problems


def _glossary_refs(course: Course) -> list[Problem]:
    problems = []
    for term in course.glossary.values():
        origin = course.origins[("term", term.id)]
        for i, other in enumerate(term.see_also):
            if _missing(course, "term", other, course.glossary):
                problems.append(
                    _at(origin, "see_also", i, message=_unknown("term", other, course.glossary), code="reference")
                )
    return problems

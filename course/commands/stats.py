"""`cybercourse stats`: what a course holds, and how complete each language is."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from course.commands import add_format_option, load_or_report
from course.content import QUESTION_TYPE_NAMES, Course
from course.content.texts import localized_texts, word_count
from course.content.translation import coverage
from course.i18n import _, format_percent, ngettext
from course.printable import printable_json


def collect(course: Course) -> dict[str, Any]:
    """The figures `stats` prints, as plain data."""
    locales = sorted(set(course.locales) | {loc for t in localized_texts(_everything(course)) for loc in t.locales()})
    # Counted as `i18n status` counts them (texts, and each short answer's accepted answers), so both agree.
    files = coverage(course, locales)
    total = sum(f.total for f in files)
    shares = {loc: sum(f.present[loc] for f in files) / total if total else 1.0 for loc in locales}
    by_type: Counter[str] = Counter()
    quizzes = []
    for quiz in course.quizzes.values():
        types = Counter(q.type for q in quiz.questions)
        by_type.update(types)
        quizzes.append(
            {
                "id": quiz.id,
                "mode": quiz.mode,
                "questions": len(quiz.questions),
                "per_attempt": quiz.own_draw_count() + sum(r.count for r in quiz.draw_from),
                "by_type": dict(types),
            }
        )
    lessons = [
        {
            "id": lesson.id,
            "sections": len(lesson.sections),
            "words": {
                loc: sum(
                    word_count(s.heading.root.get(loc, "") + " " + s.body.root.get(loc, "")) for s in lesson.sections
                )
                for loc in course.locales
            },
            "key_terms": len(lesson.key_terms),
            "quiz": lesson.quiz,
        }
        for lesson in course.lessons.values()
    ]
    return {
        "course": course.manifest.id,
        "lessons": lessons,
        "quizzes": quizzes,
        "questions": sum(by_type.values()),
        "questions_by_type": {name: by_type.get(name, 0) for name in QUESTION_TYPE_NAMES},
        "glossary_terms": len(course.glossary),
        "sources": len(course.sources),
        "text_fields": total,
        "locale_coverage": shares,
    }


def _everything(course: Course) -> list[Any]:
    return [course.manifest, *course.lessons.values(), *course.quizzes.values(), *course.glossary.values()]


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "stats",
        parents=[common],
        help=_("count lessons, questions per quiz and type, glossary terms and locale coverage"),
    )
    add_format_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    result = load_or_report(args, require_valid=False)
    if result is None or result.course is None:
        return 1
    data = collect(result.course)
    if args.format == "json":
        sys.stdout.write(printable_json(data) + "\n")
        return 1 if result.problems else 0
    print(_("Course: {id}").format(id=data["course"]))
    print()
    print(_("Lessons ({n}):").format(n=len(data["lessons"])))
    for lesson in data["lessons"]:
        words = ", ".join(f"{loc} {n}" for loc, n in lesson["words"].items())
        print(
            "  "
            + _("{id}: {sections} sections, words {words}, {terms} key terms, quiz {quiz}").format(
                id=lesson["id"],
                sections=lesson["sections"],
                words=words,
                terms=lesson["key_terms"],
                quiz=lesson["quiz"] or "-",
            )
        )
    print()
    print(_("Quizzes ({n}):").format(n=len(data["quizzes"])))
    for quiz in data["quizzes"]:
        types = ", ".join(f"{name} {count}" for name, count in sorted(quiz["by_type"].items()))
        print(
            "  "
            + _("{id} ({mode}): {questions} questions, {per_attempt} per attempt; {types}").format(
                id=quiz["id"],
                mode=quiz["mode"],
                questions=quiz["questions"],
                per_attempt=quiz["per_attempt"],
                types=types or "-",
            )
        )
    print()
    print(_("Questions: {n}").format(n=data["questions"]))
    for name, count in data["questions_by_type"].items():
        print(f"  {name:16} {count}")
    print(_("Glossary terms: {n}").format(n=data["glossary_terms"]))
    print(_("Sources: {n}").format(n=data["sources"]))
    print(_("Locale coverage ({n} text fields):").format(n=data["text_fields"]))
    for loc, share in data["locale_coverage"].items():
        print(f"  {loc:6} {format_percent(share, 1)}")
    if result.problems:
        count = len(result.problems)
        print(
            ngettext(
                "The course has {n} problem; run `cybercourse validate`.",
                "The course has {n} problems; run `cybercourse validate`.",
                count,
            ).format(n=count),
            file=sys.stderr,
        )
        return 1
    return 0

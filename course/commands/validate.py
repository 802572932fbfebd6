"""`cybercourse validate`: tell an instructor exactly what is wrong with their course."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
from pathlib import Path

from course.commands import add_format_option
from course.content import Problem, find_content_dir, load_course
from course.content.advice import course_warnings
from course.i18n import _, ngettext
from course.printable import printable_json


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "validate",
        parents=[common],
        help=_("check the course files and report every problem with file:line:col"),
        description=_(
            "Check every lesson, quiz, glossary and source file. Exit status 0 when the course "
            "is valid, 1 when there are problems."
        ),
    )
    parser.add_argument(
        "content_dir",
        nargs="?",
        type=Path,
        metavar="CONTENT_DIR",
        help=_("directory holding lessons/ and quizzes/ (default: as for --content)"),
    )
    add_format_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = find_content_dir(args.content_dir or getattr(args, "content", None))
    result = load_course(root)
    # The loaded course is millions of objects that live until the command ends: keep them
    # out of the garbage collector, whose first full pass over them cost more than the
    # checks below (measured: 1.2 s of a 10,000-question validate).
    gc.freeze()
    warnings = course_warnings(result.course, dt.date.today()) if result.course is not None else []
    if args.format == "json":
        payload = {
            "ok": result.ok,
            "content_dir": str(root),
            "problems": [p.to_json() for p in result.problems],
            "warnings": [p.to_json() for p in warnings],
        }
        sys.stdout.write(printable_json(payload) + "\n")
        return 0 if result.ok else 1
    for problem in result.problems:
        print(problem.format())
    _print_warnings(warnings)
    if result.ok and result.course is not None:
        course = result.course
        questions = len(course.questions())
        print(
            _("The course in {path} is valid: {lessons}, {quizzes}, {questions}, {terms}.").format(
                path=root,
                lessons=ngettext("{n} lesson", "{n} lessons", len(course.lessons)).format(n=len(course.lessons)),
                quizzes=ngettext("{n} quiz", "{n} quizzes", len(course.quizzes)).format(n=len(course.quizzes)),
                questions=ngettext("{n} question", "{n} questions", questions).format(n=questions),
                terms=ngettext("{n} glossary term", "{n} glossary terms", len(course.glossary)).format(
                    n=len(course.glossary)
                ),
            )
        )
        return 0
    files = len({p.path for p in result.problems})
    print(
        ngettext("{n} problem", "{n} problems", len(result.problems)).format(n=len(result.problems))
        + " "
        + ngettext("in {n} file.", "in {n} files.", files).format(n=files),
        file=sys.stderr,
    )
    return 1


def _print_warnings(warnings: list[Problem]) -> None:
    """Warnings under their own heading: they do not make the course invalid."""
    if not warnings:
        return
    print(
        ngettext(
            "{n} warning (the course can still be used; these need a second look):",
            "{n} warnings (the course can still be used; these need a second look):",
            len(warnings),
        ).format(n=len(warnings))
    )
    for warning in warnings:
        print("  " + _("warning: {what}").format(what=warning.format()))

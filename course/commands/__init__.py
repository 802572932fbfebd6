"""Subcommands of `cybercourse`; each module exposes `add_parser(subparsers)` and `run(args)`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from course.content import Course, LoadResult


def load_or_report(args: argparse.Namespace, require_valid: bool = True) -> LoadResult | None:
    """The course of `--content`, or None after printing its problems to stderr.

    With `require_valid`, any problem is fatal; without, only a course that cannot be read.
    """
    from course.content import find_content_dir, load_course

    result = load_course(find_content_dir(getattr(args, "content", None)))
    if result.course is None or (require_valid and result.problems):
        for problem in result.problems:
            print(problem.format(), file=sys.stderr)
        return None
    return result


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """`--format human|json`, as every reporting command has it."""
    from course.i18n import _

    parser.add_argument(
        "--format", choices=["human", "json"], default="human", help=_("output format (default: human)")
    )


def has_quiz(course: Course, quiz_id: str) -> bool:
    """Whether the course has `quiz_id`; if not, say which quizzes it has."""
    if quiz_id in course.quizzes:
        return True
    from course.i18n import _

    print(
        _("There is no quiz '{id}'. Quizzes: {ids}").format(id=quiz_id, ids=", ".join(sorted(course.quizzes))),
        file=sys.stderr,
    )
    return False

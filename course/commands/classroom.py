"""`cybercourse report` and `cybercourse analysis`: a class's results and its questions' statistics.

Progress files are only read, never created or changed (see course.progress.database.snapshot).
A file that cannot be read is listed with its reason on stderr, the others are reported, and
the exit status is 1.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.commands import has_quiz, load_or_report
from course.i18n import N_, _, format_datetime, format_number, format_percent, ngettext
from course.printable import cell_width, one_line, pad, printable, printable_json, spreadsheet_row
from course.progress import parse_time
from course.progress.classroom import (
    ItemStats,
    LearnerResult,
    Reading,
    first_attempts,
    item_statistics,
    learner_results,
)
from course.progress.selection import store_location

if TYPE_CHECKING:
    from course.content import Course
    from course.content.questions import QuestionBase

CHOICES_CELLS = 80  # the choices column of a table; a file's choices are all in csv and json
FLAG_WORDS = {
    "low_discrimination": N_("low discrimination"),
    "negative_discrimination": N_("negative discrimination"),
    "unchosen_distractor": N_("distractor nobody chose: {option}"),
}


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    for name, helptext, handler in (
        ("report", N_("each learner's results: lessons read, quizzes passed, scores, time spent"), run_report),
        (
            "analysis",
            N_("item analysis of a quiz from first attempts: facility, discrimination, options chosen"),
            run_analysis,
        ),
    ):
        parser = subparsers.add_parser(name, parents=[common], help=_(helptext))
        if name == "analysis":
            parser.add_argument("quiz", metavar="QUIZ_ID", help=_("the quiz to analyse"))
            parser.add_argument(
                "--answers",
                action="store_true",
                help=_(
                    "instead of statistics: per short-answer and numeric question, the answers learners "
                    "typed that were marked wrong, most frequent first"
                ),
            )
        parser.add_argument(
            "databases",
            nargs="*",
            type=Path,
            metavar="DATABASE",
            help=_("progress files or folders holding progress.sqlite3 (default: this computer's)"),
        )
        parser.add_argument(
            "--format", choices=["table", "csv", "json"], default="table", help=_("output format (default: table)")
        )
        parser.add_argument("--output", type=Path, metavar="FILE", help=_("write to FILE instead of the screen"))
        parser.set_defaults(handler=handler)


def _databases(args: argparse.Namespace) -> list[Path | str]:
    """The files named, else the class server of --store (read live), else this computer's file."""
    if args.databases:
        return [path / "progress.sqlite3" if path.is_dir() else path for path in args.databases]
    location = store_location(getattr(args, "store", None), getattr(args, "data_dir", None))
    return [location / "progress.sqlite3" if isinstance(location, Path) and location.is_dir() else location]


def _tell_unread(reading: Reading[Any]) -> int:
    """List on stderr what could not be read (and what opening a file had to say); the exit status."""
    for notice in reading.notices:
        print(_("cybercourse: {error}").format(error=notice), file=sys.stderr)
    if not reading.unreadable:
        return 0
    count = len(reading.unreadable)
    print(
        ngettext(
            "cybercourse: {n} progress file could not be read and is left out:",
            "cybercourse: {n} progress files could not be read and are left out:",
            count,
        ).format(n=count),
        file=sys.stderr,
    )
    for reason in reading.unreadable:
        print("  " + reason, file=sys.stderr)
    return 1


def _emit(args: argparse.Namespace, text: str) -> int:
    text = printable(text, keep="\n")  # every part is printable already: this keeps it so
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, "utf-8")
    except OSError as error:
        print(_("cannot write to {path}: {reason}").format(path=args.output, reason=error.strerror), file=sys.stderr)
        return 1
    print(_("Written to {path}.").format(path=args.output), file=sys.stderr)
    return 0


def _percent(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def run_report(args: argparse.Namespace) -> int:
    result = load_or_report(args)
    if result is None or result.course is None:
        return 1
    course = result.course
    sources = _databases(args)
    reading = learner_results(course.outline(), sources)
    results = reading.found
    unread = _tell_unread(reading)
    _warn_mismatches(course, sources)
    if args.format == "json":
        text = printable_json([r.to_json() for r in results]) + "\n"
    elif args.format == "csv":
        text = _report_csv(results)
    else:
        text = _report_table(results)
    return _emit(args, text) or unread


def _warn_mismatches(course: Course, sources: list[Path | str]) -> None:
    """Name every recorded score the answer key does not give (see course.progress.regrade)."""
    from course.progress.classroom import read_each
    from course.progress.regrade import mismatched_scores

    found = read_each(sources, lambda _source, store: mismatched_scores(course, store)).found
    if not found:
        return
    print(
        ngettext(
            "Warning: {n} recorded score does not match this course's answer key (a changed program, a hand-made "
            "row, or the question changed since):",
            "Warning: {n} recorded scores do not match this course's answer key (a changed program, a hand-made "
            "row, or the questions changed since):",
            len(found),
        ).format(n=len(found)),
        file=sys.stderr,
    )
    for mismatch in found[:20]:
        graded = _("cannot be graded") if mismatch.graded is None else format_percent(mismatch.graded)
        print(
            "  "
            + _("{learner}, {quiz}, {question}: recorded {recorded}, the key gives {graded}").format(
                learner=mismatch.learner,
                quiz=mismatch.quiz_id,
                question=mismatch.question_id,
                recorded=format_percent(mismatch.recorded),
                graded=graded,
            ),
            file=sys.stderr,
        )


def _report_csv(results: list[LearnerResult]) -> str:
    buffer = io.StringIO()
    quiz_ids = [q.quiz_id for q in results[0].quizzes] if results else []
    writer = _SpreadsheetWriter(buffer)
    header = [
        "learner",
        "database",
        "last_active",
        "lessons_read",
        "lessons_total",
        "quizzes_passed",
        "quizzes_total",
        "minutes_spent",
    ]
    for quiz_id in quiz_ids:
        header += [f"{quiz_id}:best", f"{quiz_id}:latest", f"{quiz_id}:attempts"]
    writer.writerow(header)
    for result in results:
        row: list[Any] = [
            result.name,
            str(result.database),
            result.last_active,
            result.lessons_read,
            result.lessons_total,
            result.quizzes_passed,
            result.quizzes_total,
            round(result.seconds_spent / 60, 1),
        ]
        for quiz in result.quizzes:
            row += [
                "" if quiz.best is None else round(quiz.best * 100, 1),
                "" if quiz.latest is None else round(quiz.latest * 100, 1),
                quiz.attempts,
            ]
        writer.writerow(row)
    return buffer.getvalue()


class _SpreadsheetWriter:
    """`csv.writer` whose text cells a spreadsheet shows as text, never runs (see `spreadsheet_row`)."""

    def __init__(self, buffer: io.StringIO) -> None:
        self._writer = csv.writer(buffer)

    def writerow(self, row: list[Any]) -> None:
        self._writer.writerow(spreadsheet_row(row))


def _table(header: list[str], rows: list[list[str]]) -> str:
    """Columns aligned by terminal cells, each cell on one line (cells from a store come cut)."""
    header = [printable(cell) for cell in header]
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(cell_width(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = [
        "  ".join(pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


def _report_table(results: list[LearnerResult]) -> str:
    if not results:
        return _("No learners in these progress files yet.") + "\n"
    header = [_("Learner"), _("Lessons read"), _("Quizzes passed"), _("Final exam"), _("Time"), _("Last active")]
    rows = []
    for result in results:
        exam = result.quizzes[-1] if len(result.quizzes) > result.quizzes_total else None
        minutes = result.seconds_spent / 60
        rows.append(
            [
                one_line(result.name),
                f"{result.lessons_read}/{result.lessons_total}",
                f"{result.quizzes_passed}/{result.quizzes_total}",
                _percent(exam.best) if exam else "–",
                _("{n} min").format(n=format_number(round(minutes))),
                format_datetime(parse_time(result.last_active).astimezone(), "short"),
            ]
        )
    return _table(header, rows)


def run_analysis(args: argparse.Namespace) -> int:
    result = load_or_report(args)
    if result is None or result.course is None:
        return 1
    course = result.course
    if not has_quiz(course, args.quiz):
        return 1
    quiz = course.quizzes[args.quiz]
    from course.quiz import bank

    if args.answers:
        return _run_answers(args, quiz.id, bank(course, quiz))
    reading = first_attempts(_databases(args), quiz.id)
    attempts = reading.found
    unread = _tell_unread(reading)

    options: dict[str, tuple[list[str], set[str]]] = {}
    options_order = []  # the bank's order: the instructor finds the rows where the file has them
    for question in bank(course, quiz):
        options_order.append(question.id)
        choices = getattr(question, "options", None)
        if choices is not None:
            right = {getattr(question, "answer", "")} | set(getattr(question, "answers", []))
            options[question.id] = ([c.id for c in choices], right)
        elif question.type == "true_false":  # type: ignore[attr-defined]
            options[question.id] = (["true", "false"], {"true" if question.answer else "false"})  # type: ignore[attr-defined]
    order = {question_id: index for index, question_id in enumerate(options_order)}
    stats = sorted(
        item_statistics(attempts, quiz.id, options), key=lambda s: (order.get(s.question_id, len(order)), s.question_id)
    )
    if args.format == "json":
        return (
            _emit(
                args,
                printable_json(
                    {"quiz": quiz.id, "first_attempts": len(attempts), "questions": [s.to_json() for s in stats]}
                )
                + "\n",
            )
            or unread
        )
    if args.format == "csv":
        buffer = io.StringIO()
        writer = _SpreadsheetWriter(buffer)
        writer.writerow(
            [
                "question",
                "attempts",
                "facility_percent",
                "discrimination_index",
                "discriminative_efficiency",
                "choices",
                "flags",
            ]
        )
        for s in stats:
            writer.writerow(
                [
                    s.question_id,
                    s.attempts,
                    _round(s.facility and s.facility * 100),
                    _round(s.discrimination),
                    _round(s.efficiency),
                    " ".join(f"{k}={v}" for k, v in s.choices.items()),
                    " ".join(s.flags),
                ]
            )
        return _emit(args, buffer.getvalue()) or unread
    return _emit(args, _analysis_table(quiz.id, len(attempts), stats)) or unread


def _run_answers(args: argparse.Namespace, quiz_id: str, questions: list[QuestionBase]) -> int:
    from course.commands import wrong_answers
    from course.progress.responses import wrong_answers as collect

    reading = collect(_databases(args), quiz_id, questions)
    unread = _tell_unread(reading)
    return _emit(args, wrong_answers.render(quiz_id, reading.found, args.format)) or unread


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)  # a number, so a spreadsheet sees one


def _flag_text(flag: str) -> str:
    code, _sep, detail = flag.partition(":")
    return _(FLAG_WORDS[code]).format(option=detail)


def _analysis_table(quiz_id: str, attempts: int, stats: list[ItemStats]) -> str:
    intro = (
        ngettext("Quiz {id}: {n} first attempt.", "Quiz {id}: {n} first attempts.", attempts).format(
            id=quiz_id, n=attempts
        )
        + "\n"
    )
    if not stats:
        return intro + _("Nobody has finished this quiz yet.") + "\n"
    header = [_("Question"), _("n"), _("Facility"), _("Discrimination"), _("Efficiency"), _("Choices"), _("Flags")]
    rows = [
        [
            one_line(s.question_id),
            str(s.attempts),
            _percent(s.facility),
            "–" if s.discrimination is None else format_number(round(s.discrimination, 1)),
            "–" if s.efficiency is None else format_number(round(s.efficiency, 1)),
            one_line(" ".join(f"{k}:{v}" for k, v in s.choices.items()), CHOICES_CELLS),
            "; ".join(_flag_text(f) for f in s.flags),
        ]
        for s in stats
    ]
    return intro + _table(header, rows)

"""`cybercourse export` and `cybercourse import`: question banks to and from Moodle (GIFT, Moodle XML)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from course.commands import has_quiz, load_or_report
from course.content import find_content_dir
from course.content.base import ID_PATTERN
from course.content.location import is_course_dir, manifest_locales
from course.exchange.banks import SUFFIX, export_quiz, import_file
from course.exchange.neutral import ExchangeError, slug
from course.i18n import _, match_locale, ngettext, normalize_tag


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = subparsers.add_parser(
        "export",
        parents=[common],
        help=_("write a quiz as a Moodle GIFT or Moodle XML file, in one language"),
        description=_(
            "Here --lang names the language written to the file (default: the course's source language); "
            "messages stay in your interface language."
        ),
    )
    export.add_argument("quiz", metavar="QUIZ_ID")
    export.add_argument(
        "--format", choices=["gift", "moodle-xml"], default="moodle-xml", help=_("file format (default: moodle-xml)")
    )
    export.add_argument(
        "--output", type=Path, metavar="FILE", help=_("where to write (default: QUIZ_ID-LANG.gift or .xml)")
    )
    export.set_defaults(handler=run_export)
    imported = subparsers.add_parser(
        "import",
        parents=[common],
        help=_("read a Moodle GIFT or XML file (one language) into a YAML question bank"),
        description=_(
            "Each file holds one language (--lang). Importing the file of the other language into the same bank "
            "fills in that language, matching questions by their ids (Moodle names)."
        ),
    )
    imported.add_argument("file", type=Path, metavar="FILE.gift|FILE.xml")
    imported.add_argument("--quiz", metavar="QUIZ_ID", help=_("id of the bank (default: from the file name)"))
    imported.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help=_("the YAML bank to write or update (default: quizzes/QUIZ_ID.yaml)"),
    )
    imported.add_argument("--source", metavar="KEY", help=_("source key for questions that have none (e.g. S1)"))
    imported.set_defaults(handler=run_import)


def _content_language(args: argparse.Namespace, locales: list[str] | None) -> str | None:
    """The language --lang names, checked against the course's (None, said on stderr, if wrong)."""
    given = getattr(args, "lang", None)
    if given is None:
        return None
    lang = match_locale(given, locales) if locales else normalize_tag(given)
    if lang is None:
        choices = ", ".join(locales or [])
        print(
            _("cybercourse: '{lang}' is not a language of this course ({choices})").format(lang=given, choices=choices),
            file=sys.stderr,
        )
    return lang


def run_export(args: argparse.Namespace) -> int:
    result = load_or_report(args, require_valid=False)
    if result is None or result.course is None:
        return 1
    course = result.course
    lang = course.source_locale
    if getattr(args, "lang", None):
        chosen = _content_language(args, course.locales)
        if chosen is None:
            return 2
        lang = chosen
    if not has_quiz(course, args.quiz):
        return 1
    # A quiz with problems of its own is not exported; problems elsewhere (say, a bank being
    # imported) do not stop it, but are mentioned.
    quiz_file = course.origins[("quiz", args.quiz)].doc.path
    own = [p for p in result.problems if p.path == quiz_file]
    for problem in own:
        print(problem.format(), file=sys.stderr)
    if own:
        return 1
    if result.problems:
        print(
            ngettext(
                "note: the course has {n} problem in other files; see cybercourse validate",
                "note: the course has {n} problems in other files; see cybercourse validate",
                len(result.problems),
            ).format(n=len(result.problems)),
            file=sys.stderr,
        )
    try:
        exported = export_quiz(course, args.quiz, args.format, lang)
    except ExchangeError as error:
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        return 1
    output = args.output or Path(f"{args.quiz}-{lang}{SUFFIX[args.format]}")
    if output.suffix.lower() in SUFFIX.values() and output.suffix.lower() != SUFFIX[args.format]:
        print(
            _("cybercourse: {path} would hold {format} but its name ends in {suffix}; name it *{expected}").format(
                path=output, format=args.format, suffix=output.suffix, expected=SUFFIX[args.format]
            ),
            file=sys.stderr,
        )
        return 2
    try:
        output.write_text(exported.text, "utf-8")
    except OSError as error:
        print(_("cannot write to {path}: {reason}").format(path=output, reason=error.strerror), file=sys.stderr)
        return 1
    total = len(course.quizzes[args.quiz].questions)
    print(
        _("Wrote {path} ({lang}): {n} of {total} questions.").format(
            path=output, lang=lang, n=len(exported.written), total=total
        )
    )
    for line in exported.warnings:
        print("  " + _("warning: {what}").format(what=line))
    return 0


def run_import(args: argparse.Namespace) -> int:
    root = find_content_dir(getattr(args, "content", None))
    if not getattr(args, "lang", None):
        print(_("cybercourse: say which language the file is in, e.g. --lang vi"), file=sys.stderr)
        return 2
    locales = manifest_locales(root)[0] if is_course_dir(root) else []
    lang = _content_language(args, locales or None)
    if lang is None:
        return 2
    quiz_id = args.quiz or None
    if quiz_id is not None and not re.match(ID_PATTERN, quiz_id):
        print(
            _(
                "cybercourse: --quiz takes a quiz id, not a path: lower-case letters, digits, '.', '-' and '_' "
                "(e.g. my-bank); the bank goes to quizzes/ID.yaml, or where --output FILE says"
            ),
            file=sys.stderr,
        )
        return 2
    if args.output is not None:
        target = args.output
    else:
        if not is_course_dir(root):
            print(_("cybercourse: no course here; give --content DIR or --output FILE"), file=sys.stderr)
            return 2
        quiz_id = quiz_id or slug(args.file.stem) or "imported-quiz"
        target = root / "quizzes" / f"{quiz_id}.yaml"
    try:
        report = import_file(args.file, target, lang, quiz_id, args.source)
    except ExchangeError as error:
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        for line in error.notes:
            print("  " + _("not imported: {what}").format(what=line), file=sys.stderr)
        return 1
    added = ngettext("{n} question added", "{n} questions added", len(report.added)).format(n=len(report.added))
    print(
        _("{path}: bank '{id}', {added}, {updated} completed in {lang}.").format(
            path=target, id=report.quiz_id, added=added, updated=len(report.updated), lang=lang
        )
    )
    for line in report.skipped:
        print("  " + _("not imported: {what}").format(what=line))
    for line in report.notes:
        print("  " + _("to do: {what}").format(what=line))
    print(_("Next: cybercourse validate (it lists what is still missing, e.g. the other language)."))
    return 0

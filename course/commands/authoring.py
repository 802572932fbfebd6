"""`cybercourse new` and `cybercourse preview`: write a lesson or quiz, and try it as you write."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from course.content.authoring import AuthoringError, new_lesson, new_quiz
from course.content.location import find_content_dir, is_course_dir
from course.i18n import _, current_locale


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    new = subparsers.add_parser(
        "new",
        parents=[common],
        help=_("write a new lesson or quiz: a valid skeleton in every course language"),
        description=_(
            "A new lesson is listed in course.yaml (at the end, or after --after LESSON); a new quiz becomes "
            "the quiz of --lesson LESSON. Then edit the file with `cybercourse preview ID` open beside it."
        ),
    )
    new.add_argument("kind", choices=["lesson", "quiz"])
    new.add_argument("id", metavar="ID", help=_("the new id, e.g. data-interception"))
    new.add_argument("--after", metavar="LESSON_ID", help=_("for a lesson: list it after this lesson"))
    new.add_argument("--lesson", metavar="LESSON_ID", help=_("for a quiz: the lesson it closes (required)"))
    new.set_defaults(handler=run_new)
    preview = subparsers.add_parser(
        "preview",
        parents=[common],
        help=_("try a quiz or lesson as a trainee sees it; it reloads when you save the file"),
        description=_(
            "Opens the quiz runner (every question of the bank, in file order) or the lesson reader. Nothing is "
            "saved to any learner's progress. When a content file is saved the preview reloads in place; if the "
            "course then has problems they are listed on screen until they are fixed."
        ),
    )
    preview.add_argument("target", metavar="QUIZ_ID|LESSON_ID|FILE")
    preview.set_defaults(handler=run_preview)


def run_new(args: argparse.Namespace) -> int:
    root = find_content_dir(getattr(args, "content", None))
    if not is_course_dir(root):
        print(_("cybercourse: no course in {path}; give --content DIR").format(path=root), file=sys.stderr)
        return 2
    try:
        if args.kind == "lesson":
            written = new_lesson(root, args.id, args.after)
        else:
            if not args.lesson:
                print(_("cybercourse: say which lesson the quiz closes: --lesson LESSON_ID"), file=sys.stderr)
                return 2
            written = new_quiz(root, args.id, args.lesson)
    except AuthoringError as error:
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        return 1
    except OSError as error:
        print(_("cannot write to {path}: {reason}").format(path=error.filename, reason=error.strerror), file=sys.stderr)
        return 1
    print(_("Wrote {path}.").format(path=written.path))
    for path in written.changed:
        print("  " + _("updated {path}").format(path=path))
    print(_("Next: cybercourse preview {id}").format(id=args.id))
    return 0


def _course_of(file: Path) -> Path | None:
    for parent in file.resolve().parents:
        if is_course_dir(parent):
            return parent
    return None


def run_preview(args: argparse.Namespace) -> int:
    from course.progress import StoreError, open_store
    from course.tui.preview import PreviewTarget, make_preview_app

    explicit = getattr(args, "content", None)
    given = Path(args.target)
    if given.suffix in (".yaml", ".yml") or given.is_file():
        if not given.is_file():
            print(_("cybercourse: there is no file {path}").format(path=given), file=sys.stderr)
            return 2
        root = explicit or _course_of(given)
        if root is None:
            print(
                _("cybercourse: {path} is not inside a course; give --content DIR").format(path=given), file=sys.stderr
            )
            return 2
        target = PreviewTarget.from_file(given.resolve())
    else:
        root = find_content_dir(explicit)
        target = PreviewTarget(args.target, None)
    if not is_course_dir(root):
        print(_("cybercourse: no course in {path}; give --content DIR").format(path=root), file=sys.stderr)
        return 2
    # A throw-away progress file: a preview never touches a learner's progress.
    with tempfile.TemporaryDirectory(prefix="cybercourse-preview-") as scratch:
        try:
            store = open_store(Path(scratch) / "preview.sqlite3")
        except StoreError as error:
            print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
            return 1
        try:
            make_preview_app(root, target, store, current_locale()).run()
        finally:
            store.close()
    return 0

"""`cybercourse` with no command: start the course for a trainee.

The course map is drawn from the outline in the content cache; the full course (sections,
questions, glossary) is read from the cache in the background after the first frame. A
cache miss validates the whole course first, exactly as `cybercourse validate` does, so a
broken course never starts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from course.content.cache import content_key, read_course, read_outline, write
from course.content.location import find_content_dir
from course.content.outline import Outline
from course.i18n import _, current_locale, locales_dir
from course.i18n.catalogs import catalog_locales
from course.progress import StoreError
from course.progress.selection import open_for_trainee, store_target

if TYPE_CHECKING:
    from course.content import Course
    from course.tui.app import CourseApp
    from course.tui.session import Session


class CourseUnavailable(Exception):
    """The course cannot be loaded; the message lists the problems."""


def _validated(root: Path, key: str) -> Course:
    from course.content import load_course

    result = load_course(root)
    if not result.ok or result.course is None:
        lines = [_("The course cannot start because its files have problems:")]
        lines += ["  " + problem.format() for problem in result.problems]
        lines.append(_("Fix them (see `cybercourse validate`) and start again."))
        raise CourseUnavailable("\n".join(lines))
    write(key, result.course)
    result.course.origins.clear()  # node trees are for error messages; free them
    return result.course


def prepare(root: Path) -> tuple[Outline, Course | None, str]:
    """The outline to draw the first frame from, the full course if it had to be loaded, the key."""
    key = content_key(root)
    outline = read_outline(key)
    if outline is not None:
        return outline, None, key
    course = _validated(root, key)
    return course.outline(), course, key


def open_session(args: argparse.Namespace) -> Session | None:
    """The course and the progress store for `args`, or None after saying on stderr why not."""
    root = find_content_dir(getattr(args, "content", None))
    try:
        outline, course, key = prepare(root)
    except CourseUnavailable as error:
        print(error, file=sys.stderr)
        return None
    try:
        store = open_for_trainee(store_target(getattr(args, "store", None)), getattr(args, "data_dir", None))
    except StoreError as error:
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        return None
    if store.notice:
        print(_("cybercourse: {error}").format(error=store.notice), file=sys.stderr)
    from course.tui.session import Session

    # Every course locale, plus interface languages whose content is partly translated.
    extra = [loc for loc in catalog_locales(locales_dir()) if loc not in outline.locales and loc != "en"]
    return Session(
        outline=outline,
        store=store,
        course=course,
        loader=lambda: read_course(key) or _validated(root, key),
        locales=[*outline.locales, *extra],
        notice=store.notice,
        # `--lang` is the trainee's choice for this run: it wins over the language the
        # returning learner used last time (which is only a default).
        language_chosen=getattr(args, "lang", None) is not None,
    )


def interface_locale(session: Session) -> str:
    return current_locale() if current_locale() in session.locales else session.outline.source_locale


def run_app(app: CourseApp, session: Session) -> int:
    try:
        app.run()
    finally:
        session.store.close()
    return 0


def run(args: argparse.Namespace) -> int:
    session = open_session(args)
    if session is None:
        return 1
    from course.tui.app import make_app

    return run_app(make_app(session, interface_locale(session)), session)


def outline_for_watch(args: argparse.Namespace) -> tuple[Outline | None, list[str]]:
    """The course outline (for lesson titles) and the interface languages, for `class watch`."""
    try:
        outline, _course, _key = prepare(find_content_dir(getattr(args, "content", None)))
    except CourseUnavailable:
        return None, sorted({*catalog_locales(locales_dir()), "en"})
    extra = [loc for loc in catalog_locales(locales_dir()) if loc not in outline.locales and loc != "en"]
    return outline, [*outline.locales, *extra]

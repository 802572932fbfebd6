"""`cybercourse` with no command: start the course for a trainee."""

from __future__ import annotations

import argparse
import sys

from course.content import find_content_dir, load_course
from course.i18n import _, current_locale
from course.progress import ProgressStore, StoreError, database_path


def run(args: argparse.Namespace) -> int:
    result = load_course(find_content_dir(getattr(args, "content", None)))
    if not result.ok or result.course is None:
        print(_("The course cannot start because its files have problems:"), file=sys.stderr)
        for problem in result.problems:
            print("  " + problem.format(), file=sys.stderr)
        print(_("Fix them (see `cybercourse validate`) and start again."), file=sys.stderr)
        return 1
    try:
        store = ProgressStore(database_path(getattr(args, "data_dir", None)))
    except StoreError as error:
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        return 1
    from course.i18n import locales_dir
    from course.i18n.catalogs import catalog_locales
    from course.tui.app import make_app
    from course.tui.session import Session

    course = result.course
    # Every course locale, plus interface languages whose content is partly translated.
    extra = [loc for loc in catalog_locales(locales_dir()) if loc not in course.locales and loc != "en"]
    session = Session(course=course, store=store, locales=list(course.locales) + extra)
    app = make_app(session, current_locale() if current_locale() in session.locales else course.source_locale)
    try:
        app.run()
    finally:
        store.close()
    return 0

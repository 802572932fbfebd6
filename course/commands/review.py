"""`cybercourse review --profile NAME`: a learner's review session, opened directly."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.i18n import _
from course.printable import one_line
from course.progress import StoreError
from course.progress.selection import store_location
from course.progress.spacing import MAX_LIMIT


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "review",
        parents=[common],
        help=_("review the questions due (spaced repetition)"),
        description=_(
            "Open a learner's review session directly: the questions due now, most overdue first, "
            "within the learner's daily limit."
        ),
    )
    parser.add_argument("--profile", metavar="NAME", required=True, help=_("the learner"))
    parser.add_argument(
        "--daily-limit",
        metavar="N",
        type=_limit,
        help=_("set the learner's daily limit first (1 to {most} questions; default 20)").format(most=MAX_LIMIT),
    )
    parser.set_defaults(handler=run)


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a whole number from 1 to {most}").format(value=one_line(text), most=MAX_LIMIT)
        )
    return value


def run(args: argparse.Namespace) -> int:
    from course.commands.start import interface_locale, open_session, run_app

    location = store_location(getattr(args, "store", None), getattr(args, "data_dir", None))
    if isinstance(location, Path) and not location.exists():  # no learner yet; nothing is created
        print(_("No learner has started the course yet. Run `cybercourse` to begin."), file=sys.stderr)
        return 1
    session = open_session(args)
    if session is None:
        return 1
    store = session.store
    try:
        profile = store.profile_by_name(args.profile)
        if profile is None:
            names = ", ".join(one_line(p.name) for p in store.profiles()) or _("none yet")
            print(
                _("No learner called {name}. Learners: {names}").format(name=one_line(args.profile), names=names),
                file=sys.stderr,
            )
            store.close()
            return 1
        if args.daily_limit is not None:
            store.set_review_limit(profile.id, args.daily_limit)
    except StoreError as error:
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        store.close()
        return 1
    from course.tui.review_app import ReviewApp

    return run_app(ReviewApp(session, interface_locale(session), profile.id), session)

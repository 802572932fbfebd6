"""`cybercourse progress`: a learner's progress as text or JSON, and resetting it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from course.commands import add_format_option, load_or_report
from course.content import Course
from course.i18n import N_, _, current_locale, format_datetime, format_percent, ngettext
from course.printable import one_line, printable, printable_json
from course.progress import Profile, ProgressStore, StoreError, course_state, open_store, parse_time
from course.progress.location import damaged_copies
from course.progress.review import ReviewStatus, review_of
from course.progress.selection import store_location
from course.progress.status import QuizSummary


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "progress",
        parents=[common],
        help=_("show a learner's progress (or reset it)"),
        description=_("Show each learner's progress: lessons read, quizzes passed, best and latest scores."),
    )
    parser.add_argument("--profile", metavar="NAME", help=_("only this learner (default: every learner)"))
    add_format_option(parser)
    parser.add_argument("--reset", action="store_true", help=_("erase the learner's progress (asks first)"))
    parser.add_argument("--yes", action="store_true", help=_("with --reset: do not ask"))
    parser.set_defaults(handler=run)


def _quiz(summary: QuizSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "attempts": summary.attempts,
        "best": summary.best,
        "latest": summary.latest,
        "passed": summary.passed,
        "unfinished": summary.unfinished is not None,
    }


def _review(status: ReviewStatus) -> dict[str, Any]:
    return {
        "cards": status.cards,
        "due": status.due,
        "due_today": status.today,
        "reviewed_today": status.reviewed_today,
        "daily_limit": status.limit,
        "next_due": status.next_due,
    }


def report(course: Course, store: ProgressStore, profile: Profile) -> dict[str, Any]:
    """One learner's progress as plain data (lesson, quiz and question ids as keys)."""
    outline = course.outline()
    state = course_state(outline, store, profile.id)
    review = review_of(outline, store, profile.id)
    lessons = []
    for lesson_state in state.lessons:
        progress = lesson_state.progress
        lessons.append(
            {
                "id": lesson_state.lesson.id,
                "status": lesson_state.status.value,
                "section": progress.section + 1 if progress else 0,
                "sections": lesson_state.lesson.sections,
                "read_at": progress.read_at if progress else None,
                "seconds_spent": progress.seconds_spent if progress else 0,
                "quiz_id": lesson_state.lesson.quiz,
                "quiz": _quiz(lesson_state.quiz),
                "review_cards": review.cards[lesson_state.lesson.id],
                "retention": review.retention[lesson_state.lesson.id],
            }
        )
    return {
        "profile": profile.name,
        "locale": profile.locale,
        "created_at": profile.created_at,
        "last_used_at": profile.last_used_at,
        "completion": state.completion,
        "review": _review(review.status),
        "lessons": lessons,
        "final_exam": {
            "id": course.manifest.final_exam,
            "unlocked": state.final_exam_unlocked,
            **(_quiz(state.final_exam) or {}),
        }
        if course.manifest.final_exam
        else None,
    }


def _print_human(course: Course, data: dict[str, Any]) -> None:
    last = format_datetime(parse_time(data["last_used_at"]).astimezone(), "short")
    print(
        _("Learner: {name} ({locale}), last active {when}").format(
            name=one_line(data["profile"]), locale=printable(data["locale"]), when=last
        )
    )
    print(_("Course completed: {percent}").format(percent=format_percent(data["completion"])))
    print(_review_line(data["review"]))
    for number, lesson in enumerate(data["lessons"], start=1):
        # Everything in the interface language, lesson titles included (not the learner's).
        title = course.lessons[lesson["id"]].title.get(current_locale(), course.source_locale)
        quiz = lesson["quiz"] or {}
        parts = [_status_label(lesson["status"])]
        if lesson["status"] not in ("locked", "passed") and quiz.get("unfinished"):
            parts = [_("quiz in progress")]  # as the course map says it
        elif lesson["status"] == "in_progress" and lesson["section"]:  # read to the end: "read", not "section 6/6"
            parts.append(_("section {n} of {total}").format(n=lesson["section"], total=lesson["sections"]))
        parts.append(_("{minutes} min reading").format(minutes=round(lesson["seconds_spent"] / 60)))
        if quiz.get("attempts"):
            parts.append(
                ngettext(
                    "quiz best {best}, latest {latest}, {n} attempt",
                    "quiz best {best}, latest {latest}, {n} attempts",
                    quiz["attempts"],
                ).format(best=format_percent(quiz["best"]), latest=format_percent(quiz["latest"]), n=quiz["attempts"])
            )
        print(f"  {number}. {title}")
        if lesson["retention"] is not None:
            parts.append(_("retention {percent}").format(percent=format_percent(lesson["retention"])))
        print("     " + " · ".join(parts))
    exam = data["final_exam"]
    if exam:
        if exam.get("attempts"):
            line = _("Final exam: best {best}, {state}").format(
                best=format_percent(exam["best"]), state=_("passed") if exam["passed"] else _("not passed yet")
            )
        else:
            line = (
                _("Final exam: unlocked")
                if exam["unlocked"]
                else _("Final exam: locked until every lesson quiz is passed")
            )
        print(line)


def _print_damaged(path: Path, out: TextIO) -> None:
    """Say where damaged progress files were kept: the progress in them is not counted above."""
    kept = damaged_copies(path)
    if kept:
        print(file=out)
        print(
            ngettext(
                "A damaged progress file was kept aside and is not counted above: {files}",
                "Damaged progress files were kept aside and are not counted above: {files}",
                len(kept),
            ).format(files=", ".join(str(file) for file in kept)),
            file=out,
        )
        print(_("To get that progress back, restore a backup of it in place of {path}.").format(path=path), file=out)


def _review_line(review: dict[str, Any]) -> str:
    """`Review: 12 due now (8 today) · 3 of 20 reviewed today · next due ...`"""
    if not review["cards"]:
        return _("Review: nothing yet (the questions a learner answers come back for review)")
    line = ngettext("Review: {n} question due now", "Review: {n} questions due now", review["due"]).format(
        n=review["due"]
    )
    if review["due"] > review["due_today"]:
        line += " " + _("({n} within today's limit)").format(n=review["due_today"])
    line += " · " + _("{done} of {limit} reviewed today").format(
        done=review["reviewed_today"], limit=review["daily_limit"]
    )
    if review["next_due"] is not None:
        when = format_datetime(parse_time(review["next_due"]).astimezone(), "short")
        line += " · " + _("next due {when}").format(when=when)
    return line


_STATUS = {  # N_ markers: translated where printed
    "locked": N_("locked"),
    "new": N_("not started"),
    "in_progress": N_("reading"),
    "read": N_("read"),
    "passed": N_("quiz passed"),
}


def _status_label(status: str) -> str:
    return _(_STATUS[status])


def run(args: argparse.Namespace) -> int:
    result = load_or_report(args)
    if result is None or result.course is None:
        return 1
    location = store_location(getattr(args, "store", None), getattr(args, "data_dir", None))
    if isinstance(location, Path) and not location.exists():  # nothing to show or reset, and nothing is created
        if args.format == "json" and not args.reset:
            print("[]")
        else:
            print(_("No learner has started the course yet. Run `cybercourse` to begin."))
        _print_damaged(location, sys.stderr if args.format == "json" else sys.stdout)
        return 1 if args.reset else 0
    try:
        # Only --reset writes; showing progress reads a read-only file, or one in use, as well.
        store = open_store(location, read_only=not args.reset)
    except StoreError as error:
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        return 1
    if store.notice:
        print(_("cybercourse: {error}").format(error=store.notice), file=sys.stderr)
    try:
        profiles = store.profiles()
        if args.profile is not None:
            found = store.profile_by_name(args.profile)
            profiles = [found] if found is not None else []
            if not profiles:
                names = ", ".join(one_line(p.name) for p in store.profiles()) or _("none yet")
                print(
                    _("No learner called {name}. Learners: {names}").format(name=one_line(args.profile), names=names),
                    file=sys.stderr,
                )
                return 1
        if args.reset:
            return _reset(store, profiles, args.yes)
        data = [report(result.course, store, profile) for profile in profiles]
        if args.format == "json":
            sys.stdout.write(printable_json(data) + "\n")
        elif not data:
            print(_("No learner has started the course yet. Run `cybercourse` to begin."))
        else:
            for index, item in enumerate(data):
                if index:
                    print()
                _print_human(result.course, item)
        if isinstance(location, Path):  # a class server keeps no damaged files aside
            _print_damaged(location, sys.stderr if args.format == "json" else sys.stdout)
        return 0
    finally:
        store.close()


def _reset(store: ProgressStore, profiles: list[Profile], yes: bool) -> int:
    if len(profiles) != 1:
        print(_("Name the learner to reset with --profile NAME."), file=sys.stderr)
        return 2
    profile = profiles[0]
    if not yes:
        if not sys.stdin.isatty():
            print(_("Refusing to reset without confirmation; add --yes to reset from a script."), file=sys.stderr)
            return 2
        answer = input(
            _("Erase every lesson position, quiz attempt and review card of {name}? Type the name to confirm: ").format(
                name=one_line(profile.name)
            )
        )
        if store.name_key(answer) != store.name_key(profile.name):
            print(_("Nothing was changed."))
            return 1
    try:
        store.reset_profile(profile.id)
    except StoreError as error:
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        return 1
    print(_("The progress of {name} was reset.").format(name=one_line(profile.name)))
    return 0

"""Spaced review in words: the course map's Review row, a lesson's retention, the review's state."""

from __future__ import annotations

import datetime as dt

from course.i18n import _, format_percent, format_wait, ngettext
from course.progress import parse_time
from course.progress.review import ReviewStatus


def review_label(status: ReviewStatus, now: dt.datetime) -> str:
    """`Review · 12 due`; when none is due, when the next one is; when today's limit is reached, so."""
    if status.due and not status.today:
        return ngettext(
            "Review · {n} due · today's {limit} done", "Review · {n} due · today's {limit} done", status.due
        ).format(n=status.due, limit=status.limit)
    if status.due:
        return ngettext("Review · {n} due", "Review · {n} due", status.due).format(n=status.due)
    if status.next_due is not None:
        return _("Review · next one due {when}").format(when=next_due(status, now))
    return _("Review")


def next_due(status: ReviewStatus, now: dt.datetime) -> str:
    """`in 9 minutes`: when the next card falls due."""
    assert status.next_due is not None
    return format_wait((parse_time(status.next_due) - now).total_seconds())


def retention_label(retention: float) -> str:
    """`retention 92%`: how much of a lesson's answers the learner is estimated to remember now."""
    return _("retention {percent}").format(percent=format_percent(retention))


def review_summary(status: ReviewStatus, now: dt.datetime) -> str:
    """The review's state in a sentence or two (course map details, review page)."""
    lines = []
    if status.due:
        lines.append(
            ngettext("{n} question is due now.", "{n} questions are due now.", status.due).format(n=status.due)
        )
    elif status.next_due is not None:
        lines.append(_("Nothing is due now; the next question is due {when}.").format(when=next_due(status, now)))
    else:
        lines.append(_("Nothing to review yet: the questions you answer in quizzes come here."))
    lines.append(
        ngettext("Today: {done} of {limit} reviewed.", "Today: {done} of {limit} reviewed.", status.limit).format(
            done=status.reviewed_today, limit=status.limit
        )
    )
    return " ".join(lines)

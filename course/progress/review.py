"""Spaced review for one learner: what is due and how much is remembered (the course map's first frame).

A card counts only while its question is in the course: a question removed from the course
drops out of the counts, of retention and of sessions, and its card and ratings stay in the
store (they count again if the question comes back). See spacing.py for the scheduling and
runs.py for a review session.
"""

from __future__ import annotations

from typing import NamedTuple

from course.content.outline import Outline
from course.progress import spacing
from course.progress.store import ProgressStore, iso


class ReviewStatus(NamedTuple):
    """The learner's review, as the course map and `cybercourse progress` show it."""

    cards: int  # questions answered at least once that are in the course
    due: int  # due now
    today: int  # how many a session started now asks (the due ones, within today's limit)
    reviewed_today: int  # answers given in review sessions since midnight
    limit: int  # questions a day
    next_due: str | None  # when the next card not due yet falls due; None if there is none


class Review(NamedTuple):
    status: ReviewStatus
    retention: dict[str, float | None]  # by lesson id: FSRS retrievability averaged over its cards
    cards: dict[str, int]  # by lesson id: how many cards it has


def review_of(outline: Outline, store: ProgressStore, profile_id: int) -> Review:
    """The learner's review status and each lesson's retention, at the store's clock."""
    in_course = outline.question_ids()
    cards = {card.question_id: card for card in store.cards(profile_id) if card.question_id in in_course}
    now = store.clock()
    moment = iso(now)
    due = spacing.due_now(cards.values(), in_course, moment)
    later = [card.due for card in cards.values() if card.due > moment]
    limit = store.profile(profile_id).review_limit
    done = store.reviews_since(profile_id, spacing.day_start(now))
    status = ReviewStatus(
        cards=len(cards),
        due=len(due),
        today=min(len(due), max(0, limit - done)),
        reviewed_today=done,
        limit=limit,
        next_due=min(later) if later else None,
    )
    retention: dict[str, float | None] = {}
    counts: dict[str, int] = {}
    for lesson in outline.lessons:
        mine = [cards[qid] for qid in outline.lesson_questions(lesson) if qid in cards]
        counts[lesson.id] = len(mine)
        retention[lesson.id] = spacing.retention(store.scheduler, mine, now) if mine else None
    return Review(status, retention, counts)

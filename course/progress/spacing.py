"""Spaced review: every question a learner answers is a card, scheduled by FSRS (py-fsrs).

The scheduling is py-fsrs's own (`fsrs.Scheduler.review_card`); this module only says how an
answer becomes a rating, converts between the store's records and `fsrs.Card`, and defines
the learner's day for the daily limit.

- Rating: a wrong answer is Again, partial credit Hard, a right answer Good, and a right
  answer given after the hint Hard. Easy is never given: a quiz cannot tell "easy" apart.
- When: a practice or review answer is rated the moment it is recorded (in the same
  transaction); an exam answer can change until the exam is finished, so an exam's answers
  are rated when it is finished, at that moment. Questions left unanswered are not rated.
- Fuzzing: the app's scheduler is `fsrs.Scheduler()` as py-fsrs ships it, fuzzing on
  (intervals of 2.5 days or more are spread by a few percent with Python's global `random`,
  so that cards learnt together do not stay together). Tests that need exact intervals
  give the store a scheduler with `enable_fuzzing=False`; the test against py-fsrs with the
  app's own scheduler seeds `random` identically for both runs.
- The day: the daily limit counts review-session answers since midnight in the time zone of
  the computer the app runs on (`TZ`, or the system's setting), at the moment of the store's
  clock.

fsrs is imported on first use: the course map's first frame needs only the stored cards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from course.progress.records import MAX_LIMIT, CardRecord

if TYPE_CHECKING:
    import fsrs

AGAIN, HARD, GOOD = 1, 2, 3  # fsrs.Rating values, named here so that rating needs no import
EPSILON = 1e-9


def default_scheduler() -> fsrs.Scheduler:
    """The scheduler the app uses: py-fsrs's defaults (desired retention 90%, fuzzing on)."""
    import fsrs

    return fsrs.Scheduler()


def rating_for(score: float, hint_used: bool) -> int:
    """How an answer rates its card: wrong Again, partly right Hard, right Good (after the hint: Hard)."""
    if score <= EPSILON:
        return AGAIN
    if score < 1 - EPSILON or hint_used:
        return HARD
    return GOOD


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def to_fsrs(card: CardRecord | None, now: dt.datetime) -> fsrs.Card:
    """The py-fsrs card for a stored one; a question never answered is a new card due now."""
    import fsrs

    if card is None:
        return fsrs.Card(card_id=0, due=_utc(now))  # card_id only names log entries, which we key by question
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(dt.datetime.fromisoformat(card.due)),
        last_review=_utc(dt.datetime.fromisoformat(card.last_review)) if card.last_review else None,
    )


def review(
    scheduler: fsrs.Scheduler, card: CardRecord | None, question_id: str, rating: int, now: dt.datetime
) -> CardRecord:
    """The card after one rating at `now`, exactly as py-fsrs schedules it."""
    import fsrs

    from course.progress.store import iso

    reviewed, _log = scheduler.review_card(to_fsrs(card, now), fsrs.Rating(rating), _utc(now))
    return CardRecord(
        question_id=question_id,
        state=int(reviewed.state),
        step=reviewed.step,
        stability=reviewed.stability,
        difficulty=reviewed.difficulty,
        due=iso(reviewed.due),
        last_review=iso(reviewed.last_review) if reviewed.last_review else None,
        reviews=(card.reviews if card else 0) + 1,
    )


def retrievability(scheduler: fsrs.Scheduler, card: CardRecord, now: dt.datetime) -> float:
    """The chance, by FSRS, that the learner recalls the card's answer at `now` (0 to 1)."""
    return float(scheduler.get_card_retrievability(to_fsrs(card, now), _utc(now)))


def retention(scheduler: fsrs.Scheduler, cards: Iterable[CardRecord], now: dt.datetime) -> float | None:
    """Retrievability averaged over `cards`; None when there are none."""
    values = [retrievability(scheduler, card, now) for card in cards]
    return sum(values) / len(values) if values else None


def day_start(now: dt.datetime) -> dt.datetime:
    """Midnight starting the learner's day at `now`, in this computer's time zone."""
    local = now.astimezone()  # the system's zone, with the offset in force at `now`
    # A naive local midnight, then given the offset in force at midnight (DST may differ).
    return dt.datetime.combine(local.date(), dt.time()).astimezone()


def due_now(cards: Iterable[CardRecord], questions: Collection[str], now: str) -> list[CardRecord]:
    """The cards due at `now` among `questions` (the course's), most overdue first."""
    return sorted(
        (card for card in cards if card.due <= now and card.question_id in questions),
        key=lambda card: (card.due, card.question_id),
    )


def check_limit(limit: int) -> int:
    """A daily limit as stored, or ValueError when it is not a whole number from 1 to MAX_LIMIT."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(limit)
    return limit

"""The progress store's interface: what every backend offers, and the rules they share.

`ProgressStore` is what the app, the commands and the quiz runs talk to; a backend (today
`SqliteStore` in sqlite_store.py) implements its abstract methods and nothing else. Rules
that do not depend on the database live here, so that every backend applies them alike:
what a learner name is (names.py), and the two-window rule below. Open a store with
`course.progress.open_store`.

Two windows on one learner. Each open store (one app instance, one window) is a holder
with its own id. An attempt is held by one holder at a time, with a lease the holder
renews while its quiz screen is open (`RENEW_SECONDS`) and that runs out `LEASE_SECONDS`
after the last renewal (a window that was killed holds nothing for long). Every write to
an attempt (an answer, a move, finishing it) checks, in the same transaction, that this
store still holds it, else raises `AttemptLost` and changes nothing. Another window gets
the attempt with `claim_attempt`: at once if nobody holds it or the lease ran out, else
`AttemptHeld`, unless it takes it over (`take_over=True`, after asking the trainee). In
practice mode an answer, whose feedback was shown at once, is never replaced; in an exam,
the holder may change an answer until the attempt is finished.

Spaced review (spacing.py). Every answered question is a card of that learner, keyed by
question id, rated inside the same transaction that records the answer (an exam's answers:
the one that finishes it). A review session is an attempt in mode "review" at the quiz id
`REVIEW`: the questions due, chosen inside the transaction that starts it. A learner has
one open review session at a time, so two windows never ask (and rate) the same due card
twice: starting one while another window holds an open one raises `AttemptHeld` unless it
takes over, and the old session is then finished (its answers and ratings are kept).
"""

from __future__ import annotations

import datetime as dt
import uuid
from abc import abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from course.i18n import _
from course.progress import names
from course.progress.errors import AttemptHeld, AttemptLost, StoreError
from course.progress.records import AttemptRecord, LessonProgress, Profile
from course.progress.review_store import ReviewStore
from course.quiz import Answer, Presented

if TYPE_CHECKING:
    import fsrs

Clock = Callable[[], dt.datetime]
MAX_NAME_LENGTH = names.MAX_NAME_LENGTH
LEASE_SECONDS = 60  # a window that stops renewing (killed, asleep) holds its attempt this long
RENEW_SECONDS = 20  # how often an open quiz renews: two renewals may fail before the lease ends


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """How every backend writes a moment: UTC, milliseconds, so that moments compare as text."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class ProfileNameError(StoreError, ValueError):
    """A profile name that cannot be used; the message says why."""


class Lease(NamedTuple):
    """Who holds an attempt, as a backend read it inside the write that depends on it."""

    exists: bool
    finished: bool = False
    holder: str | None = None
    held_until: str | None = None


class ProgressStore(ReviewStore):
    """One learner database (several profiles), whatever keeps it.

    Every write is durable when the method returns: an answer whose feedback is shown
    survives a crash. Every failure a person can meet is a `StoreError` with a message.
    """

    def __init__(self, clock: Clock = utc_now, scheduler: fsrs.Scheduler | None = None) -> None:
        self.clock = clock  # the app's one clock: screens, leases and scheduling all read it
        self._scheduler = scheduler
        self.holder = uuid.uuid4().hex  # this window, for the attempts it holds
        self.notice: str | None = None  # set by open_store when opening changed something worth telling

    def now(self) -> str:
        return iso(self.clock())

    @abstractmethod
    def close(self) -> None:
        """Let go of the attempts this store holds and of the connection; it is not used afterwards."""

    # -- profiles ---------------------------------------------------------------------------

    @staticmethod
    def clean_name(name: str) -> str:
        """A learner name as stored (NFC, spaces tidied), or ProfileNameError saying what is wrong."""
        try:
            return names.check(name)
        except names.NameProblem as problem:
            if problem.kind == "empty":
                message = _("Type a name (it is only used to tell learners apart on this computer).")
            elif problem.kind == "long":
                message = _("A name can be at most {n} characters long.").format(n=MAX_NAME_LENGTH)
            else:
                message = _("A name cannot contain control, direction or invisible formatting characters.")
            raise ProfileNameError(message) from None

    @staticmethod
    def name_key(name: str) -> str:
        """Two names with the same key are the same learner (see names.py)."""
        return names.name_key(name)

    def create_profile(self, name: str, locale: str) -> Profile:
        """A new learner; ProfileNameError when the name is unusable or already taken."""
        name = self.clean_name(name)
        return self._insert_profile(name, self.name_key(name), locale)

    @staticmethod
    def name_taken(existing: str) -> ProfileNameError:
        return ProfileNameError(_("There is already a learner called {name}.").format(name=existing))

    @abstractmethod
    def _insert_profile(self, name: str, key: str, locale: str) -> Profile:
        """Add a learner with a clean name; `name_taken(...)` if another has that key."""

    @abstractmethod
    def profiles(self) -> list[Profile]:
        """Every learner, the most recently used first."""

    @abstractmethod
    def profile(self, profile_id: int) -> Profile: ...

    @abstractmethod
    def profile_by_name(self, name: str) -> Profile | None:
        """The learner whose name is `name` as names are compared (NFC, any case)."""

    @abstractmethod
    def use_profile(self, profile_id: int, locale: str | None = None) -> None:
        """Mark a profile as the one in use (it is offered first next time), and its language."""

    @abstractmethod
    def reset_profile(self, profile_id: int) -> None:
        """Forget a profile's lessons, attempts and review cards, keeping the profile itself.

        Refused (StoreError) while another window holds one of its attempts: see `may_reset`.
        """

    # -- lessons ----------------------------------------------------------------------------

    @abstractmethod
    def lessons(self, profile_id: int) -> dict[str, LessonProgress]:
        """Reading progress by lesson id."""

    @abstractmethod
    def save_position(
        self, profile_id: int, lesson_id: str, section: int, sections_total: int, seconds: int = 0
    ) -> None:
        """Remember where the trainee is in a lesson; reaching the last section marks it read.

        The furthest section only grows, a lesson once read stays read, and `seconds` adds up.
        """

    # -- attempts ---------------------------------------------------------------------------

    @abstractmethod
    def start_attempt(
        self,
        profile_id: int,
        quiz_id: str,
        mode: str,
        seed: int,
        plan: list[Presented],
        time_limit_seconds: int | None,
    ) -> AttemptRecord:
        """A new attempt, held by this store."""

    @abstractmethod
    def claim_attempt(self, attempt_id: int, take_over: bool = False) -> AttemptRecord:
        """Hold an unfinished attempt (see `may_claim`) and return it as it is now."""

    @abstractmethod
    def renew_attempt(self, attempt_id: int) -> None:
        """Extend this store's lease on the attempt; AttemptLost if it no longer holds it."""

    @abstractmethod
    def release_attempt(self, attempt_id: int) -> None:
        """Stop holding the attempt (leaving the quiz); nothing happens if it is not held here."""

    @abstractmethod
    def record_answer(
        self,
        attempt_id: int,
        question_id: str,
        answer: Answer,
        score: float,
        locale: str,
        hint_used: bool = False,
        position: int | None = None,
    ) -> None:
        """Store an answer durably; once this returns, a crash cannot lose it.

        Only by the holder (`must_hold`), and never over a practice answer (`may_answer`).
        """

    @abstractmethod
    def save_attempt_position(self, attempt_id: int, position: int) -> None:
        """Where the holder is in the attempt (an exam resumes there)."""

    @abstractmethod
    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> None:
        """Close the attempt with its score; only by the holder, and it is then held by no one."""

    @abstractmethod
    def attempt(self, attempt_id: int) -> AttemptRecord:
        """One attempt with its responses."""

    @abstractmethod
    def attempts(self, profile_id: int, quiz_id: str | None = None) -> list[AttemptRecord]:
        """A profile's attempts, oldest first, without their responses."""

    @abstractmethod
    def unfinished_attempt(self, profile_id: int, quiz_id: str) -> AttemptRecord | None:
        """The latest unfinished attempt at a quiz, with its responses."""

    # -- spaced review: the rest is ReviewStore's (review_store.py) --------------------------

    def may_start_review(self, leases: list[Lease], take_over: bool) -> None:
        """Raise unless this store may close the learner's open review sessions and start another."""
        if not take_over and any(self.held_elsewhere(lease) for lease in leases):
            raise AttemptHeld(_("The review is open in another window (or was, until less than a minute ago)."))

    # -- the two-window rule: decisions every backend takes inside its write transaction ------

    def lease_end(self) -> str:
        """When a lease taken or renewed now runs out."""
        return iso(self.clock() + dt.timedelta(seconds=LEASE_SECONDS))

    def held_elsewhere(self, lease: Lease) -> bool:
        """Whether another window holds the attempt and its lease has not run out."""
        return (
            lease.holder is not None
            and lease.holder != self.holder
            and lease.held_until is not None
            and lease.held_until > self.now()
        )

    def may_claim(self, lease: Lease, take_over: bool) -> None:
        """Raise unless this store may hold the attempt now."""
        self._must_be_open(lease)
        if self.held_elsewhere(lease) and not take_over:
            raise AttemptHeld(_("This quiz is open in another window (or was, until less than a minute ago)."))

    def must_hold(self, lease: Lease) -> None:
        """Raise AttemptLost unless this store holds the attempt: the write is then refused."""
        self._must_be_open(lease)
        if lease.holder != self.holder:
            raise AttemptLost("taken_over")

    @staticmethod
    def _must_be_open(lease: Lease) -> None:
        if not lease.exists:
            raise AttemptLost("gone")
        if lease.finished:
            raise AttemptLost("finished")

    @staticmethod
    def may_answer(mode: str, already_answered: bool) -> None:
        """A practice answer was shown with its feedback at once: it is never replaced."""
        if already_answered and mode != "exam":
            raise StoreError(_("This question was already answered in this attempt; that answer is kept."))

    def may_reset(self, leases: list[Lease]) -> None:
        """A learner whose quiz is open in a window is not reset under it."""
        if any(self.held_elsewhere(lease) for lease in leases):
            raise StoreError(
                _(
                    "This learner has a quiz open in a window (or had, until less than a minute ago). "
                    "Close it, or wait a minute, then try again. Nothing was changed."
                )
            )

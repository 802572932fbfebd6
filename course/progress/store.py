"""The progress store's interface: what every backend offers, and the rules they share.

`ProgressStore` is what the app, the commands and the quiz runs talk to; a backend (today
`SqliteStore` in sqlite_store.py) implements its abstract methods and nothing else. Rules
that do not depend on the database (what a valid learner name is) live here, so that every
backend applies them alike. Open a store with `course.progress.open_store`.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable

from course.i18n import _
from course.progress.errors import StoreError
from course.progress.records import AttemptRecord, LessonProgress, Profile
from course.quiz import Answer, Presented

Clock = Callable[[], dt.datetime]
MAX_NAME_LENGTH = 40


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """How every backend writes a moment: UTC, milliseconds, so that moments compare as text."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class ProfileNameError(StoreError, ValueError):
    """A profile name that cannot be used; the message says why."""


class ProgressStore(ABC):
    """One learner database (several profiles), whatever keeps it.

    Every write is durable when the method returns: an answer whose feedback is shown
    survives a crash. Every failure a person can meet is a `StoreError` with a message.
    """

    def __init__(self, clock: Clock = utc_now) -> None:
        self._clock = clock
        self.notice: str | None = None  # set by open_store when opening changed something worth telling

    def now(self) -> str:
        return iso(self._clock())

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the store is not used afterwards."""

    # -- profiles ---------------------------------------------------------------------------

    @staticmethod
    def clean_name(name: str) -> str:
        """A learner name as stored, or ProfileNameError saying what is wrong with it."""
        name = " ".join(name.split())
        if not name:
            raise ProfileNameError(_("Type a name (it is only used to tell learners apart on this computer)."))
        if len(name) > MAX_NAME_LENGTH:
            raise ProfileNameError(_("A name can be at most {n} characters long.").format(n=MAX_NAME_LENGTH))
        if any(
            ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069
            for c in name
        ):
            raise ProfileNameError(_("A name cannot contain control characters."))
        return name

    def create_profile(self, name: str, locale: str) -> Profile:
        """A new learner; ProfileNameError when the name is unusable or already taken."""
        return self._insert_profile(self.clean_name(name), locale)

    @abstractmethod
    def _insert_profile(self, name: str, locale: str) -> Profile:
        """Add a learner with a clean name; ProfileNameError if another has that name."""

    @abstractmethod
    def profiles(self) -> list[Profile]:
        """Every learner, the most recently used first."""

    @abstractmethod
    def profile(self, profile_id: int) -> Profile: ...

    @abstractmethod
    def profile_by_name(self, name: str) -> Profile | None: ...

    @abstractmethod
    def use_profile(self, profile_id: int, locale: str | None = None) -> None:
        """Mark a profile as the one in use (it is offered first next time), and its language."""

    @abstractmethod
    def reset_profile(self, profile_id: int) -> None:
        """Forget a profile's lessons and attempts, keeping the profile itself."""

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
    ) -> AttemptRecord: ...

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
        """Store an answer durably; once this returns, a crash cannot lose it."""

    @abstractmethod
    def save_attempt_position(self, attempt_id: int, position: int) -> None: ...

    @abstractmethod
    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> None: ...

    @abstractmethod
    def attempt(self, attempt_id: int) -> AttemptRecord:
        """One attempt with its responses."""

    @abstractmethod
    def attempts(self, profile_id: int, quiz_id: str | None = None) -> list[AttemptRecord]:
        """A profile's attempts, oldest first, without their responses."""

    @abstractmethod
    def unfinished_attempt(self, profile_id: int, quiz_id: str) -> AttemptRecord | None: ...

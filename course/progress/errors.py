"""What can go wrong with a progress store, as the trainee or instructor is told it.

Every failure of a store that can reach a person is one of these, with a message that says
what happened and what to do; no database library's exception escapes the progress layer.
"""

from __future__ import annotations

from course.i18n import N_, _


class StoreError(Exception):
    """The progress store cannot do what was asked; the message says why and what to do."""


class StoreDamaged(StoreError):
    """The file is not a sound progress database (it may be kept aside and replaced)."""


class StoreRefused(StoreError):
    """The file belongs to something else, or to a newer version: it is left untouched."""


class AttemptHeld(StoreError):
    """Another window holds the attempt (its lease has not run out); it may be taken over."""


class AttemptLost(StoreError):
    """This window no longer holds the attempt: taken over, finished or reset elsewhere.

    Nothing this window saved before is lost; it must stop taking answers for the attempt.
    `explain()` words it again in the current language (a screen may keep showing it).
    """

    MESSAGES = {
        "taken_over": N_(
            "This attempt was taken over in another window, so this window no longer saves answers to it. "
            "Every answer saved before is kept."
        ),
        "finished": N_(
            "This attempt was finished in another window, so this window no longer saves answers to it. "
            "Every answer saved before is kept."
        ),
        "gone": N_("This attempt no longer exists (the learner's progress was reset), so nothing more is saved to it."),
    }

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(self.explain())

    def explain(self) -> str:
        return _(self.MESSAGES[self.reason])

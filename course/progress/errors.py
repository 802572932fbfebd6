"""What can go wrong with a progress store, as the trainee or instructor is told it.

Every failure of a store that can reach a person is one of these, with a message that says
what happened and what to do; no database library's exception escapes the progress layer.
"""

from __future__ import annotations


class StoreError(Exception):
    """The progress store cannot do what was asked; the message says why and what to do."""


class StoreDamaged(StoreError):
    """The file is not a sound progress database (it may be kept aside and replaced)."""


class StoreRefused(StoreError):
    """The file belongs to something else, or to a newer version: it is left untouched."""

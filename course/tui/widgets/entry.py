"""The one text field every typed answer, name and search goes through."""

from __future__ import annotations

from textual.widgets import Input


class TextEntry(Input):
    """An `Input` for trainees' typing (answers, names, search)."""

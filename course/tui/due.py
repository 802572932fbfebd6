"""Redraw a screen the moment the next review question falls due.

The course map and the review page also redraw every half minute; without this, a question
falling due just after a redraw would be shown as "due in less than a minute" for up to 30 s
after it was due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.dom import DOMNode
from textual.timer import Timer

from course.progress import parse_time

# Timers further away than this are left to the half-minute redraw (which plans again).
HORIZON_SECONDS = 30.0


class DueRedraw:
    """One pending redraw for one screen; planning again replaces it."""

    def __init__(self, owner: DOMNode, redraw: Callable[[], None]) -> None:
        self._owner = owner
        self._redraw = redraw
        self._timer: Timer | None = None

    def plan(self, next_due: str | None, now: dt.datetime) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if next_due is None:
            return
        wait = (parse_time(next_due) - now).total_seconds()
        if 0 <= wait <= HORIZON_SECONDS:
            self._timer = self._owner.set_timer(wait + 0.05, self._redraw)

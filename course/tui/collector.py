"""Python's full garbage collections, moved to moments when nobody is waiting for the screen.

A full (generation 2) collection walks every tracked object. In the course app that is
the loaded course (about 120,000 objects) and Textual's render caches (each cached line
keeps seven small caches of its own, up to some 100,000 objects). On a training-room
machine one such pass takes 50-180 ms, and when it lands on a keypress the trainee sees
the answer's feedback that much later (measured: p95 keypress-to-feedback went from 24
to over 100 ms).

So: the course, which lives as long as the app, is kept out of the collector altogether
(`gc.freeze`), and the automatic full collections are replaced by one run from a timer
when no key or click has come for a moment. Young collections stay automatic; reference
counting frees most garbage anyway.
"""

from __future__ import annotations

import gc
import time

IDLE_SECONDS = 0.5  # no input for this long: the trainee is reading
NEVER = 1 << 30


class IdleCollector:
    """Owns the collector's settings while an app runs, and gives them back after."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self.last_input = time.monotonic()

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _full = self._saved
            gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
            gc.unfreeze()  # whatever was kept out may be collected again

    def note_input(self) -> None:
        self.last_input = time.monotonic()

    def due(self) -> bool:
        """As often as Python would consider a full collection, but only while idle."""
        if self._saved is None:
            return False
        return gc.get_count()[2] >= self._saved[2] and time.monotonic() - self.last_input >= IDLE_SECONDS

    def tick(self) -> None:
        if self.due():
            gc.collect()

    @staticmethod
    def spare() -> None:
        """Keep everything alive now (above all the course) out of future collections."""
        gc.freeze()

    @staticmethod
    def spare_anew() -> None:
        """After the kept course was replaced: free what is no longer used, keep the rest."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

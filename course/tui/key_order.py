"""Keys that arrive in one burst act one after another, each on what the one before it left.

Fast typists, screen readers, input methods and pasted key macros send several keys at
once. Textual hands each key to the widget focused *when the app reads it*, runs that
widget's handlers in the widget's own queue, and runs key bindings later still, when the
key has bubbled back up to the app. In a burst every key is therefore read before the
first has done anything: they all go to the widget that was focused at the start, and a
letter typed after ↓ acts before the ↓ (in a matching question `e ↓ c ↓ a` gave every
partner to the first item; Space ↓ Space ticked one option twice).

`KeyOrder` holds the keys of a burst and lets the next one through only when the screen
has settled after the previous one: every message queue of the app and of the screen on
top is empty, no after-refresh callback is waiting and no worker of that screen is still
running (one waiting for a dialog's answer is not: the keys are the dialog's). Then focus, highlights and the screen itself are what the previous key made
them, exactly as if the trainee had typed slowly. A single key goes through at once, so
the usual keypress costs nothing.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual.widget import Widget
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.screen import Screen

# Workers that run in the background, whatever the trainee types (loading the course,
# a preview reloading): keys never wait for them.
BACKGROUND_GROUPS = frozenset({"course", "reload"})
# How often a held key checks whether the screen has settled, and the longest it waits:
# a key is never lost, even if something keeps the screen busy.
POLL_SECONDS = 0.002
MAX_WAIT_SECONDS = 2.0


class KeyOrder:
    """The app's key gate: one key at a time, in the order they were typed."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._held: deque[events.Key] = deque()
        self._released: set[int] = set()
        self._task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    def admit(self, event: events.Key) -> bool:
        """True: let this key through now. False: it is held and will be posted again in turn."""
        if id(event) in self._released:
            self._released.discard(id(event))
            return True
        if self._task is not None and not self._task.done():
            self._held.append(event)
            return False
        self._idle.clear()
        self._task = asyncio.get_running_loop().create_task(self._release_in_turn())
        return True

    async def wait_idle(self) -> None:
        """Until every held key has been handled (for tests and tools that send bursts)."""
        await self._idle.wait()

    async def _release_in_turn(self) -> None:
        try:
            while True:
                await self._settled()
                if not self._held:
                    return
                event = self._held.popleft()
                self._released.add(id(event))
                self.app.post_message(event)
        finally:
            self._idle.set()

    async def _settled(self) -> None:
        """Wait until the key just let through has done all it does (or MAX_WAIT_SECONDS)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + MAX_WAIT_SECONDS
        quiet_checks = 0
        while loop.time() < deadline:
            await asyncio.sleep(POLL_SECONDS)
            # Twice in a row: a handler may have just finished and be about to post more.
            quiet_checks = quiet_checks + 1 if self._quiet() else 0
            if quiet_checks >= 2:
                return

    def _quiet(self) -> bool:
        app = self.app
        try:
            screen = app.screen
        except Exception:  # no screen yet, or the app is closing
            return True
        if getattr(screen, "_callbacks", None):
            return False
        pumps: list[MessagePump] = [app, *screen.walk_children(with_self=True)]
        for pump in pumps:
            queue: asyncio.Queue[Any] = pump._message_queue
            # Unfinished counts a message being handled as well as those waiting.
            if getattr(queue, "_unfinished_tasks", queue.qsize()) or pump._next_callbacks:
                return False
        return not any(self._opening(worker, screen) for worker in app.workers)

    @staticmethod
    def _opening(worker: Worker[Any], screen: Screen[Any]) -> bool:
        """A worker of the screen on top, still at work (e.g. loading the course to open a lesson).

        A worker whose screen is no longer on top is waiting for the screen above it (a
        dialog's answer, `push_screen_wait`): keys are for that screen, and go to it at once.
        """
        if worker.state not in (WorkerState.PENDING, WorkerState.RUNNING) or worker.group in BACKGROUND_GROUPS:
            return False
        node = worker.node
        return node is screen or (isinstance(node, Widget) and node.is_attached and node.screen is screen)

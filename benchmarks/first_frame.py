"""Start a program exactly as a trainee would, headless, and exit after its first frame.

    python -m benchmarks.first_frame course [--wait-for-course] [cybercourse arguments...]
    python -m benchmarks.first_frame bare

It prints `FIRST_FRAME <unix time>` when the first frame is on screen (and with
`--wait-for-course`, `FULL_COURSE <unix time>` once the whole course is loaded).

`course` runs `cybercourse` itself (argument parsing, locale, content cache, progress store,
course map); only `App.run` is redirected to a headless run that exits once the first
frame is on screen. `bare` is the reference: a Textual app with a Header, a Static and a
Footer, run the same way.
"""

from __future__ import annotations

import atexit
import sys
import time
from typing import Any


def _report_peak_memory() -> None:
    """Peak resident memory of this process image, read at exit (after every thread ended).

    VmHWM belongs to the process's own address space, so unlike a parent's view of
    ru_maxrss it does not include the memory of whoever spawned us.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    print(f"PEAK_KIB {line.split()[1]}", flush=True)
    except OSError:
        pass


atexit.register(_report_peak_memory)

SIZE = (80, 24)


WAIT_FOR_COURSE = False


async def exit_after_first_frame(pilot: Any) -> None:
    await pilot.pause()
    # The harness reads this line: the moment the first frame was on screen.
    print(f"FIRST_FRAME {time.time():.6f}", flush=True)
    if WAIT_FOR_COURSE and hasattr(pilot.app, "full_course"):
        await pilot.app.full_course()
        print(f"FULL_COURSE {time.time():.6f}", flush=True)
    pilot.app.exit()


def run_bare() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

    Bare().run(headless=True, auto_pilot=exit_after_first_frame, size=SIZE)
    return 0


def run_course(argv: list[str]) -> int:
    from textual.app import App

    original = App.run

    def headless(self: App[Any], *args: Any, **kwargs: Any) -> Any:
        return original(self, headless=True, auto_pilot=exit_after_first_frame, size=SIZE)

    App.run = headless  # type: ignore[method-assign]
    from course.cli import main

    return main(argv)


if __name__ == "__main__":
    which, *rest = sys.argv[1:] or ["course"]
    if "--wait-for-course" in rest:
        rest.remove("--wait-for-course")
        WAIT_FOR_COURSE = True
    sys.exit(run_bare() if which == "bare" else run_course(rest))

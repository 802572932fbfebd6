"""Keystrokes a trainee would type to answer the question on screen (right or wrong)."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot

from course.content import Matching, MultipleChoice, Numeric, Ordering, ShortAnswer, SingleChoice, TrueFalse
from course.tui.screens.quiz import QuizScreen


async def answer(pilot: Pilot[None], screen: QuizScreen, right: bool = True) -> None:
    """Answer the current question with the keyboard only, then press Enter."""
    question = screen.run.question(screen.index)
    order = list(screen.run.presented(screen.index).order)
    if isinstance(question, SingleChoice):
        wrong = next(o for o in order if o != question.answer)
        await pilot.press(chr(ord("a") + order.index(question.answer if right else wrong)))
    elif isinstance(question, TrueFalse):
        await pilot.press("a" if question.answer == right else "b")
    elif isinstance(question, MultipleChoice):
        wanted = set(question.answers) if right else {o for o in order if o not in question.answers}
        for option in order:
            if option in wanted:
                await pilot.press("space")
            await pilot.press("down")
    elif isinstance(question, ShortAnswer):
        await pilot.press(*(question.accepted["en"][0] if right else "no idea"))
    elif isinstance(question, Numeric):
        await pilot.press(*str(int(question.value) + (0 if right else 1)))
    elif isinstance(question, Ordering):
        if right:
            await _reorder(pilot, order, [item.id for item in question.items])
        else:
            await pilot.press("enter")  # the order as shown (always a wrong one): asked once more
    elif isinstance(question, Matching):
        for index, pair in enumerate(question.pairs):
            if index:
                await pilot.press("down")
            target = pair.id if right else next(o for o in order if o != pair.id)
            await pilot.press(chr(ord("a") + order.index(target)))
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()  # the feedback is scrolled into view once it has been laid out


async def _reorder(pilot: Pilot[None], current: list[str], wanted: list[str]) -> None:
    """Selection sort with the highlighted-item moves (Shift+Up) of the ordering widget."""
    cursor = 0
    for target, item in enumerate(wanted):
        position = current.index(item)
        for _ in range(abs(position - cursor)):
            await pilot.press("down" if position > cursor else "up")
        for _ in range(position - target):
            await pilot.press("shift+up")
        current.insert(target, current.pop(position))
        cursor = target


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Send keys as a fast typist, a screen reader or an input tool does: all at once.

    Every key is posted to the app before any of them is handled (`pilot.press` waits for
    the app to go idle after each key, which hides what a burst does).
    """
    app = pilot.app
    for key in keys:
        char = " " if key == "space" else (key if len(key) == 1 else None)
        event = events.Key(key, char)
        event.set_sender(app)
        app.post_message(event)
    key_order = getattr(app, "key_order", None)
    await pilot.pause()
    if key_order is not None:
        await key_order.wait_idle()
    await pilot.pause()
    await pilot.pause()

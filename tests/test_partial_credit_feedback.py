"""A partly right option earns its credit, is said so in the feedback, and is saved with that score."""

from __future__ import annotations

from pathlib import Path

from course.tui.screens.quiz import QuizScreen
from tests.test_app import SIZE, create_profile, store_of, visible_text
from tests.tui_helpers import build_app, load


async def test_a_partly_right_option_is_shown_as_partly_right(course_copy: Path, tmp_path: Path) -> None:
    quiz = course_copy / "quizzes" / "first-quiz.yaml"
    text = quiz.read_text("utf-8")
    credited = "        feedback: {en: Not the EU., vi: Không phải EU.}\n        credit: 50\n"
    quiz.write_text(text.replace("        feedback: {en: Not the EU., vi: Không phải EU.}\n", credited, 1), "utf-8")
    course = load(course_copy)
    app = build_app(course, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await create_profile(pilot)
        await pilot.press("down", "t", "enter")  # the first lesson's quiz
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        question = screen.run.question(screen.index)
        assert question.id == "q-single"
        order = list(screen.run.presented(screen.index).order)
        await pilot.press(chr(ord("a") + order.index("b")), "enter")
        await pilot.pause()
        await pilot.pause()
        shown = visible_text(app)
        assert "Partly right (50%)." in shown
        assert "Not the EU." in shown  # the option's own feedback too
        profile = store_of(app).profiles()[0]
        attempt = store_of(app).unfinished_attempt(profile.id, "first-quiz")
        assert attempt is not None
        saved = store_of(app).attempt(attempt.id).responses
        assert {q: r.score for q, r in saved.items()} == {"q-single": 0.5}

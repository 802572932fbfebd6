"""An attempt's result and the review of every question: the answer given, the right one, why."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from course.i18n import N_, _, format_datetime, format_percent
from course.progress import parse_time
from course.progress.runs import QuizRun
from course.tui.answers import as_of_line, describe, describe_correct, source_line
from course.tui.screens.base import CourseScreen
from course.tui.session import Session
from course.tui.widgets.answer_lists import hanging


class ResultsScreen(CourseScreen):
    """Score, pass or fail, and a question-by-question review."""

    DEFAULT_CSS = """
    #results { padding: 0 1; }
    #verdict { margin-top: 1; height: auto; }
    #review { height: 1fr; margin-top: 1; }
    #review-detail { height: 9; border-top: solid $primary-darken-2; }
    #detail { padding: 0 1; }
    """

    BINDINGS = [
        Binding("n", "retake", N_("New attempt")),  # n starts a new attempt here and on the quiz's page
        Binding("escape,q", "back", N_("Course map")),
    ]

    def __init__(self, session: Session, attempt_id: int) -> None:
        super().__init__(session)
        record = session.store.attempt(attempt_id)
        self.run = QuizRun(session.content, session.content.quizzes[record.quiz_id], session.store, record)

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with Vertical(id="results"):
            yield Static(id="verdict")
            yield OptionList(id="review")
            with VerticalScroll(id="review-detail"):
                yield Static(id="detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#review", OptionList).focus()

    def where(self) -> str:
        return _("Result: {quiz}").format(quiz=self.session.text(self.run.quiz.title))

    def refresh_language(self) -> None:
        super().refresh_language()
        score = self.run.score()
        record = self.run.record
        verdict = Text()
        if score.passed:
            verdict.append("✓ " + _("Passed"), style="bold green")
        else:
            verdict.append("✗ " + _("Not passed yet"), style="bold red")
        verdict.append(
            "  "
            + _("Score {score} (pass mark {mark})").format(
                score=format_percent(score.score), mark=format_percent(self.run.quiz.pass_mark / 100)
            ),
            style="bold",
        )
        verdict.append(
            "\n" + _("{correct} of {total} questions right").format(correct=score.correct, total=score.total)
        )
        if record.finished_at:
            verdict.append(
                " · "
                + _("finished {when}").format(
                    when=format_datetime(parse_time(record.finished_at).astimezone(), "short")
                )
            )
        if not score.passed:
            verdict.append("\n" + _("Read the explanations below, then press n to try again."), style="italic")
        self.query_one("#verdict", Static).update(verdict)
        listing = self.query_one("#review", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        for item in self.run.review():
            mark = (
                "–" if item.grade is None else ("✓" if item.grade.correct else ("◐" if item.grade.score > 0 else "✗"))
            )
            prompt = Text(self.session.text(item.question.prompt).replace("\n", " "))
            listing.add_option(Option(hanging([mark, f"{item.index + 1}."], prompt), id=str(item.index)))
        listing.highlighted = keep if keep is not None else 0
        self._detail()

    @on(OptionList.OptionHighlighted, "#review")
    def _detail(self) -> None:
        listing = self.query_one("#review", OptionList)
        if listing.highlighted is None:
            return
        item = self.run.review()[listing.highlighted]
        question = item.question
        text = Text(self.session.text(question.prompt) + "\n", style="bold")
        text.append(_("Your answer: "), style="dim")
        text.append(describe(self.session, question, item.answer, item.presented) + "\n")
        if item.grade is None or not item.grade.correct:
            text.append(_("Right answer: "), style="dim")
            text.append(describe_correct(self.session, question, item.presented) + "\n", style="bold")
        if item.grade is not None:
            for note in item.grade.feedback:
                text.append(self.session.text(note) + "\n", style="italic")
        text.append(self.session.text(question.explanation) + "\n")
        text.append_text(as_of_line(question))
        text.append_text(source_line(self.session, question))
        self.query_one("#detail", Static).update(text)

    def action_retake(self) -> None:
        from course.tui.screens.quiz_intro import QuizIntroScreen

        self.app.switch_screen(QuizIntroScreen(self.session, self.run.quiz.id))

    def action_back(self) -> None:
        # Back to the map (or the preview's home), wherever the quiz was opened from.
        while len(self.app.screen_stack) > 2 and not getattr(self.app.screen_stack[-2], "is_home", False):
            self.app.screen_stack[-2].remove()  # pragma: no cover - defensive
        self.app.pop_screen()

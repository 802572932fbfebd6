"""Taking a quiz: one question at a time; practice shows feedback at once, an exam at the end."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Markdown, Static

from course.content import Numeric
from course.i18n import N_, _, current_locale, ngettext
from course.progress import AttemptLost, StoreError
from course.progress.runs import QuizRun
from course.quiz import InvalidAnswer
from course.tui.feedback import feedback_text, status_line
from course.tui.screens.holding import HoldingScreen
from course.tui.session import Session
from course.tui.widgets.questions import AnswerInput, answer_input


class QuizScreen(HoldingScreen):
    """One attempt, question by question. Every answer is saved before anything else happens.

    The attempt is held while the screen is open; see HoldingScreen for another window.
    """

    DEFAULT_CSS = """
    #quiz { padding: 0 1; }
    #quiz-status { margin-top: 1; width: 100%; }
    #question-area { height: 1fr; }
    #answer-slot { height: auto; }
    .choices { height: auto; max-height: 1000; }
    .typed { height: auto; }
    .typed TextEntry { width: 40; }
    #unit { margin: 1 1; }
    #rights { padding: 0 2; color: $text; border: none; }
    .answer-buttons { height: auto; margin-top: 0; }
    AnswerInput:disabled .answer-buttons { display: none; }
    .answer-buttons Button { margin-right: 1; }
    #problem { padding: 0 1; text-style: bold; }
    #feedback { padding: 0 1; height: auto; border-left: thick $primary; }
    #feedback.correct { border-left: thick $success; }
    #feedback.incorrect { border-left: thick $error; }
    """

    BINDINGS = [
        Binding("enter", "next", N_("Next question"), show=True),
        Binding("f4", "hint", N_("Hint")),
        Binding("f4", "no_hint", show=False),  # says why F4 does nothing here
        # Priority: the scrolling question area would otherwise take PgUp/PgDn for itself.
        Binding("pageup", "previous", N_("Previous question"), priority=True),
        Binding("pagedown", "skip", N_("Skip"), priority=True),
        Binding("ctrl+f", "finish", N_("Finish")),
        Binding("escape", "leave", N_("Leave")),
    ]

    def __init__(self, session: Session, run: QuizRun) -> None:
        super().__init__(session, run)
        start = run.record.position if run.exam else run.first_unanswered()
        self.index = min(start, len(run) - 1)
        self.hints: set[str] = set()
        self.shown_hint = False
        self._prompt_shown: str | None = None
        self.problem = ""

    @property
    def HELP_KEYS(self) -> list[tuple[str, str]]:
        widget = self.query(AnswerInput)
        return list(widget.first().HELP_KEYS) if widget else []

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with Vertical(id="quiz"):
            yield Label(id="quiz-status")
            # What is missing from an answer stays in view, however far the options scroll.
            yield Static(id="problem", classes="error")
            with VerticalScroll(id="question-area"):
                yield Markdown(id="prompt", open_links=False)
                yield Vertical(id="answer-slot")
                yield Static(id="hint", classes="hint")
                yield Static(id="feedback")

    async def on_mount(self) -> None:  # type: ignore[override]  # Textual awaits either kind
        super().on_mount()
        await self.show_question(self.index)
        if self.run.exam and self.run.deadline() is not None:
            self.set_interval(1.0, self._tick)
        self.hold()

    def where(self) -> str:
        return self.session.text(self.run.quiz.title)

    # -- showing ----------------------------------------------------------------------------

    @property
    def answered(self) -> bool:
        return self.run.answered(self.index)

    @property
    def feedback_shown(self) -> bool:
        return not self.run.exam and self.answered

    async def show_question(self, index: int) -> None:
        self.index = index
        self.shown_hint = self.run.question(index).id in self.hints
        self.problem = ""
        slot = self.query_one("#answer-slot", Vertical)
        await slot.remove_children()
        widget = answer_input(
            self.session, self.run.question(index), self.run.presented(index), self.run.answer_of(index)
        )
        # Answered, in practice: the feedback says what was chosen, right under the question.
        widget.disabled = self.feedback_shown
        widget.display = not self.feedback_shown
        # Keys typed meanwhile wait (course.tui.key_order): they land in the new question.
        await slot.mount(widget)
        self.query_one("#question-area", VerticalScroll).scroll_home(animate=False)
        self.refresh_language()
        if self.feedback_shown:
            self.query_one("#question-area").focus()
        else:
            widget.focus_answer()
            self.call_after_refresh(self._reveal_answer)
        self.refresh_bindings()

    def _reveal_answer(self) -> None:
        """Keep the prompt in view, unless that leaves the answer entirely below the fold."""
        area = self.query_one("#question-area", VerticalScroll)
        focused = self.focused
        if focused is not None and focused.region.y >= area.region.bottom:
            area.scroll_to_widget(focused, animate=False, top=True)

    def refresh_language(self) -> None:
        super().refresh_language()
        if not self.query("#answer-slot AnswerInput"):
            return
        question = self.run.question(self.index)
        prompt = self.session.text(question.prompt)
        if prompt != self._prompt_shown:  # re-parsing Markdown is the slow part of a redraw
            self._prompt_shown = prompt
            self.query_one("#prompt", Markdown).update(prompt)
        for widget in self.query(AnswerInput):
            widget.refresh_language()
        self._render_answer_state()

    def _render_answer_state(self) -> None:
        """Status line, hint, problem and feedback: what changes when the trainee answers."""
        question = self.run.question(self.index)
        self.query_one("#quiz-status", Label).update(self._status())
        hint = self.query_one("#hint", Static)
        hint.display = self.shown_hint and question.hint is not None
        if hint.display:
            hint.update(Text(_("Hint: ") + self.session.text(question.hint)))
        problem = self.query_one("#problem", Static)
        problem.update(Text(self.problem))
        problem.display = bool(self.problem)
        feedback = self.query_one("#feedback", Static)
        grade = self.run.grade_of(self.index)
        feedback.display = self.feedback_shown and grade is not None
        if feedback.display and grade is not None:
            feedback.update(feedback_text(self.session, self.run, self.index, grade))
            feedback.set_class(grade.correct, "correct")
            feedback.set_class(not grade.correct, "incorrect")

    def _status(self) -> Text:
        if self.lost is not None:
            return Text("⚠ " + self.lost_notice() + " " + _("Press Esc to go back to the quiz's page."), style="bold")
        return status_line(self.session, self.run, self.index)

    def _tick(self) -> None:
        left = self.run.seconds_left(self.session.clock())
        if left == 0:
            self.notify(_("Time is up. Your answers so far have been marked."), severity="warning", markup=False)
            self._finish()
            return
        self.query_one("#quiz-status", Label).update(self._status())

    # -- answering --------------------------------------------------------------------------

    @on(AnswerInput.Submitted)
    async def _submitted(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if self.lost is not None:
            return
        if self.feedback_shown:
            await self.action_next()
            return
        if event.answer is None:
            self._complain(event.problem)
            return
        question = self.run.question(self.index)
        try:
            self.run.answer(self.index, event.answer, current_locale(), question.id in self.hints)
        except AttemptLost as lost:
            self.taken_over(lost, answer_refused=True)
            return
        except StoreError as error:
            # The answer stays on screen; Enter tries again. Nothing is marked as answered.
            self._complain(str(error))
            return
        except InvalidAnswer:
            if isinstance(question, Numeric) and question.format == "year":
                self._complain(_("That is not a year. Type digits only, e.g. 2004."))
            elif isinstance(question, Numeric):
                self._complain(_("That is not a number. Type digits only, e.g. 2004."))
            else:
                self._complain(_("That answer cannot be marked; check it and try again."))
            return
        if self.run.exam:
            await self._exam_advance()
        else:
            # The same question, its options replaced by the feedback (which names the
            # answer given): the question and what it earned stay together, from the top.
            self.problem = ""
            for widget in self.query(AnswerInput):
                widget.disabled = True
                widget.display = False
            self._render_answer_state()
            area = self.query_one("#question-area", VerticalScroll)
            area.focus(scroll_visible=False)
            area.scroll_home(animate=False, immediate=True)
            self.refresh_bindings()

    def _complain(self, message: str) -> None:
        self.problem = message
        problem = self.query_one("#problem", Static)
        problem.update(Text(message))
        problem.display = True
        self.app.bell()

    async def _exam_advance(self) -> None:
        following = [i for i in range(self.index + 1, len(self.run)) if not self.run.answered(i)]
        earlier = [i for i in range(self.index) if not self.run.answered(i)]
        if following or earlier:
            await self._go((following or earlier)[0])
        else:
            self.action_finish()

    async def _go(self, index: int) -> None:
        try:
            self.run.move_to(index)
        except AttemptLost as lost:
            self.taken_over(lost)
            return
        except StoreError as error:  # only the place to resume at was not saved: move on
            self.notify(str(error), severity="warning", timeout=15, markup=False)
        await self.show_question(index)

    async def action_next(self) -> None:
        if self.feedback_shown:
            if self.index + 1 < len(self.run):
                await self._go(self.index + 1)
            else:
                self._finish()
        else:
            for widget in self.query(AnswerInput):
                widget.submit()

    async def action_skip(self) -> None:
        if self.index + 1 < len(self.run):
            await self._go(self.index + 1)

    async def action_previous(self) -> None:
        if self.index > 0:
            await self._go(self.index - 1)

    def action_hint(self) -> None:
        question = self.run.question(self.index)
        self.hints.add(question.id)
        self.shown_hint = True
        self.refresh_language()

    def show_lost(self) -> None:
        self.query_one("#quiz-status", Label).update(self._status())
        self.query_one("#question-area").focus()

    def action_no_hint(self) -> None:
        if self.run.question(self.index).hint is None:
            self.notify(_("This question has no hint."), markup=False)
        else:
            self.notify(_("A hint can be shown only before you answer."), markup=False)

    def key_label(self, action: str) -> str | None:
        """What Enter does here, in the words the feedback uses."""
        if action == "next" and self.index == len(self.run) - 1:
            return _("See your result")
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.lost is not None:
            return action == "leave"
        if action == "no_hint":
            return True
        if action in ("previous", "skip", "finish"):
            return self.run.exam
        if action == "next":
            return self.feedback_shown
        if action == "hint":
            return not self.feedback_shown and self.run.question(self.index).hint is not None
        return True

    def action_finish(self) -> None:
        from course.tui.screens.dialogs import ConfirmDialog

        missing = sum(1 for i in range(len(self.run)) if not self.run.answered(i))

        def question() -> str:
            if missing == 0:
                return _("You have answered every question. Finish the exam and see your result?")
            return ngettext(
                "{n} question is not answered yet and will count as wrong. Finish the exam now?",
                "{n} questions are not answered yet and will count as wrong. Finish the exam now?",
                missing,
            ).format(n=missing)

        def decided(yes: bool | None) -> None:
            if yes:
                self._finish()

        self.app.push_screen(ConfirmDialog(question, lambda: _("Finish"), lambda: _("Keep working")), decided)

    def _finish(self) -> None:
        try:
            if not self.run.record.finished:
                self.run.finish()
        except AttemptLost as lost:
            self.taken_over(lost)
            return
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=15, markup=False)
            return  # stays on the quiz; the trainee can try again
        self.app.switch_screen(self.after_finish())

    def after_finish(self) -> Screen[None]:
        """Where a finished attempt leads: its results."""
        from course.tui.screens.results import ResultsScreen

        return ResultsScreen(self.session, self.run.record.id)

    def action_leave(self) -> None:
        from course.tui.screens.dialogs import ConfirmDialog

        if self.lost is not None:
            self.leave_lost()
            return

        def decided(yes: bool | None) -> None:
            if yes and self.lost is not None:  # found out while the dialog was open
                self.leave_lost()
            elif yes:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmDialog(
                self.leave_question,
                lambda: _("Leave"),
                lambda: _("Stay"),
            ),
            decided,
        )

    def leave_question(self) -> str:
        """What Esc asks, in the current language."""
        return _("Leave the quiz? Your answers are saved; you can resume it from the course map.")

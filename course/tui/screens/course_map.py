"""The course map: lessons in order with their status, overall progress, and where to continue."""

from __future__ import annotations

import functools

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from course.i18n import N_, _, current_locale, format_percent
from course.progress import CourseState, LessonState, LessonStatus, course_state
from course.tui.due import DueRedraw
from course.tui.review_texts import retention_label, review_label, review_summary
from course.tui.screens.base import CourseScreen
from course.tui.widgets.completion import CompletionLine
from course.tui.widgets.menu import MenuList

MARKS = {
    LessonStatus.PASSED: "✓",
    LessonStatus.READ: "◉",
    LessonStatus.IN_PROGRESS: "◐",
    LessonStatus.NEW: "○",
    LessonStatus.LOCKED: "⊘",
}
REVIEW_REFRESH_SECONDS = 30
CONTINUE, EXAM, REVIEW = "continue", "final-exam", ":review"  # REVIEW: never a content id (no colon)


def status_text(state: LessonState) -> str:
    """The status column, e.g. `Quiz passed · best 85%`."""
    if state.status is LessonStatus.LOCKED:
        return _("Locked")
    if state.status is LessonStatus.PASSED:
        best = state.quiz.best if state.quiz else None
        if best is None:
            return _("Done")
        return _("Quiz passed · best {score}").format(score=format_percent(best))
    if state.quiz is not None and state.quiz.unfinished is not None:
        return _("Quiz in progress")
    if state.status is LessonStatus.READ:
        if state.quiz is not None and state.quiz.best is not None:
            return _("Read · quiz best {score}").format(score=format_percent(state.quiz.best))
        return _("Read · quiz to take")
    if state.status is LessonStatus.IN_PROGRESS and state.progress is not None:
        return _("Reading · section {n} of {total}").format(
            n=state.progress.section + 1, total=state.progress.sections_total
        )
    return _("New")


def _retention(state: LessonState) -> str:
    return " · " + retention_label(state.retention) if state.retention is not None else ""


class CourseMapScreen(CourseScreen):
    """Where a trainee lands: what to do next and how far they are."""

    is_home = True  # where "back" from a quiz's results returns to
    BINDINGS = [
        Binding("c", "continue", N_("Continue")),
        Binding("t", "take_quiz", N_("Quiz")),
        Binding("t", "no_quiz", show=False),  # says why t does nothing on this row
        Binding("r", "review", N_("Review")),
        Binding("g", "glossary", N_("Glossary")),
        Binding("p", "profiles", N_("Learners")),
        Binding("q,escape", "quit", N_("Quit")),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with Vertical(id="map"):
            yield CompletionLine(id="progress")
            yield MenuList(id="lessons")
            yield Static(id="details")

    def where(self) -> str:
        return _("Course map")

    def on_mount(self) -> None:
        self.query_one("#lessons", OptionList).focus()
        super().on_mount()
        self.set_interval(REVIEW_REFRESH_SECONDS, self._review_clock)

    @functools.cached_property
    def _due_redraw(self) -> DueRedraw:
        return DueRedraw(self, self._review_clock)

    def _review_clock(self) -> None:
        """Keep the Review row true while the map is open: questions fall due as time passes."""
        if (
            self.is_current
            and getattr(self, "state", None) is not None
            and self.state.review
            and self.state.review.cards
        ):
            self.refresh_language()

    def refresh_language(self) -> None:
        super().refresh_language()
        self.state = course_state(self.session.outline, self.session.store, self.session.profile_id)
        review = self.state.review
        self._due_redraw.plan(review.next_due if review else None, self.session.clock())
        self.query_one(CompletionLine).show(self.state.completion)
        self._fill_rows()
        self.refresh_bindings()  # the Review key appears with the first card

    def _fill_rows(self) -> None:
        listing = self.query_one("#lessons", OptionList)
        width = listing.scrollable_content_region.width
        if getattr(self, "_rows_for", None) == (current_locale(), width, id(self.state)):
            return  # same rows as on screen
        self._rows_for = (current_locale(), width, id(self.state))
        keep = listing.highlighted
        kept_id = self._highlighted_id()
        listing.clear_options()
        options = self._options(self.state)
        listing.add_options(options)
        # The same row stays highlighted when rows come or go above it (the Review row appears).
        same = next((i for i, option in enumerate(options) if kept_id is not None and option.id == kept_id), None)
        if same is not None:
            keep = same
        listing.highlighted = keep if keep is not None and keep < listing.option_count else 0
        self._show_details()

    def _options(self, state: CourseState) -> list[Option]:
        options = []
        if state.next_step is not None:
            options.append(Option(Text("▶ " + self._continue_label(state), style="bold"), id=CONTINUE))
        for number, lesson_state in enumerate(state.lessons, start=1):
            title = f"{MARKS[lesson_state.status]} {number}. " + self.session.text(lesson_state.lesson.title)
            status = status_text(lesson_state) + _retention(lesson_state)
            options.append(Option(self._row(title, status), id=lesson_state.lesson.id))
        if state.review is not None and state.review.cards:  # after the lessons: their rows keep their places
            label = "↻ " + review_label(state.review, self.session.clock())
            options.append(Option(Text(label, style="bold" if state.review.today else ""), id=REVIEW))
        exam_id = self.session.outline.final_exam
        if exam_id is not None:
            exam = state.final_exam
            mark = "✓" if exam and exam.passed else ("★" if state.final_exam_unlocked else "⊘")
            title = f"{mark} " + self.session.text(self.session.outline.quizzes[exam_id].title)
            status = ""
            if not state.final_exam_unlocked:
                status = _("Locked")
            elif exam and exam.best is not None:
                status = _("Best {score}").format(score=format_percent(exam.best))
            options.append(Option(self._row(title, status), id=EXAM))
        return options

    def _row(self, title: str, status: str) -> Text:
        """One line: the title, cut to fit, and the status aligned on the right."""
        width = max(40, self.query_one("#lessons", OptionList).scrollable_content_region.width - 1)
        line = Text(title)
        room = width - len(status) - 2
        if line.cell_len > room:
            line.truncate(room - 1)
            line.append("…")
        line.pad_right(width - line.cell_len - len(status))
        line.append(status, style="dim")
        return line

    def on_resize(self) -> None:
        super().on_resize()
        if hasattr(self, "state"):
            self._fill_rows()  # the status column follows the width; no need to re-read the store

    def _continue_label(self, state: CourseState) -> str:
        step = state.next_step
        assert step is not None
        outline = self.session.outline
        if step.kind == "quiz":
            quiz = outline.quizzes[step.target_id]
            return _("Continue: {title}").format(title=self.session.text(quiz.title))
        lesson = outline.lesson(step.target_id)
        if step.section:
            return _("Continue: {title}, section {n}").format(title=self.session.text(lesson.title), n=step.section + 1)
        return _("Start: {title}").format(title=self.session.text(lesson.title))

    @on(OptionList.OptionHighlighted, "#lessons")
    def _show_details(self) -> None:
        details = self.query_one("#details", Static)
        option_id = self._highlighted_id()
        outline = self.session.outline
        text = Text()
        step = self.state.next_step
        starting = option_id == CONTINUE and step is not None and step.kind == "lesson" and not step.section
        if starting and step is not None:
            option_id = step.target_id  # "Start": what the first lesson is about
        if option_id in {lesson.id for lesson in outline.lessons}:
            lesson_state = self.state.lesson(option_id)
            lesson = lesson_state.lesson
            text.append(self.session.text(lesson.title) + "\n", style="bold")
            text.append(self.session.text(lesson.summary) + "\n")
            if lesson_state.status is LessonStatus.LOCKED:
                names = ", ".join(self.session.text(outline.lesson(p).title) for p in lesson_state.blocked_by)
                text.append(_("Pass the quiz of “{lessons}” first.").format(lessons=names), style="italic")
            elif lesson.minutes:
                text.append(_("About {n} minutes of reading.").format(n=lesson.minutes), style="dim")
        elif option_id == EXAM and outline.final_exam:
            quiz = outline.quizzes[outline.final_exam]
            text.append(self.session.text(quiz.title) + "\n", style="bold")
            text.append(self.session.text(quiz.description))
        elif option_id == CONTINUE:
            text.append(_("Pick up exactly where you stopped."))
        elif option_id == REVIEW and self.state.review is not None:
            text.append(_("Review") + "\n", style="bold")
            text.append(_("Questions you have answered come back when you are about to forget them.") + "\n")
            text.append(review_summary(self.state.review, self.session.clock()), style="dim")
        details.update(text)
        self.refresh_bindings()  # t works on some rows only

    def _highlighted_id(self) -> str | None:
        listing = self.query_one("#lessons", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    @on(OptionList.OptionSelected, "#lessons")
    def action_open(self) -> None:
        option_id = self._highlighted_id()
        if option_id == CONTINUE:
            self.action_continue()
        elif option_id == EXAM:
            self._open_exam()
        elif option_id == REVIEW:
            self.action_review()
        elif option_id is not None:
            self.open_lesson(option_id)

    def action_continue(self) -> None:
        step = self.state.next_step
        if step is None:
            self.notify(_("You have finished the course. Congratulations!"), markup=False)
        elif step.kind == "quiz":
            self.open_quiz(step.target_id)
        else:
            self.open_lesson(step.target_id, step.section)

    def _quiz_row(self) -> str | None:
        """The lesson (or EXAM) whose quiz t takes from the highlighted row, if it has one."""
        option_id = self._highlighted_id()
        step = self.state.next_step if hasattr(self, "state") else None
        if option_id == CONTINUE and step is not None:
            if step.kind == "quiz" and step.target_id == self.session.outline.final_exam:
                return EXAM
            if step.kind == "quiz":
                return next(
                    (lesson.id for lesson in self.session.outline.lessons if lesson.quiz == step.target_id), None
                )
            option_id = step.target_id
        if option_id == EXAM:
            return EXAM
        lessons = {lesson.id: lesson for lesson in self.session.outline.lessons}
        return option_id if option_id in lessons and lessons[option_id].quiz else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_quiz":
            return self._quiz_row() is not None
        if action == "review":  # once the learner has answered a question
            review = getattr(self, "state", None) and self.state.review
            return bool(review and review.cards)
        return True

    def action_no_quiz(self) -> None:
        self.notify(_("This row has no quiz: highlight a lesson to take its quiz."), markup=False)

    def action_take_quiz(self) -> None:
        option_id = self._quiz_row()
        if option_id == EXAM:
            self._open_exam()
            return
        if option_id is None:
            return
        lesson_state = self.state.lesson(option_id)
        if lesson_state.status is LessonStatus.LOCKED:
            self._locked(lesson_state)
        elif lesson_state.lesson.quiz:
            self.open_quiz(lesson_state.lesson.quiz)

    @work(exclusive=True, group="open")
    async def open_lesson(self, lesson_id: str, section: int | None = None) -> None:
        from course.tui.screens.lesson import LessonScreen

        lesson_state = self.state.lesson(lesson_id)
        if lesson_state.status is LessonStatus.LOCKED:
            self._locked(lesson_state)
            return
        if section is None:
            section = lesson_state.progress.section if lesson_state.progress else 0
        await self.course_app.full_course()
        self.app.push_screen(LessonScreen(self.session, lesson_id, section))

    def open_quiz(self, quiz_id: str) -> None:
        from course.tui.screens.quiz_intro import QuizIntroScreen

        self.app.push_screen(QuizIntroScreen(self.session, quiz_id))

    def _open_exam(self) -> None:
        if not self.state.final_exam_unlocked:
            self.notify(
                _("The final exam unlocks when you have passed every lesson quiz."), severity="warning", markup=False
            )
            return
        if self.session.outline.final_exam:
            self.open_quiz(self.session.outline.final_exam)

    def _locked(self, lesson_state: LessonState) -> None:
        names = ", ".join(self.session.text(self.session.outline.lesson(p).title) for p in lesson_state.blocked_by)
        self.notify(
            _("Locked: pass the quiz of “{lessons}” first.").format(lessons=names), severity="warning", markup=False
        )

    @work(exclusive=True, group="open")
    async def action_review(self) -> None:
        from course.tui.screens.review_intro import ReviewIntroScreen

        await self.course_app.full_course()
        self.app.push_screen(ReviewIntroScreen(self.session))

    @work(exclusive=True, group="open")
    async def action_glossary(self) -> None:
        from course.tui.screens.glossary import GlossaryScreen

        await self.course_app.full_course()
        self.app.push_screen(GlossaryScreen(self.session))

    def action_profiles(self) -> None:
        from course.tui.screens.profiles import ProfileScreen

        self.app.push_screen(ProfileScreen(self.session))

    def action_quit(self) -> None:
        self.confirm_quit()

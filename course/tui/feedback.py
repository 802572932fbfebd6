"""The lines of a quiz question that change as the trainee answers: its status and its feedback."""

from __future__ import annotations

from rich.text import Text

from course.i18n import _
from course.progress.runs import QuizRun
from course.quiz import Grade
from course.tui.answers import as_of_line, describe, describe_correct, source_line, type_name
from course.tui.session import Session


def status_line(session: Session, run: QuizRun, index: int) -> Text:
    """`Question 3 of 12 · Choose one · 2 correct so far` (an exam: answered and time left)."""
    question = run.question(index)
    text = Text(_("Question {n} of {total}").format(n=index + 1, total=len(run)), style="bold")
    text.append(" · " + type_name(question))
    if run.exam:
        answered = sum(1 for i in range(len(run)) if run.answered(i))
        text.append(" · " + _("{n} answered").format(n=answered))
        left = run.seconds_left(session.clock())
        if left is not None:
            text.append(
                " · " + _("Time left {time}").format(time=f"{left // 60:d}:{left % 60:02d}"),
                style="bold red" if left < 60 else "bold",
            )
    else:
        text.append(" · " + _("{correct} correct so far").format(correct=run.score().correct))
    return text


def feedback_text(session: Session, run: QuizRun, index: int, grade: Grade) -> Text:
    """Right or not, the answer given (always: the options are gone), the right one, why, and where to check."""
    question = run.question(index)
    text = Text()
    if grade.correct:
        text.append("✓ " + _("Correct."), style="bold green")
    elif grade.score > 0:
        text.append(
            "◐ " + _("Partly right ({percent}%).").format(percent=round(grade.score * 100)), style="bold yellow"
        )
    else:
        text.append("✗ " + _("Not right."), style="bold red")
    presented = run.presented(index)
    text.append("\n" + _("Your answer: "), style="dim")
    text.append(describe(session, question, run.answer_of(index), presented))
    if not grade.correct:
        text.append("\n" + _("Right answer: "), style="dim")
        text.append(describe_correct(session, question, presented), style="bold")
    text.append("\n")
    for note in grade.feedback:
        text.append(session.text(note) + "\n", style="italic")
    text.append(session.text(question.explanation) + "\n")
    text.append_text(as_of_line(question))
    text.append_text(source_line(session, question))
    text.append("\n")
    last = index == len(run) - 1
    text.append(_("Press Enter to see your result.") if last else _("Press Enter for the next question."), style="dim")
    return text

"""The screens only `cybercourse preview` shows: its home, and the course's problems."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from course.content import Problem
from course.i18n import N_, _, format_datetime, ngettext
from course.tui.screens.base import CourseScreen
from course.tui.session import Session

if TYPE_CHECKING:
    from course.tui.preview import PreviewApp


class PreviewHomeScreen(CourseScreen):
    """Under the previewed quiz or lesson: what is previewed, from which file, and how."""

    DEFAULT_CSS = """
    #preview-home { padding: 1 2; }
    #preview-body { margin: 1 0; }
    """

    is_home = True
    BINDINGS = [
        Binding("enter", "open", N_("Open again")),
        Binding("escape,q", "quit", N_("Quit")),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with Vertical(id="preview-home"):
            yield Static(id="preview-title", classes="section-title")
            yield Static(id="preview-body")
            yield Static(id="preview-status", classes="call-to-action")

    @property
    def preview(self) -> PreviewApp:
        from course.tui.preview import PreviewApp

        assert isinstance(self.app, PreviewApp)
        return self.app

    def where(self) -> str:
        return _("Preview")

    def refresh_language(self) -> None:
        super().refresh_language()
        app = self.preview
        target = app.target
        kind = {"quiz": _("quiz"), "lesson": _("lesson")}.get(target.kind or "", _("quiz or lesson"))
        self.query_one("#preview-title", Static).update(
            Text(_("Preview of the {kind} '{id}'").format(kind=kind, id=target.id), style="bold")
        )
        body = Text()
        if app.watched_file is not None:
            shown = app.watched_file
            with contextlib.suppress(ValueError):
                shown = shown.resolve().relative_to(app.root.resolve())
            body.append(_("File: {path}").format(path=shown) + "\n\n")
        body.append(
            _(
                "This is what a trainee sees. Nothing you answer here is saved to any learner's progress. "
                "Keep this open beside your editor: each time you save a file of the course, the preview "
                "reloads where you were; if the course then has problems, they are listed here until you fix them."
            )
            + "\n\n"
        )
        if target.kind == "quiz":
            body.append(_("Every question of the bank is shown, in file order, with its options unshuffled.") + "\n")
        body.append(_("F2 switches the language, to check each translation."))
        self.query_one("#preview-body", Static).update(body)
        status = Text()
        if app.loaded_at is not None:
            status.append(_("Loaded at {time}.").format(time=format_datetime(app.loaded_at, "medium")) + " ")
        status.append(_("Press Enter to open it again, Esc to quit."))
        self.query_one("#preview-status", Static).update(status)

    def action_open(self) -> None:
        self.preview.open_target()

    def quit_question(self) -> str:
        return _("Quit the preview? Nothing answered here is kept.")

    def action_quit(self) -> None:
        self.confirm_quit()


class ProblemsScreen(CourseScreen):
    """The course as saved cannot be shown: what is wrong, where, until it is fixed."""

    DEFAULT_CSS = """
    #problems { padding: 1 2; }
    #problems-title { color: $error; margin-bottom: 1; }
    #problems-list { height: 1fr; }
    """

    BINDINGS = [Binding("escape,q", "quit", N_("Quit"))]

    def __init__(self, session: Session, problems: list[Problem], root: Path) -> None:
        super().__init__(session)
        self.problems = problems
        self.root = root

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with Vertical(id="problems"):
            yield Static(id="problems-title", classes="section-title")
            with VerticalScroll(id="problems-list"):
                yield Static(id="problems-body")

    def where(self) -> str:
        return _("Preview")

    def show(self, problems: list[Problem]) -> None:
        self.problems = problems
        if self.is_mounted:
            self.refresh_language()

    def refresh_language(self) -> None:
        super().refresh_language()
        count = len(self.problems)
        title = Text(
            ngettext(
                "The course as saved has {n} problem. Fix it and save: the preview comes back by itself.",
                "The course as saved has {n} problems. Fix them and save: the preview comes back by itself.",
                count,
            ).format(n=count),
            style="bold",
        )
        self.query_one("#problems-title", Static).update(title)
        body = Text()
        for problem in self.problems:
            body.append(f"{problem.display_path(self.root)}:{problem.line}:{problem.column}", style="bold")
            if problem.field:
                body.append(f"  {problem.field}", style="italic")
            body.append("\n  " + problem.message + "\n")
        self.query_one("#problems-body", Static).update(body)

    def quit_question(self) -> str:
        return _("Quit the preview? Nothing answered here is kept.")

    def action_quit(self) -> None:
        self.confirm_quit()

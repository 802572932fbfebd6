"""`cybercourse preview`: one quiz or lesson, as a trainee sees it, reloaded on every save.

The course app with a different bottom screen: no profiles, no course map, a throw-away
progress store. The content files are polled (size and modification time of each, the
content cache's key) twice a second; a change reloads and re-checks the whole course in a
worker thread, so the screen never freezes. A course with problems is not shown: its
problems are, on top of the preview, until a save fixes them; then the quiz or lesson is
rebuilt where the instructor was (same section; same question, with the answers given so
far).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from course.content import Course, LoadResult, Problem, load_course
from course.content.cache import content_key
from course.content.outline import Outline
from course.content.yamlfile import YamlError, read_yaml
from course.i18n import _
from course.progress import ProgressStore, StoreError
from course.progress.runs import QuizRun
from course.tui.app import CourseApp
from course.tui.collector import IdleCollector
from course.tui.session import Session

POLL_SECONDS = 0.5
SEED = 1  # a fixed draw: the same attempt after each reload


@dataclass
class PreviewTarget:
    """What to preview: an id, its kind when known, and the file it came from."""

    id: str
    kind: str | None  # "quiz" or "lesson"; None: whichever the course has with this id
    file: Path | None = None

    @classmethod
    def from_file(cls, path: Path) -> PreviewTarget:
        kind = "quiz" if "quizzes" in path.parts else "lesson" if "lessons" in path.parts else None
        target = cls(path.stem, kind, path)
        target.reread_id()
        return target

    def reread_id(self) -> None:
        """The id written in the file now (an instructor may have just renamed it)."""
        if self.file is None:
            return
        with contextlib.suppress(YamlError, OSError):
            data = read_yaml(self.file).data
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                self.id = data["id"]


def _empty_outline(locales: list[str], source: str) -> Outline:
    return Outline(course_id="", title={}, description=None, locales=tuple(locales), source_locale=source, lessons=())


def for_preview(course: Course) -> Course:
    """The course with every quiz showing its whole bank in file order, options unshuffled.

    An instructor checks each question they wrote, not a random draw of them. (Matching
    answers are put in file order when the attempt starts: see `QuizRun.start`.)
    """
    for quiz_id, quiz in list(course.quizzes.items()):
        course.quizzes[quiz_id] = quiz.model_copy(update={"shuffle": False, "draw": None})
    return course


class PreviewApp(CourseApp):
    """The course app showing one quiz or lesson of a course being written."""

    def __init__(self, session: Session, locale: str, root: Path, target: PreviewTarget, first: LoadResult) -> None:
        super().__init__(session, locale)
        self.root = root
        self.target = target
        self.key = content_key(root)
        self.loaded_at: dt.datetime | None = None
        self.problems: list[Problem] = []
        self._first = first
        self._reloading = False
        self.reloads = 0  # completed reloads, good or bad (tests wait on it)

    @property
    def watched_file(self) -> Path | None:
        if self.target.file is not None:
            return self.target.file
        course = self.session.course
        origin = course.origins.get((self.target.kind or "", self.target.id)) if course else None
        return origin.doc.path if origin is not None else None

    def open_first_screen(self) -> None:
        from course.tui.screens.preview import PreviewHomeScreen

        store = self.session.store
        profile = (
            store.profiles()[0] if store.profiles() else store.create_profile(_("Preview"), self.session.locales[0])
        )
        self.choose_profile(profile.id)
        self.push_screen(PreviewHomeScreen(self.session))
        self._apply(self._first, rebuild=False)
        self.set_interval(POLL_SECONDS, self._poll)

    # -- watching the files -------------------------------------------------------------------

    def _poll(self) -> None:
        if self._reloading:
            return
        try:
            key = content_key(self.root)
        except OSError:  # a file vanished between listing and stat: an editor is saving
            return
        if key != self.key:
            self.key = key
            self._reloading = True
            self.run_worker(self._reload, thread=True, group="reload")

    def _reload(self) -> None:
        self.target.reread_id()
        try:
            result = load_course(self.root)
        except Exception as error:  # a bug, not the content: said on screen, the preview stays up
            message = _("cybercourse could not read the course ({error}); please report this bug").format(error=error)
            result = LoadResult(None, [Problem(self.root, 1, 1, "", message, "internal")])
        self.call_from_thread(self._apply, result)

    def _apply(self, result: LoadResult, rebuild: bool = True) -> None:
        self._reloading = False
        self.reloads += 1
        self.loaded_at = dt.datetime.now().astimezone()
        problems = list(result.problems)
        course = result.course if result.ok else None
        if course is not None:
            course = for_preview(course)
            kind = self._kind_in(course)
            if kind is None:
                problems.append(self._missing_target(course))
            else:
                self.target.kind = kind
        if problems or course is None:
            self._show_problems(problems)
            return
        self.session.course = course
        IdleCollector.spare_anew()  # the course it replaces was kept from the collector
        self._course_error = None
        self._course_loaded.set()  # screens that await the full course have it now
        self.session.outline = course.outline()
        self.session.locales = list(course.locales)
        was_broken = bool(self.problems)
        self.problems = []
        if rebuild or was_broken or len(self.screen_stack) <= 2:
            self.open_target()

    def _kind_in(self, course: Course) -> str | None:
        target = self.target
        if target.kind in (None, "quiz") and target.id in course.quizzes:
            return "quiz"
        if target.kind in (None, "lesson") and target.id in course.lessons:
            return "lesson"
        return None

    def _missing_target(self, course: Course) -> Problem:
        where = self.target.file or self.root
        ids = {"quiz": sorted(course.quizzes), "lesson": sorted(course.lessons)}
        known = ", ".join(ids.get(self.target.kind or "") or ids["quiz"] + ids["lesson"])
        return Problem(
            where,
            1,
            1,
            "id",
            _("there is no quiz or lesson '{id}' in this course; known ids: {ids}").format(
                id=self.target.id, ids=known
            ),
            "reference",
        )

    def _show_problems(self, problems: list[Problem]) -> None:
        from course.tui.screens.preview import ProblemsScreen

        self.problems = problems
        shown = next((s for s in self.screen_stack if isinstance(s, ProblemsScreen)), None)
        if shown is not None:
            shown.show(problems)
        else:
            self.push_screen(ProblemsScreen(self.session, problems, self.root))

    # -- showing the target, where the instructor was -------------------------------------------

    def open_target(self) -> None:
        """Show the quiz or lesson afresh, at the place the previous one was showing."""
        from course.tui.screens.lesson import LessonScreen
        from course.tui.screens.quiz import QuizScreen

        if self.session.course is None or self.problems:
            return
        previous = self.screen_stack[2:]
        lesson_screen = next((s for s in previous if isinstance(s, LessonScreen)), None)
        quiz_screen = next((s for s in previous if isinstance(s, QuizScreen)), None)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        course = self.session.content
        if self.target.kind == "lesson":
            section = lesson_screen.section if lesson_screen else 0
            screen = LessonScreen(self.session, self.target.id, section)
            screen.parallel = lesson_screen.parallel if lesson_screen else False
            self.push_screen(screen)
            return
        run = QuizRun.start(
            course, course.quizzes[self.target.id], self.session.store, self.session.profile_id, SEED, file_order=True
        )
        index = 0
        if quiz_screen is not None:
            index = self._carry_over(quiz_screen.run, run, quiz_screen.index)
        quiz = QuizScreen(self.session, run)
        quiz.index = min(index, len(run) - 1)
        self.push_screen(quiz)

    def _carry_over(self, old: QuizRun, new: QuizRun, old_index: int) -> int:
        """Give the new attempt the answers of the old one that still fit; return where to stand."""
        from course.quiz import InvalidAnswer

        positions = {p.question_id: i for i, p in enumerate(new.plan)}
        for question_id, response in old.record.responses.items():
            if question_id in positions:
                with contextlib.suppress(InvalidAnswer, ValueError, StoreError):
                    new.answer(positions[question_id], response.answer, response.locale, response.hint_used)
        with contextlib.suppress(StoreError):
            old.finish()  # closed, so the throw-away store holds one open attempt
        here = old.plan[old_index].question_id if old_index < len(old.plan) else None
        return positions.get(here, old_index) if here is not None else old_index


def make_preview_app(root: Path, target: PreviewTarget, store: ProgressStore, locale: str) -> PreviewApp:
    """The preview app, its course loaded (or its problems found) before the first frame."""
    first = load_course(root)
    # Only the languages are needed before mounting; the app takes in the course itself then.
    locales, source = (
        (list(first.course.locales), first.course.source_locale) if first.ok and first.course else ([locale], locale)
    )
    session = Session(outline=_empty_outline(locales, source), store=store, locales=locales, show_learner=False)
    return PreviewApp(session, locale if locale in locales else source, root, target, first)

"""Reading a course directory into validated objects, collecting every problem in one pass."""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from course.content.checks import cross_check
from course.content.course import EVERY_ID, Course, Origin
from course.content.directory import directory_problem, link_problem, outside_link, yaml_files
from course.content.location import MANIFEST
from course.content.models import Glossary, Lesson, Manifest, SourceList
from course.content.problems import Problem, problem_at, problem_from_yaml, problems_from_validation
from course.content.quizzes import Quiz
from course.content.textfile import wide_encoding
from course.content.yamlfile import MAX_FILE_BYTES, YamlDocument, YamlError, read_yaml
from course.i18n import _

M = TypeVar("M", bound=BaseModel)
SOURCES = Path("lessons") / "sources.yaml"
GLOSSARY_DIR = Path("lessons") / "glossary"
QUIZZES = Path("quizzes")


@dataclass
class LoadResult:
    """The course as far as it could be read, and every problem found on the way."""

    course: Course | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.course is not None and not self.problems


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.context: dict[str, Any] = {}
        self.unparsed: list[Path] = []
        self.refused: list[Path] = []  # links out of the course: never read

    def document(self, path: Path) -> YamlDocument | None:
        link = outside_link(self.root, path)
        if link is not None:
            self.problems.append(link_problem(path, *link))
            self.refused.append(path)
            return None
        try:
            doc = read_yaml(path)
        except YamlError as error:
            self.problems.append(problem_from_yaml(path, error))
            self.unparsed.append(path)
            return None
        if not isinstance(doc.data, dict):
            self.problems.append(
                problem_at(doc, (), _("the file must hold a mapping ('key: value' lines) at the top"), "type")
            )
            return None
        return doc

    def model(self, doc: YamlDocument, model: type[M]) -> M | None:
        try:
            return model.model_validate(doc.data, context=self.context)
        except ValidationError as error:
            self.problems.extend(problems_from_validation(doc, model, error))
            return None


_TOP_ID = re.compile(r"^id:[ \t]*['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)", re.MULTILINE)
_ITEM_ID = re.compile(r"^[ \t]*-[ \t]+id:[ \t]*['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)", re.MULTILINE)


def _ids_in_text(path: Path, items: bool) -> set[str]:
    """Ids in a file YAML could not parse, found by their `id:` lines (best effort)."""
    try:
        raw = path.read_bytes()[:MAX_FILE_BYTES]
    except OSError:
        return set()
    wide = wide_encoding(raw)
    text = raw.decode(wide[1] if wide else "utf-8", errors="replace")
    return set((_ITEM_ID if items else _TOP_ID).findall(text))


def _kind_of(relative: Path) -> str:
    """What a course file holds, by where it is."""
    if relative.parts[:2] == GLOSSARY_DIR.parts:
        return "term"
    if relative == SOURCES:
        return "source"
    return "lesson" if relative.parts[0] == "lessons" else "quiz"


def _raw_ids(data: dict[str, Any], list_key: str | None = None) -> set[str]:
    """Ids written in a file that failed validation.

    Other files may refer to them; reporting those references as broken too would bury
    the one real problem under consequences of it.
    """
    if list_key is None:
        value = data.get("id")
        return {value} if isinstance(value, str) else set()
    items = data.get(list_key)
    if not isinstance(items, list):
        return set()
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def load_course(root: Path) -> LoadResult:
    """Read and check the course in `root` (a directory holding `lessons/` and `quizzes/`)."""
    # Loading allocates millions of small, acyclic objects (YAML nodes, dicts, models); the
    # cyclic garbage collector would rescan them again and again for nothing (measured: 2.4x
    # slower on a 10,000-question course). It is paused for the load and restored after.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(root)
    finally:
        if enabled:
            gc.enable()


def _load(root: Path) -> LoadResult:
    root = root.resolve()
    reader = _Reader(root)
    manifest_path = root / MANIFEST
    unreadable = directory_problem(root, MANIFEST.parent)
    if unreadable is not None:
        return LoadResult(None, [unreadable])
    if not manifest_path.is_file() and outside_link(root, manifest_path) is None:
        reader.problems.append(
            Problem(
                manifest_path,
                1,
                1,
                "",
                _(
                    "no course here: {path} is missing; pass --content DIR with the course directory, or create that file"
                ).format(path=MANIFEST),
                "missing_file",
            )
        )
        return LoadResult(None, reader.problems)
    manifest_doc = reader.document(manifest_path)
    manifest = None
    if manifest_doc is not None:
        locales = manifest_doc.data.get("locales")
        if isinstance(locales, list) and all(isinstance(x, str) for x in locales):
            reader.context = {"locales": locales}
        manifest = reader.model(manifest_doc, Manifest)
    if manifest is None or manifest_doc is None:
        return LoadResult(None, sorted(reader.problems))
    reader.context = {"locales": list(manifest.locales)}
    course = Course(root=root, manifest=manifest)
    course.origins[("manifest", manifest.id)] = Origin(manifest_doc)

    sources_doc = reader.document(root / SOURCES) if (root / SOURCES).is_file() else None
    if sources_doc is None and not (root / SOURCES).is_file():
        reader.problems.append(
            Problem(
                root / SOURCES, 1, 1, "", _("sources file is missing; list the course's sources there"), "missing_file"
            )
        )
    source_list = reader.model(sources_doc, SourceList) if sources_doc else None
    if sources_doc and source_list is None:
        course.unreadable["source"] |= _raw_ids(sources_doc.data, "sources")
    by_kind: dict[str, list[tuple[str, Origin]]] = {k: [] for k in ("lesson", "quiz", "question", "term", "source")}
    if source_list and sources_doc:
        for i, source in enumerate(source_list.sources):
            by_kind["source"].append((source.id, Origin(sources_doc, ("sources", i))))
            course.sources.setdefault(source.id, source)

    readable = {}
    for directory, kind in ((GLOSSARY_DIR, "term"), (QUIZZES, "quiz")):
        unreadable = directory_problem(root, directory)
        readable[directory] = unreadable is None
        if unreadable is not None:
            reader.problems.append(unreadable)
            course.unreadable[kind].add(EVERY_ID)

    for path in yaml_files(root / GLOSSARY_DIR, recursive=True) if readable[GLOSSARY_DIR] else []:
        doc = reader.document(path)
        glossary = reader.model(doc, Glossary) if doc else None
        if doc and glossary is None:
            course.unreadable["term"] |= _raw_ids(doc.data, "terms")
        if glossary and doc:
            for i, term in enumerate(glossary.terms):
                by_kind["term"].append((term.id, Origin(doc, ("terms", i))))
                course.glossary.setdefault(term.id, term)

    lessons: dict[str, Lesson] = {}
    for path in yaml_files(root / "lessons"):
        if path.name in {MANIFEST.name, SOURCES.name}:
            continue
        doc = reader.document(path)
        lesson = reader.model(doc, Lesson) if doc else None
        if doc and lesson is None:
            course.unreadable["lesson"] |= _raw_ids(doc.data)
        if lesson and doc:
            by_kind["lesson"].append((lesson.id, Origin(doc)))
            lessons.setdefault(lesson.id, lesson)

    for path in yaml_files(root / QUIZZES, recursive=True) if readable[QUIZZES] else []:
        doc = reader.document(path)
        quiz = reader.model(doc, Quiz) if doc else None
        if doc and quiz is None:
            course.unreadable["quiz"] |= _raw_ids(doc.data)
        if quiz and doc:
            by_kind["quiz"].append((quiz.id, Origin(doc)))
            course.quizzes.setdefault(quiz.id, quiz)
            for i, question in enumerate(quiz.questions):
                by_kind["question"].append((question.id, Origin(doc, ("questions", i))))

    # Lessons in the order the manifest teaches them; unlisted ones are reported by checks.
    for lesson_id in manifest.lessons:
        if lesson_id in lessons:
            course.lessons[lesson_id] = lessons[lesson_id]
    for lesson_id, lesson in lessons.items():
        course.lessons.setdefault(lesson_id, lesson)

    for path in reader.unparsed:
        kind = _kind_of(path.relative_to(root))
        course.unreadable[kind] |= _ids_in_text(path, items=kind in ("term", "source"))
    for path in reader.refused:  # what a link out of the course held is not known
        course.unreadable[_kind_of(path.relative_to(root))].add(EVERY_ID)
    reader.problems.extend(cross_check(course, by_kind))
    return LoadResult(course, sorted(set(reader.problems)))

"""The exported JSON Schema agrees with `validate`: checked with an independent validator (jsonschema)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema.exceptions import best_match

from course.cli import main
from course.commands.schema import WHERE, schema_for
from course.content import load_course
from course.content.yamlfile import read_yaml
from course.shipped import data_root

LOCALES = ["vi", "en"]


def shipped_files() -> list[tuple[str, Path]]:
    root = data_root()
    found = []
    for kind, pattern in WHERE.items():
        for path in sorted(root.glob(pattern)):
            if kind == "lesson" and path.name in ("course.yaml", "sources.yaml"):
                continue
            found.append((kind, path))
    return found


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = schema_for(kind, LOCALES)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(("kind", "path"), shipped_files(), ids=lambda x: getattr(x, "name", x))
def test_every_shipped_file_validates_against_its_schema(kind: str, path: Path) -> None:
    errors = list(validator(kind).iter_errors(read_yaml(path).data))
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors]


def test_every_kind_of_shipped_file_is_checked() -> None:
    kinds = {kind for kind, _path in shipped_files()}
    assert kinds == set(WHERE)
    assert len([p for k, p in shipped_files() if k == "lesson"]) >= 8


def _lesson(change: Callable[[dict[str, Any]], None]) -> tuple[str, Callable[[dict[str, Any]], None]]:
    return "lesson", change


def _quiz(change: Callable[[dict[str, Any]], None]) -> tuple[str, Callable[[dict[str, Any]], None]]:
    return "quiz", change


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


_DELETE = object()
INVALID = {
    "a text without vi": _lesson(_set(["title"], {"en": "First lesson"})),
    "an empty vi text": _lesson(_set(["title"], {"en": "First lesson", "vi": ""})),
    "a blank vi text": _lesson(_set(["summary"], {"en": "First", "vi": "   "})),
    "a source key that is not a key": _lesson(_set(["sources"], ["S 1"])),
    "a source that is a number": _lesson(_set(["sources"], [12])),
    "an id in capitals": _lesson(_set(["id"], "First-Lesson")),
    "an unknown field": _lesson(_set(["colour"], "red")),
    "a control character": _lesson(_set(["summary"], {"en": "A \x1b[2J clear", "vi": "Xóa"})),
    "an unknown question type": _quiz(_set(["questions", 0, "type"], "essay")),
    "a question without its answer": _quiz(_set(["questions", 0, "answer"], _DELETE)),
    "a question field of another type": _quiz(_set(["questions", 0, "answers"], ["a"])),
    "accepted answers without vi": _quiz(_set(["questions", 3, "accepted"], {"en": ["Budapest"]})),
    "accepted answers all blank in vi": _quiz(_set(["questions", 3, "accepted"], {"en": ["Budapest"], "vi": [" "]})),
    "a quiz with no questions and no draw": _quiz(_set(["questions"], [])),
    "a pass mark over 100": _quiz(_set(["pass_mark"], 120)),
    "a credit over 100": _quiz(_set(["questions", 0, "options", 1, "credit"], 150)),
}


def _apply(course: Path, kind: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    path = course / ("lessons/first-lesson.yaml" if kind == "lesson" else "quizzes/first-quiz.yaml")
    data = read_yaml(path).data  # the course's own reader: PyYAML's refuses '?' in a flow mapping
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return copy.deepcopy(data)


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_invalid_file_is_refused_by_the_schema_and_by_validate(course_copy: Path, case: str) -> None:
    kind, change = INVALID[case]
    data = _apply(course_copy, kind, change)
    assert list(validator(kind).iter_errors(data)), f"the schema accepts {case}"
    assert not load_course(course_copy).ok, f"validate accepts {case}"


def test_the_fixture_course_quiz_has_what_the_cases_change(course_copy: Path) -> None:
    data = read_yaml(course_copy / "quizzes" / "first-quiz.yaml").data
    assert data["questions"][0]["type"] == "single_choice"
    assert data["questions"][3]["type"] == "short_answer"
    assert not list(validator("quiz").iter_errors(data)) and load_course(course_copy).ok


@pytest.mark.parametrize(
    ("kind", "change"),
    [
        _quiz(_set(["questions", 0, "source"], "S1")),  # a question citing a whole source by key
        _lesson(_set(["sources"], ["S1", {"ref": "S2", "at": "Art. 2"}])),
        _lesson(_set(["title"], {"en": "First lesson", "vi": "Bài học", "fr": ""})),  # an optional locale, empty
        _quiz(_set(["questions", 0, "options", 1, "credit"], 50)),
    ],
)
def test_what_validate_accepts_the_schema_accepts(course_copy: Path, kind: str, change: Any) -> None:
    data = _apply(course_copy, kind, change)
    assert load_course(course_copy).ok
    assert not [e.message for e in validator(kind).iter_errors(data)]


def test_an_editor_is_told_the_real_problem_of_a_question(course_copy: Path) -> None:
    data = _apply(course_copy, "quiz", _set(["questions", 0, "answer"], _DELETE))
    error = best_match(validator("quiz").iter_errors(data))
    assert error.message == "'answer' is a required property"
    assert list(error.absolute_path) == ["questions", 0]
    data = _apply(course_copy, "quiz", _set(["questions", 0, "type"], "essay"))
    error = best_match(validator("quiz").iter_errors(data))
    assert error.message.startswith("'essay' is not one of ['matching', 'multiple_choice'")
    assert list(error.absolute_path) == ["questions", 0, "type"]


def test_schema_descriptions_follow_the_interface_language(capsys: pytest.CaptureFixture[str]) -> None:
    def descriptions(lang: str) -> set[str]:
        assert main(["--lang", lang, "schema", "quiz"]) == 0
        found: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("description"), str):
                    found.add(node["description"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(json.loads(capsys.readouterr().out))
        return found

    english, vietnamese = descriptions("en"), descriptions("vi")
    assert "The question bank." in english
    assert len(vietnamese) == len(english) > 30
    assert not english & vietnamese  # every description translated

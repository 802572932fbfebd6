"""Variants of one item (`group`): an attempt never shows two of them, and `validate` checks draws can honour that."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.content import Course, load_course
from course.quiz import draw
from tests.tui_helpers import load

REPO = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def shipped() -> Course:
    return load(REPO)


def test_the_shipped_course_groups_its_variants(shipped: Course) -> None:
    groups = Counter(q.group for q in shipped.questions().values() if q.group)
    for name in ("narrow-camp", "article-matching", "hanoi-official-title", "evidence-scope", "serious-crime-years"):
        assert groups[name] >= 2, name
    banks: dict[str, set[str]] = {q.group: set() for q in shipped.questions().values() if q.group}
    for quiz in shipped.quizzes.values():
        for question in quiz.questions:
            if question.group:
                banks[question.group].add(quiz.id)
    assert len(banks["narrow-camp"]) >= 3  # the "narrow camp" question sat in three banks


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**63 - 1))
def test_no_attempt_at_any_shipped_quiz_shows_two_of_a_group(seed: int) -> None:
    course = _shipped()
    for quiz in course.quizzes.values():
        plan = draw(course, quiz, seed)
        questions = course.questions()
        ids = [p.question_id for p in plan]
        assert len(ids) == len(set(ids))
        expected = quiz.own_draw_count() + sum(rule.count for rule in quiz.draw_from)
        assert len(ids) == expected, quiz.id
        groups = [questions[i].group for i in ids if questions[i].group]
        assert len(groups) == len(set(groups)), (quiz.id, seed, Counter(groups).most_common(1))


_CACHE: dict[str, Course] = {}


def _shipped() -> Course:
    if "course" not in _CACHE:
        _CACHE["course"] = load(REPO)
    return _CACHE["course"]


def _group(root: Path, quiz: str, ids: list[str], name: str) -> None:
    path = root / "quizzes" / f"{quiz}.yaml"
    text = path.read_text("utf-8")
    for question_id in ids:
        marker = f"  - id: {question_id}\n"
        assert marker in text, question_id
        text = text.replace(marker, marker + f"    group: {name}\n", 1)
    path.write_text(text, "utf-8")


def test_a_group_spanning_banks_is_honoured_by_the_final_exam(course_copy: Path) -> None:
    """Fixture: the final exam draws from both banks; a group spans them."""
    first = load(course_copy).quizzes["first-quiz"]
    second = load(course_copy).quizzes["second-quiz"]
    _group(course_copy, "first-quiz", [first.questions[0].id], "shared")
    _group(course_copy, "second-quiz", [second.questions[0].id], "shared")
    course = load(course_copy)
    exam = course.quizzes[course.manifest.final_exam or ""]
    seen_first = seen_second = False
    for seed in range(400):
        ids = {p.question_id for p in draw(course, exam, seed)}
        both = {first.questions[0].id, second.questions[0].id}
        assert not both <= ids, seed
        seen_first |= first.questions[0].id in ids
        seen_second |= second.questions[0].id in ids
    assert seen_first and seen_second  # each variant is still drawn, just never with the other


def _set_draw(root: Path, quiz: str, count: int) -> None:
    path = root / "quizzes" / f"{quiz}.yaml"
    path.write_text(path.read_text("utf-8").replace("questions:\n", f"draw: {count}\nquestions:\n", 1), "utf-8")


def test_an_unshuffled_quiz_takes_the_first_of_each_group(course_copy: Path) -> None:
    quiz = load(course_copy).quizzes["first-quiz"]
    assert not quiz.shuffle
    ids = [q.id for q in quiz.questions]
    _group(course_copy, "first-quiz", ids[:2], "opening")
    # Drawing all seven is impossible now (two are variants of one item): validate says so.
    problems = [p.format() for p in load_course(course_copy).problems]
    assert len(problems) == 1 and "draw: 7 questions are drawn here but only 6 can surely be drawn" in problems[0]
    _set_draw(course_copy, "first-quiz", 6)
    course = load(course_copy)
    plan = [p.question_id for p in draw(course, course.quizzes["first-quiz"], 7)]
    assert plan == [ids[0], *ids[2:]]  # the second of the group is left out; every other stays in order


def test_validate_refuses_a_draw_that_groups_would_starve(course_copy: Path) -> None:
    """Six of seven questions in one group: the exam's draw of three from that bank cannot be honoured."""
    course = load(course_copy)
    first = course.quizzes["first-quiz"]
    exam = course.quizzes[course.manifest.final_exam or ""]
    rule = next(r for r in exam.draw_from if r.quiz == "first-quiz")
    assert rule.count == 3
    _group(course_copy, "first-quiz", [q.id for q in first.questions[:6]], "nearly-all")
    _set_draw(course_copy, "first-quiz", 2)  # the lesson quiz itself asks for no more than it can
    result = load_course(course_copy)
    assert not result.ok
    messages = [p.format() for p in result.problems]
    assert len(messages) == 1 and "draw_from[" in messages[0] and ".count" in messages[0]
    assert "final-exam.yaml:" in messages[0]
    assert "3 questions are drawn here but only 2 can surely be drawn without two of one group" in messages[0]

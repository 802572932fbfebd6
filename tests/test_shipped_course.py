"""The shipped course: complete in both languages, every reference resolving, the promised size."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from course.content import QUESTION_TYPE_NAMES, Course, LocalizedText, load_course
from course.content.texts import localized_texts, word_count

REPO = Path(__file__).parents[1]
VIETNAMESE_LETTERS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)


@pytest.fixture(scope="module")
def course() -> Course:
    result = load_course(REPO)
    assert result.ok, "\n".join(p.format() for p in result.problems)
    assert result.course is not None
    return result.course


def test_every_question_is_complete_in_both_languages(course: Course) -> None:
    for question in course.questions().values():
        for text in localized_texts(question):
            assert text.has("en") and text.has("vi"), question.id
        for field in (question.prompt, question.explanation):
            en, vi = field.root["en"], field.root["vi"]
            assert en.strip() and vi.strip(), question.id
            assert en != vi, f"{question.id}: the Vietnamese is a copy of the English"
            assert VIETNAMESE_LETTERS.search(vi), f"{question.id}: no Vietnamese letters in {vi!r}"


def test_every_text_of_the_course_is_in_both_languages(course: Course) -> None:
    everything = [course.manifest, *course.lessons.values(), *course.quizzes.values(), *course.glossary.values()]
    texts: list[LocalizedText] = list(localized_texts(everything))
    assert len(texts) > 1000
    missing = [t.root for t in texts if not (t.has("en") and t.has("vi"))]
    assert missing == []


def test_files_are_stored_composed(course: Course) -> None:
    for path in [*(REPO / "lessons").rglob("*.yaml"), *(REPO / "quizzes").rglob("*.yaml")]:
        text = path.read_text("utf-8")
        assert unicodedata.is_normalized("NFC", text), f"{path} is not NFC"


def test_every_reference_resolves(course: Course) -> None:
    for lesson in course.lessons.values():
        for term in lesson.key_terms:
            assert term in course.glossary, f"{lesson.id} -> glossary {term}"
        assert lesson.quiz in course.quizzes, f"{lesson.id} -> quiz {lesson.quiz}"
        for prerequisite in lesson.prerequisites:
            assert prerequisite in course.lessons
        for source in lesson.sources:
            assert source.ref in course.sources
    for glossary_term in course.glossary.values():
        for other in glossary_term.see_also:
            assert other in course.glossary
    for question in course.questions().values():
        assert question.source.ref in course.sources, question.id
    exam = course.manifest.final_exam
    assert exam is not None and exam in course.quizzes
    for rule in course.quizzes[exam].draw_from:
        assert rule.quiz in course.quizzes


def test_lessons(course: Course) -> None:
    assert len(course.lessons) >= 8
    for lesson in course.lessons.values():
        assert len(lesson.sections) >= 4, lesson.id
        assert len(lesson.objectives) >= 1 and lesson.key_terms and lesson.sources, lesson.id
        for locale in ("en", "vi"):
            words = sum(word_count(s.body.root[locale]) for s in lesson.sections)
            assert words >= 600, f"{lesson.id} has {words} words in {locale}"


def test_glossary(course: Course) -> None:
    assert len(course.glossary) >= 40
    used = {term for lesson in course.lessons.values() for term in lesson.key_terms}
    assert used <= set(course.glossary)


def test_question_banks(course: Course) -> None:
    exam_id = course.manifest.final_exam
    lesson_quizzes = [course.quizzes[lesson.quiz] for lesson in course.lessons.values() if lesson.quiz]
    assert len(lesson_quizzes) == len(course.lessons)
    for quiz in lesson_quizzes:
        assert len(quiz.questions) >= 15, quiz.id
    assert exam_id is not None
    exam = course.quizzes[exam_id]
    assert exam.mode == "exam"
    assert sum(rule.count for rule in exam.draw_from) >= 30
    assert {rule.quiz for rule in exam.draw_from} == {q.id for q in lesson_quizzes}
    questions = course.questions()
    assert len(questions) >= 160
    by_type = Counter(q.type for q in questions.values())  # type: ignore[attr-defined]
    for name in QUESTION_TYPE_NAMES:
        assert by_type[name] >= 10, f"only {by_type[name]} {name} questions"


def test_no_question_asks_for_the_article_count(course: Course) -> None:
    """FACTS.md: sources disagree (68 vs 71), so the course never asks it."""
    for question in course.questions().values():
        prompt = question.prompt.root["en"].lower()
        assert "how many articles" not in prompt, question.id

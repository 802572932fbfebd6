"""Drawing, grading and scoring: what a trainee's answer is worth."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.content import Course, QuestionBase, load_course
from course.quiz import InvalidAnswer, correct_answer, draw, grade, parse_number, score_attempt, text_matches
from tests.conftest import FIXTURE_COURSE


@pytest.fixture(scope="module")
def course() -> Course:
    result = load_course(FIXTURE_COURSE)
    assert result.ok and result.course is not None
    return result.course


def q(course: Course, question_id: str) -> QuestionBase:
    return course.questions()[question_id]


def test_every_question_accepts_its_own_answer_key(course: Course) -> None:
    for question in course.questions().values():
        assert grade(question, correct_answer(question)).correct, question.id


@pytest.mark.parametrize(
    ("question_id", "answer", "score"),
    [
        ("q-single", {"choice": "a"}, 1.0),
        ("q-single", {"choice": "b"}, 0.0),
        ("q-multi", {"choices": ["access", "system"]}, 1.0),
        ("q-multi", {"choices": ["access"]}, 0.5),  # one of two right options
        ("q-multi", {"choices": ["access", "fraud"]}, 0.0),  # (1 right - 1 wrong) / 2
        ("q-multi", {"choices": ["fraud"]}, 0.0),  # never below zero
        ("q-multi", {"choices": []}, 0.0),
        ("q-tf", {"value": False}, 1.0),
        ("q-tf", {"value": True}, 0.0),
        ("q-short", {"text": "  budapest. "}, 1.0),
        ("q-short", {"text": "Vienna"}, 0.0),
        ("q-num", {"text": "2004"}, 1.0),
        ("q-num", {"text": "2003"}, 0.0),
        ("q-order", {"order": ["sign", "force"]}, 1.0),
        ("q-order", {"order": ["force", "sign"]}, 0.0),
        ("q-match", {"pairs": {"art2": "art2", "art24": "art24"}}, 1.0),
        ("q-match", {"pairs": {"art2": "art24", "art24": None}}, 0.0),
        ("q-match", {"pairs": {"art2": "art2"}}, 0.5),
    ],
)
def test_grade(course: Course, question_id: str, answer: dict[str, object], score: float) -> None:
    assert grade(q(course, question_id), answer).score == pytest.approx(score)


def test_all_or_nothing_multiple_choice(course: Course) -> None:
    question = q(course, "q-multi").model_copy(update={"scoring": "all_or_nothing"})
    assert grade(question, {"choices": ["access"]}).score == 0.0
    assert grade(question, {"choices": ["access", "system"]}).score == 1.0


def test_feedback_of_the_chosen_option(course: Course) -> None:
    result = grade(q(course, "q-single"), {"choice": "b"})
    assert [f.get("en", "en") for f in result.feedback] == ["Not the EU."]


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        ("q-single", {"choice": "zzz"}),
        ("q-single", {}),
        ("q-num", {"text": "two thousand"}),
        ("q-short", {"text": "   "}),
        ("q-order", {"order": ["sign"]}),
        ("q-match", {"pairs": {"nope": "art2"}}),
        ("q-tf", {"value": "false"}),
    ],
)
def test_ungradable_answers_are_refused_not_scored(course: Course, question_id: str, answer: dict[str, object]) -> None:
    with pytest.raises(InvalidAnswer):
        grade(q(course, question_id), answer)


@pytest.mark.parametrize(
    ("typed", "accepted", "without_marks", "ok"),
    [
        ("Hà Nội", ["Hà Nội"], False, True),
        ("Ha\u0300 No\u0323\u0302i", ["Hà Nội"], False, True),  # decomposed input (NFD)
        ("HÀ   NỘI", ["Hà Nội"], False, True),
        ("Ha Noi", ["Hà Nội"], False, False),
        ("Ha Noi", ["Hà Nội"], True, True),
        ("dan do", ["dẫn độ"], True, True),  # đ typed as d
        ("«dẫn độ»", ["dẫn độ"], False, True),
        ("dẫn", ["dẫn độ"], True, False),
    ],
)
def test_text_matching(typed: str, accepted: list[str], without_marks: bool, ok: bool) -> None:
    assert text_matches(typed, {"vi": accepted}, exact=False, without_diacritics=without_marks) is ok


# The accepted answers of a question like "Which body adopted the Convention?", with the words
# a trainee may add or leave out; each language's list is compared in that language's terms.
ASSEMBLY = {"en": ["General Assembly", "UNGA"], "vi": ["Đại hội đồng"]}
ASSEMBLY_OPTIONAL = {"en": ["UN", "United Nations", "of the United Nations"], "vi": ["của", "Liên Hợp Quốc", "LHQ"]}


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("the UN General Assembly", True),  # leading article and an optional word
        ("The General Assembly.", True),
        ("A General Assembly", True),
        ("United Nations General Assembly", True),
        ("the General Assembly of the United Nations", True),  # an optional phrase at the end
        ("UNGA", True),
        ("Đại hội đồng của Liên Hợp Quốc", True),
        ("Đại hội đồng Liên Hợp Quốc", True),
        ("đại hội đồng LHQ", True),
        ("Security Council", False),
        ("Assembly", False),  # a word of the answer is missing: optional words never stand in for it
        ("the UN", False),  # nothing but optional words and an article
        ("the", False),
        ("General Assembly Security Council", False),  # extra words that are not optional
        ("Đại hội đồng Bảo an", False),
        ("the Đại hội đồng", False),  # English articles belong to English answers only
    ],
)
def test_articles_and_optional_words(typed: str, ok: bool) -> None:
    assert text_matches(typed, ASSEMBLY, exact=False, without_diacritics=False, optional=ASSEMBLY_OPTIONAL) is ok


def test_optional_words_of_one_language_do_not_apply_to_another() -> None:
    # "UN" is optional for the English answers only: a Vietnamese answer with it is not accepted.
    optional = {"en": ["UN"]}
    assert not text_matches("UN Đại hội đồng", ASSEMBLY, exact=False, without_diacritics=False, optional=optional)
    assert text_matches("UN General Assembly", ASSEMBLY, exact=False, without_diacritics=False, optional=optional)


def test_optional_words_without_diacritics() -> None:
    typed = "Dai hoi dong cua Lien Hop Quoc"
    assert text_matches(typed, ASSEMBLY, exact=False, without_diacritics=True, optional=ASSEMBLY_OPTIONAL)
    assert not text_matches(typed, ASSEMBLY, exact=False, without_diacritics=False, optional=ASSEMBLY_OPTIONAL)


def test_an_vietnamese_word_is_not_an_english_article() -> None:
    # "an" starts "an ninh mạng" (cybersecurity); only English answers lose a leading "an".
    accepted = {"vi": ["an ninh mạng"], "en": ["cybersecurity"]}
    assert text_matches("an ninh mạng", accepted, exact=False, without_diacritics=False)
    assert not text_matches("ninh mạng", accepted, exact=False, without_diacritics=False)
    assert text_matches("a cybersecurity", accepted, exact=False, without_diacritics=False)


def test_exact_matching_ignores_optional_words() -> None:
    assert not text_matches(
        "the UN General Assembly", ASSEMBLY, exact=True, without_diacritics=False, optional=ASSEMBLY_OPTIONAL
    )
    assert text_matches("General Assembly", ASSEMBLY, exact=True, without_diacritics=False, optional=ASSEMBLY_OPTIONAL)


@pytest.mark.parametrize(
    ("text", "locale", "value"),
    [
        ("1,5", "vi", 1.5),
        ("1.5", "vi", 1.5),
        ("1.500", "vi", 1500),
        ("1.5", "en", 1.5),
        ("1,500", "en", 1500),
        (" 2004 ", "en", 2004),
        ("-3", "vi", -3),
        ("２００４", "en", 2004),  # full-width digits from an input method
    ],
)
def test_parse_number(text: str, locale: str, value: float) -> None:
    assert float(parse_number(text, locale) or 0) == value


def test_a_year_is_a_whole_number(course: Course) -> None:
    year = q(course, "q-num").model_copy(update={"format": "year"})
    assert grade(year, {"text": "2004"}, "vi").correct
    assert grade(year, {"text": "2004,0"}, "vi").correct
    with pytest.raises(InvalidAnswer):
        grade(year, {"text": "2004,5"}, "vi")
    assert not grade(q(course, "q-num"), {"text": "2004,5"}, "vi").correct  # a decimal question just marks it


def test_numeric_tolerance(course: Course) -> None:
    question = q(course, "q-num").model_copy(update={"tolerance": 1.0})
    assert grade(question, {"text": "2005"}).correct
    assert not grade(question, {"text": "2006"}).correct


def test_draw_is_deterministic_per_seed(course: Course) -> None:
    exam = course.quizzes["final-exam"]
    assert draw(course, exam, 7) == draw(course, exam, 7)
    assert any(draw(course, exam, 7) != draw(course, exam, seed) for seed in range(8, 20))


def test_draw_respects_counts_and_banks(course: Course) -> None:
    exam = course.quizzes["final-exam"]
    plan = draw(course, exam, 3)
    ids = [p.question_id for p in plan]
    assert len(ids) == 4 and len(set(ids)) == 4
    first = {x.id for x in course.quizzes["first-quiz"].questions}
    assert sum(1 for i in ids if i in first) == 3


def test_unshuffled_quiz_keeps_author_order_but_never_shows_the_answer(course: Course) -> None:
    quiz = course.quizzes["first-quiz"]
    for seed in range(20):
        plan = draw(course, quiz, seed)
        assert [p.question_id for p in plan] == [x.id for x in quiz.questions]
        by_id = {p.question_id: p for p in plan}
        assert by_id["q-single"].order == ("a", "b")  # shuffle: false keeps options too
        assert by_id["q-order"].order == ("force", "sign")  # but an ordering is always disturbed
        assert by_id["q-match"].order != ("art2", "art24")


def test_score_attempt(course: Course) -> None:
    quiz = course.quizzes["first-quiz"]
    plan = draw(course, quiz, 1)
    scores = {plan[0].question_id: 1.0, plan[1].question_id: 0.5}
    result = score_attempt(quiz, plan, scores)
    assert result.score == pytest.approx(1.5 / 7)
    assert (result.answered, result.correct, result.total) == (2, 1, 7)
    assert not result.passed
    everything = {p.question_id: 1.0 for p in plan[:5]}  # 5/7 = 71% >= 60
    assert score_attempt(quiz, plan, everything).passed


def test_an_answer_made_only_of_optional_words_is_refused(course_copy: Path) -> None:
    """It would accept anything made of those words: validate names it and what to do."""
    quiz = course_copy / "quizzes" / "first-quiz.yaml"
    text = quiz.read_text("utf-8")
    marker = "    accepted: {en: [Budapest], vi: [Budapest]}\n"
    assert marker in text
    quiz.write_text(text.replace(marker, marker + "    optional_words: {en: [budapest]}\n"), "utf-8")
    problems = [p.format() for p in load_course(course_copy).problems]
    assert len(problems) == 1
    assert (
        "questions[3].optional_words: the accepted answer 'Budapest' (en) is made only of optional words" in problems[0]
    )

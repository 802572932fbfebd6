"""What learners typed that was marked wrong, per question (Moodle's "responses" report).

For short-answer and numeric questions only: their wrong answers are what instructors read
to widen an accepted list or fix a tolerance. Every recorded answer counts, in finished and
unfinished attempts alike, since each was marked when it was given. Progress files are only
read, as for the class report (classroom.py): a file that cannot be read is listed, not fatal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.content import Numeric, ShortAnswer
from course.content.questions import QuestionBase
from course.progress.classroom import Reading, read_each
from course.progress.store import ProgressStore
from course.quiz import InvalidAnswer, grade, normalize_text

EPSILON = 1e-9


@dataclass
class TypedAnswer:
    """One wrong answer, as typed most often, and how often it was typed."""

    text: str
    count: int  # how many times it was given
    learners: int  # by how many different learners
    accepted_now: bool  # whether the question, as the course is today, accepts it

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class WrongAnswers:
    """A question's wrong answers, most frequent first."""

    question_id: str
    type: str
    answers: list[TypedAnswer] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question_id, "type": self.type, "answers": [a.to_json() for a in self.answers]}


@dataclass
class _Tally:
    spellings: Counter[str] = field(default_factory=Counter)
    learners: set[tuple[str, int]] = field(default_factory=set)
    locale: str = "en"


def wrong_answers(
    databases: Iterable[Path | str], quiz_id: str, questions: list[QuestionBase]
) -> Reading[WrongAnswers]:
    """Per short-answer and numeric question of `questions` (in their order), the typed answers
    marked wrong in attempts at `quiz_id`, grouped as the matcher compares them."""
    wanted = {q.id: q for q in questions if isinstance(q, ShortAnswer | Numeric)}

    def read(database: Path | str, store: ProgressStore) -> list[tuple[str, str, tuple[str, int], str]]:
        found = []
        for profile in store.profiles():
            for summary in store.attempts(profile.id, quiz_id):
                for response in store.attempt(summary.id).responses.values():
                    if response.question_id not in wanted or response.score >= 1 - EPSILON:
                        continue
                    typed = " ".join(str(response.answer.get("text", "")).split())
                    if typed:
                        found.append((response.question_id, typed, (str(database), profile.id), response.locale))
        return found

    given = read_each(list(databases), read)
    tallies: dict[str, dict[str, _Tally]] = {question_id: {} for question_id in wanted}
    for question_id, typed, learner, locale in given.found:
        tally = tallies[question_id].setdefault(normalize_text(typed), _Tally())
        tally.spellings[typed] += 1
        tally.learners.add(learner)
        tally.locale = locale
    result = []
    for question_id, question in wanted.items():
        answers = [
            TypedAnswer(
                text=tally.spellings.most_common(1)[0][0],
                count=sum(tally.spellings.values()),
                learners=len(tally.learners),
                accepted_now=_accepted(question, tally.spellings.most_common(1)[0][0], tally.locale),
            )
            for tally in tallies[question_id].values()
        ]
        answers.sort(key=lambda a: (-a.count, -a.learners, a.text.casefold()))
        result.append(WrongAnswers(question_id, question.type, answers))
    return Reading(result, given.unreadable, given.notices)


def _accepted(question: QuestionBase, text: str, locale: str) -> bool:
    try:
        return grade(question, {"text": text}, locale).correct
    except InvalidAnswer:
        return False

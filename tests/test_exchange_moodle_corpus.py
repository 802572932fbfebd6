"""Files written the way Moodle's documentation and Moodle's own exports write them, imported as Moodle reads them.

Each fixture in tests/fixtures/exchange/moodle/ has an `.expected.yaml` beside it: every
imported question field by field, and every question left out, by name and line. The scores
are checked against Moodle's own rules: a single-answer question earns the grade of the option
picked; a multiple-answer one the sum of the picks' grades, kept between 0 and 1.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from course.content.questions import Question
from course.exchange.banks import import_file
from course.quiz.grading import grade

CORPUS = Path(__file__).parent / "fixtures" / "exchange" / "moodle"
FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".gift", ".xml"))


def imported(name: str, tmp_path: Path) -> tuple[dict[str, Any], Any]:
    bank = tmp_path / f"{name}.yaml"  # a file without a category is titled after the bank's file
    report = import_file(CORPUS / name, bank, "en", "corpus", default_source="S1")
    return yaml.safe_load(bank.read_text("utf-8")), report


def test_the_corpus_is_all_there() -> None:
    assert FILES == ["moodle-docs.gift", "moodle-export.gift", "moodle-export.xml"]
    assert all((CORPUS / f"{name}.expected.yaml").is_file() for name in FILES)


@pytest.mark.parametrize("name", FILES)
def test_every_question_is_imported_as_moodle_reads_it(name: str, tmp_path: Path) -> None:
    expected = yaml.safe_load((CORPUS / f"{name}.expected.yaml").read_text("utf-8"))
    bank, report = imported(name, tmp_path)
    assert bank["title"] == {"en": expected["title"]}
    got = {q["id"]: q for q in bank["questions"]}
    want = {q["id"]: q for q in expected["questions"]}
    assert list(got) == list(want)
    for question_id, question in want.items():
        assert got[question_id] == question, question_id
    assert report.skipped == expected["skipped"]
    assert [n for n in report.notes if "no general feedback" not in n] == expected["notes"]


def _moodle_single(fractions: dict[str, float], picked: str) -> float:
    return fractions[picked]


def _moodle_multiple(fractions: dict[str, float], picked: set[str]) -> float:
    return min(1.0, max(0.0, sum(fractions[p] for p in picked)))


# Moodle's grade of each option, read off the files by hand (the option's text -> fraction).
MOODLE_GRADES = {
    ("moodle-docs.gift", "q9"): {
        "Copyright infringement": -1.0,
        "Illegal access": 0.5,
        "Data interference": 0.5,
        "Child pornography": -1.0,
    },
    ("moodle-docs.gift", "q10"): {"Strasbourg": 0.0, "Hungary": 0.5, "Budapest": 1.0},
    ("moodle-export.gift", "drafted-by"): {
        "Council of Europe": 1.0,
        "European Union": 0.0,
        "Council of Europe and its observer states": 0.5,
    },
    ("moodle-export.gift", "offences-against-systems"): {
        "Illegal access": 0.5,
        "Illegal interception": 0.5,
        "Copyright infringement": -1.0,
    },
    ("moodle-export.xml", "drafted-by"): {
        "Council of Europe": 1.0,
        "Council of Europe and observers": 0.5,
        "European Union": 0.0,
    },
    ("moodle-export.xml", "offences"): {
        "Illegal access": 0.3333333,
        "System interference": 0.3333333,
        "Data interference": 0.3333333,
        "Fraud": -0.5,
    },
}


@pytest.mark.parametrize(("name", "question_id"), sorted(MOODLE_GRADES))
def test_every_choice_scores_what_moodle_gives(name: str, question_id: str, tmp_path: Path) -> None:
    bank, _report = imported(name, tmp_path)
    data = next(q for q in bank["questions"] if q["id"] == question_id)
    data.setdefault("explanation", {"en": "(none in the file)"})
    question = TypeAdapter(Question).validate_python(data, context={"locales": ["en"]})
    by_text = {o.text.root["en"]: o.id for o in question.options}  # type: ignore[union-attr]
    fractions = {by_text[text]: value for text, value in MOODLE_GRADES[(name, question_id)].items()}
    if question.type == "single_choice":
        for option in fractions:
            assert grade(question, {"choice": option}).score == pytest.approx(max(0.0, fractions[option]), abs=1e-6)
    else:
        for size in range(len(fractions) + 1):
            for picked in combinations(fractions, size):
                got = grade(question, {"choices": list(picked)}).score
                assert got == pytest.approx(_moodle_multiple(fractions, set(picked)), abs=1e-6), picked

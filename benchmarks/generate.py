"""A deterministic, bilingual course of any size, with every question type, for benchmarks.

python -m benchmarks.generate OUT_DIR --questions 10000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

TYPES = ["single_choice", "multiple_choice", "true_false", "short_answer", "numeric", "ordering", "matching"]
WORDS_EN = [
    "treaty",
    "convention",
    "evidence",
    "cooperation",
    "extradition",
    "assistance",
    "network",
    "offence",
    "access",
    "data",
    "system",
    "fraud",
]
WORDS_VI = [
    "điều",
    "ước",
    "công",
    "ước",
    "chứng",
    "cứ",
    "hợp",
    "tác",
    "dẫn",
    "độ",
    "tương",
    "trợ",
    "mạng",
    "lưới",
    "tội",
    "phạm",
    "truy",
    "cập",
    "dữ",
    "liệu",
    "hệ",
    "thống",
    "lừa",
    "đảo",
]

try:
    Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    Dumper = yaml.SafeDumper


def text(rng: random.Random, words: int = 10) -> dict[str, str]:
    return {
        "en": " ".join(rng.choice(WORDS_EN) for _ in range(words)).capitalize() + ".",
        "vi": " ".join(rng.choice(WORDS_VI) for _ in range(words)).capitalize() + ".",
    }


def question(rng: random.Random, qid: str, kind: str) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": qid,
        "type": kind,
        "prompt": text(rng, 14),
        "explanation": text(rng, 24),
        "source": {"ref": "S1", "at": f"Art. {rng.randint(1, 60)}"},
        "tags": ["bench"],
        "difficulty": rng.choice(["easy", "medium", "hard"]),
    }
    if kind in ("single_choice", "multiple_choice"):
        base["options"] = [{"id": c, "text": text(rng, 5)} for c in "abcd"]
        if kind == "single_choice":
            base["answer"] = rng.choice("abcd")
        else:
            base["answers"] = sorted(rng.sample("abcd", 2))
    elif kind == "true_false":
        base["answer"] = rng.random() < 0.5
    elif kind == "short_answer":
        base["accepted"] = {"en": ["Budapest"], "vi": ["Budapest", "Bu-đa-pét"]}
        base["accept_without_diacritics"] = True
    elif kind == "numeric":
        base["value"] = rng.randint(1990, 2030)
    elif kind == "ordering":
        base["items"] = [{"id": f"i{n}", "text": text(rng, 4)} for n in range(4)]
    else:
        base["pairs"] = [{"id": f"p{n}", "left": text(rng, 2), "right": text(rng, 3)} for n in range(4)]
    return base


def generate(out: Path, questions: int, lessons: int = 20, seed: int = 7) -> Path:
    """Write a valid course of `questions` questions in `lessons` lessons to `out`."""
    rng = random.Random(seed)
    (out / "lessons" / "glossary").mkdir(parents=True, exist_ok=True)
    (out / "quizzes").mkdir(parents=True, exist_ok=True)
    lesson_ids = [f"lesson-{n:02d}" for n in range(lessons)]

    def dump(path: Path, data: Any) -> None:
        path.write_text(yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100), "utf-8")

    dump(
        out / "lessons" / "course.yaml",
        {
            "id": "bench-course",
            "title": {"en": "Benchmark course", "vi": "Khóa học đo hiệu năng"},
            "locales": ["vi", "en"],
            "source_locale": "en",
            "lessons": lesson_ids,
            "final_exam": "final-exam",
        },
    )
    dump(
        out / "lessons" / "sources.yaml",
        {"sources": [{"id": "S1", "title": {"en": "Benchmark source", "vi": "Nguồn đo hiệu năng"}}]},
    )
    dump(
        out / "lessons" / "glossary" / "terms.yaml",
        {"terms": [{"id": f"term-{n}", "term": text(rng, 2), "definition": text(rng, 12)} for n in range(60)]},
    )
    per_quiz = max(1, questions // lessons)
    counter = 0
    for index, lesson_id in enumerate(lesson_ids):
        dump(
            out / "lessons" / f"{lesson_id}.yaml",
            {
                "id": lesson_id,
                "title": text(rng, 4),
                "summary": text(rng, 16),
                "objectives": [text(rng, 8) for _ in range(3)],
                "sections": [
                    {
                        "heading": text(rng, 4),
                        "body": {
                            "en": "\n\n".join(text(rng, 60)["en"] for _ in range(5)),
                            "vi": "\n\n".join(text(rng, 60)["vi"] for _ in range(5)),
                        },
                    }
                    for _ in range(5)
                ],
                "key_terms": [f"term-{(index * 3 + k) % 60}" for k in range(3)],
                "sources": ["S1"],
                "quiz": f"{lesson_id}-quiz",
                "prerequisites": [lesson_ids[index - 1]] if index else [],
            },
        )
        bank = []
        count = per_quiz if index < lessons - 1 else questions - per_quiz * (lessons - 1)
        for _ in range(count):
            bank.append(question(rng, f"q{counter:05d}", TYPES[counter % len(TYPES)]))
            counter += 1
        dump(
            out / "quizzes" / f"{lesson_id}.yaml",
            {
                "id": f"{lesson_id}-quiz",
                "title": text(rng, 3),
                "mode": "practice",
                "pass_mark": 70,
                "draw": min(12, count),
                "questions": bank,
            },
        )
    dump(
        out / "quizzes" / "final-exam.yaml",
        {
            "id": "final-exam",
            "title": {"en": "Final exam", "vi": "Bài thi cuối khóa"},
            "mode": "exam",
            "time_limit_minutes": 45,
            "draw_from": [{"quiz": f"{lesson_id}-quiz", "count": 2} for lesson_id in lesson_ids],
        },
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate a benchmark course.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()
    generate(args.out, args.questions)
    print(f"wrote a course of {args.questions} questions to {args.out}")


if __name__ == "__main__":
    main()

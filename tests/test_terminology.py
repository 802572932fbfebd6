"""One Vietnamese term per concept: the course's Vietnamese text never uses a rejected variant.

The table follows the glossary of ../shared/content/FACTS.md. Each rule names the variant
found, the term to write instead and why; a failure lists every place as `file:line`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

REPO = Path(__file__).parents[1]


class Rule(NamedTuple):
    rejected: str  # a regular expression over the text with each run of spaces and line breaks made one space
    preferred: str
    why: str


RULES = [
    Rule(
        r"Ủy ban (?:đặc biệt )?mở\b",
        "Ủy ban đặc biệt không hạn chế thành phần",
        "open-ended: “mở” alone reads as “open”",
    ),
    Rule(r"(?<!rửa tiền \()rửa tài sản do phạm tội mà có", "rửa tiền", "one term for laundering of proceeds"),
    Rule(r"rửa tiền thu được từ tội phạm", "rửa tiền", "one term for laundering of proceeds"),
    Rule(r"không cần biểu quyết", "không qua biểu quyết", "“không cần” means “no need to vote”"),
    Rule(r"bắt giữ(?=[^.;:]{0,60}tài sản)", "thu giữ (tài sản)", "“bắt giữ” is said of people, not of assets"),
    Rule(r"(?<!mở )\b[Ll]ễ ký\b", "lễ mở ký", "opening for signature: one term"),
    Rule(
        r"[Pp]hiên họp (?:thứ|tổ chức|cuối|đàm phán|đầu tiên|được triệu tập)",
        "khóa họp",
        "a session of a UN body is a “khóa họp”",
    ),
    Rule(r"[Ss]áu phiên\b", "sáu khóa họp", "a session of a UN body is a “khóa họp”"),
    Rule(r"đơn vị đăng ký tên miền", "nhà đăng ký tên miền", "domain registrar"),
    Rule(r"tiết lộ", "cung cấp (chứng cứ, dữ liệu)", "disclosure to an authority; “tiết lộ” reads as leaking"),
    Rule(r"hack mũ trắng", "hoạt động của hacker mũ trắng (ethical hacking)", "“hack mũ trắng” is colloquial"),
    Rule(
        r"ngày thứ 90 (?:kể từ|sau)(?: khi có| khi| ngày)? văn kiện thứ 40",
        "ngày thứ 90 kể từ ngày nộp lưu chiểu văn kiện thứ 40",
        "the 90 days run from the date of deposit",
    ),
    Rule(r"ký Công ước đầu tiên", "là người đầu tiên ký Công ước", "reads as “signed the first convention”"),
    Rule(r"bằng chứng điện tử", "chứng cứ điện tử", "electronic evidence: the glossary term"),
    Rule(r"trợ giúp pháp lý", "tương trợ tư pháp", "mutual legal assistance: the glossary term"),
    Rule(r"Liên hợp quốc", "Liên Hợp Quốc", "one spelling across the course"),
]
_COMPILED = [(re.compile(rule.rejected), rule) for rule in RULES]
_SPACES = re.compile(r"\s+")


class Finding(NamedTuple):
    path: Path
    line: int
    found: str
    rule: Rule

    def __str__(self) -> str:
        where = self.path.relative_to(REPO) if self.path.is_relative_to(REPO) else self.path
        return f"{where}:{self.line}: “{self.found}” → write “{self.rule.preferred}” ({self.rule.why})"


def _vietnamese_spans(node: Node, inside: bool = False) -> Iterator[tuple[int, int]]:
    """Start and end offsets, in the file, of every text under a `vi:` key."""
    if isinstance(node, ScalarNode):
        if inside:
            yield node.start_mark.index, node.end_mark.index
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _vietnamese_spans(item, inside)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _vietnamese_spans(value, inside or (isinstance(key, ScalarNode) and key.value == "vi"))


def findings(path: Path) -> list[Finding]:
    """Every rejected variant in the Vietnamese text of one content file."""
    text = path.read_text("utf-8")
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    found = []
    for start, end in _vietnamese_spans(root) if root is not None else ():
        # A text wrapped over several lines is searched as one line; `origin` maps each
        # character back to its offset in the file, for the line number.
        flat: list[str] = []
        origin: list[int] = []
        position = start
        for piece in _SPACES.split(text[start:end]):
            position = text.index(piece, position) if piece else position
            if flat:
                flat.append(" ")
                origin.append(position)
            flat.append(piece)
            origin.extend(range(position, position + len(piece)))
            position += len(piece)
        joined = "".join(flat)
        for pattern, rule in _COMPILED:
            for match in pattern.finditer(joined):
                line = text.count("\n", 0, origin[match.start()]) + 1
                found.append(Finding(path, line, match.group(), rule))
    return sorted(found, key=lambda f: f.line)


def content_files(root: Path) -> list[Path]:
    return sorted([*(root / "lessons").rglob("*.yaml"), *(root / "quizzes").rglob("*.yaml")])


def test_the_course_uses_one_vietnamese_term_per_concept() -> None:
    everything = [finding for path in content_files(REPO) for finding in findings(path)]
    assert not everything, "rejected Vietnamese variants:\n" + "\n".join(map(str, everything))


def test_a_rejected_variant_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "lesson.yaml"
    path.write_text(
        "id: x\n"
        "title: {en: A lesson, vi: Bài học}\n"
        "body:\n"
        "  en: The text was adopted without a vote (lễ ký stays untouched in English fields).\n"
        "  vi: |\n"
        "    Văn bản được thông qua\n"
        "    không cần biểu quyết; sau đó là lễ mở ký và\n"
        "    lễ ký tại Hà Nội.\n",
        "utf-8",
    )
    found = [str(f).replace(str(tmp_path) + "/", "") for f in findings(path)]
    assert found == [
        "lesson.yaml:7: “không cần biểu quyết” → write “không qua biểu quyết” (“không cần” means “no need to vote”)",
        "lesson.yaml:8: “lễ ký” → write “lễ mở ký” (opening for signature: one term)",
    ]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("rửa tiền (rửa tài sản do phạm tội mà có)", False),  # the glossary's explanation in brackets
        ("rửa tài sản do phạm tội mà có", True),
        ("thu giữ, tịch thu và hoàn trả tài sản", False),
        ("bắt giữ, tịch thu và trả lại tài sản", True),
        ("bắt giữ nghi phạm", False),  # people are arrested
        ("các phiên họp của khóa họp", False),  # meetings of a session
        ("phiên họp toàn thể của Đại hội đồng", False),
        ("khóa họp thứ 109", False),
        ("phiên họp thứ 109", True),
        ("ngày thứ 90 kể từ ngày nộp lưu chiểu văn kiện thứ 40", False),
        ("ngày thứ 90 sau khi có văn kiện thứ 40", True),
    ],
)
def test_rules_tell_variants_from_the_preferred_terms(text: str, flagged: bool, tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(f"vi: {text}\n", "utf-8")
    assert bool(findings(path)) is flagged

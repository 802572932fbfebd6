"""The translators' workflow of TRANSLATING.md holds in a checkout (issue 13, point 5)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import main

REPO = Path(__file__).resolve().parents[1]
PYBABEL = Path(sys.executable).with_name("pybabel")


def documented(command: str) -> list[str]:
    """The `pybabel <command>` line of TRANSLATING.md, as a translator would paste it."""
    text = (REPO / "TRANSLATING.md").read_text("utf-8")
    [line] = re.findall(rf"^pybabel {command} .*$", text, flags=re.MULTILINE)
    return [str(PYBABEL), *shlex.split(line)[1:]]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the source checkout: code, content, catalogs and the extraction mapping."""
    target = tmp_path / "checkout"
    for part in ("course", "lessons", "quizzes", "locales"):
        shutil.copytree(REPO / part, target / part, ignore=shutil.ignore_patterns("__pycache__", "_data"))
    shutil.copy(REPO / "babel.cfg", target / "babel.cfg")
    return target


def _catalogs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*.po*"))}


@pytest.mark.skipif(not PYBABEL.exists(), reason="pybabel comes with Babel in the test environment")
def test_the_documented_commands_leave_the_committed_catalogs_as_they_are(checkout: Path) -> None:
    before = _catalogs(checkout)
    for command in ("extract", "update"):
        subprocess.run(documented(command), cwd=checkout, check=True, capture_output=True)
    after = _catalogs(checkout)
    changed = [name for name in before if before[name] != after.get(name)]
    assert not changed, f"run the extract and update commands of TRANSLATING.md and commit: {changed}"


def test_check_in_a_checkout_checks_that_checkouts_catalogs(checkout: Path) -> None:
    po = checkout / "locales" / "vi" / "LC_MESSAGES" / "messages.po"
    text = po.read_text("utf-8")
    assert 'msgstr "cần {what}, nhưng gặp {found}"' in text
    po.write_text(
        text.replace('msgstr "cần {what}, nhưng gặp {found}"', 'msgstr "cần {wat}, nhưng gặp {found}"'), "utf-8"
    )
    done = subprocess.run(  # the installed program (not the checkout's copy of the code), run inside the checkout
        [str(Path(sys.executable).with_name("cybercourse")), "i18n", "check"],
        cwd=checkout,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "CYBERCOURSE_LOCALES_DIR"} | {"LC_ALL": "C.UTF-8"},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "locales/vi/LC_MESSAGES/messages.po" in done.stdout
    assert "{wat}" in done.stdout


def test_stats_and_i18n_status_count_the_same_text_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert main(["i18n", "status", "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert {info["content"]["total"] for info in status["locales"].values()} == {stats["text_fields"]}

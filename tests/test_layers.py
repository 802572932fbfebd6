"""The headless layers never pull in Textual, so they stay usable from scripts and fast to import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEADLESS = ["course.content", "course.quiz", "course.progress", "course.i18n"]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}, pkgutil, importlib\n"
        f"for info in pkgutil.walk_packages({module}.__path__, '{module}.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_import_contracts_hold() -> None:
    """The import-linter contracts in pyproject.toml (forbidden Textual, layer order)."""
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.split("Contracts:")[-1].replace("0 broken", "")


def test_the_local_course_never_imports_psycopg(tmp_path: Path) -> None:
    """Class mode is optional: a local start and the local commands load no PostgreSQL driver."""
    code = (
        "import sys, runpy\n"
        "from course.cli import main\n"
        "from course.progress.selection import open_for_trainee\n"
        f"store = open_for_trainee(None, __import__('pathlib').Path({str(tmp_path)!r}))\n"
        "store.close()\n"
        "assert main(['--lang', 'en', 'progress']) == 0\n"
        "assert main(['--lang', 'en', 'report']) == 0\n"
        "import course.tui.app, course.commands.start\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'psycopg' or 'postgres' in m))\n"
    )
    env = {**os.environ, "CYBERCOURSE_DATA_DIR": str(tmp_path)}
    env.pop("CYBERCOURSE_STORE", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr

"""The headless layers never pull in Textual, so they stay usable from scripts and fast to import."""

from __future__ import annotations

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

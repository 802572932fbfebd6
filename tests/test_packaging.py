"""A wheel built with `pip install .` carries the course, the catalogs and the stylesheets, and finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("cybercourse-*.whl")
    return built


def test_wheel_carries_content_catalogs_and_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (REPO / "lessons").rglob("*.yaml"):
        assert f"course/_data/lessons/{path.relative_to(REPO / 'lessons')}" in names
    for path in (REPO / "quizzes").rglob("*.yaml"):
        assert f"course/_data/quizzes/{path.relative_to(REPO / 'quizzes')}" in names
    assert "course/_data/locales/vi/LC_MESSAGES/messages.po" in names
    assert "course/_data/locales/messages.pot" in names
    for path in (REPO / "course").rglob("*.tcss"):
        assert str(path.relative_to(REPO)) in names
    assert not any("__pycache__" in name or name.startswith("tests/") for name in names)


def test_installed_wheel_finds_its_course(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "LANG": "vi_VN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    result = subprocess.run(
        [sys.executable, "-m", "course", "validate"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(target / "course" / "_data") in result.stdout  # the wheel's own copy, not the checkout
    assert "hợp lệ" in result.stdout  # and its Vietnamese catalog

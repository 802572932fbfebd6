"""Every invalid-content fixture gets its `path:line:col` message and exit status 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.cli import main
from tests.conftest import FIXTURE_COURSE, FIXTURES

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def build_case(name: str, target: Path) -> None:
    """The fixture course with the case's files laid over it."""
    shutil.copytree(FIXTURE_COURSE, target)
    case = FIXTURES / "invalid" / name
    for path in case.rglob("*"):
        if path.is_file() and path.name not in {"expected.txt", "delete.txt"}:
            destination = target / path.relative_to(case)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    deleted = case / "delete.txt"
    if deleted.exists():
        for line in deleted.read_text().split():
            (target / line).unlink()


def test_there_are_at_least_fifteen_cases() -> None:
    assert len(CASES) >= 15


def test_fixture_course_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURE_COURSE)]) == 0
    assert "is valid" in capsys.readouterr().out


@pytest.mark.parametrize("name", CASES)
def test_invalid_fixture(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "course"
    build_case(name, content)
    monkeypatch.chdir(content)  # messages name files relative to the working directory
    status = main(["validate", "."])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert status == 1, output
    assert "Traceback" not in output
    expected_lines = [
        line for line in (FIXTURES / "invalid" / name / "expected.txt").read_text("utf-8").splitlines() if line.strip()
    ]
    for expected in expected_lines:
        assert expected in output, f"expected {expected!r} in:\n{output}"
    # One mistake, one message: consequences of a broken file are not reported again.
    reported = [line for line in captured.out.splitlines() if line.strip()]
    assert len(reported) == len(expected_lines), output

"""Running the real command line as a trainee would: an ordinary user, for whom a read-only file
is read-only. Tests run as root here, and root writes through any permission bits, so a
command is run as `nobody` when the tests are root (and as the current user otherwise).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import site
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
NOBODY = 65534


class Learner:
    """A folder tree an ordinary user can reach, and a way to run `python -m course` as that user."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.root = os.geteuid() == 0
        self.uid = NOBODY if self.root else os.geteuid()
        home = self.dir("home")
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "CYBERCOURSE_CACHE_DIR": str(home / "cache"),
            "TZ": "UTC",
            "LANG": "C.UTF-8",
            "PYTHONPATH": os.pathsep.join([str(REPO), *site.getsitepackages()]),
        }
        self.python = self._python()

    def dir(self, name: str, mode: int = 0o755, owned: bool = True) -> Path:
        """A folder under the base, the learner's own unless `owned` is false."""
        folder = self.base / name
        folder.mkdir(parents=True, exist_ok=True)
        if owned:
            self.own(folder)
        folder.chmod(mode)
        return folder

    def own(self, path: Path) -> None:
        if self.root:
            os.chown(path, self.uid, self.uid)

    def _python(self) -> str:
        """An interpreter the learner may run (a venv under /root may be out of its reach)."""
        for candidate in (sys.executable, shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin")):
            if candidate is None:
                continue
            try:
                probe = subprocess.run(
                    [candidate, "-c", "import course, textual, pydantic_core"],
                    env=self.env,
                    cwd=self.base,
                    capture_output=True,
                    timeout=60,
                    user=self.uid,
                    group=self.uid,
                    extra_groups=[] if self.root else None,
                )
            except OSError:
                continue
            if probe.returncode == 0:
                return candidate
        pytest.skip("no Python interpreter that an unprivileged user can run with the course installed")

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.python, "-m", "course", *args],
            env={**self.env, **(env or {})},
            cwd=self.base,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            user=self.uid,
            group=self.uid,
            extra_groups=[] if self.root else None,
        )


def learner_space() -> Iterator[Learner]:
    """A Learner on a fresh base folder, removed afterwards (for a fixture)."""
    base = Path(tempfile.mkdtemp(prefix="cybercourse-learner-"))
    base.chmod(0o755)
    try:
        yield Learner(base)
    finally:
        for folder, _dirs, _files in os.walk(base):
            os.chmod(folder, stat.S_IRWXU)
        shutil.rmtree(base, ignore_errors=True)


def fingerprint(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file under `folder`: mode, modification time and content hash."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            info = path.stat()
            found[str(path.relative_to(folder))] = (
                info.st_mode,
                info.st_mtime_ns,
                hashlib.sha256(path.read_bytes()).hexdigest(),
            )
    return found

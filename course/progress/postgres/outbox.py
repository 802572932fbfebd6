"""A trainee's store in class mode: safe on disk first, sent to the class server when it can be.

Reads come from the local copy (course.progress.postgres.mirror), so the course opens and
runs while the server is unreachable. Every write becomes a change that is committed to
the local outbox and applied to the copy before the method returns (so before any feedback
is shown); a sender thread sends the outbox in order, deleting each change only once the
server has committed it. It also tells the room the trainee is here (presence), every few
seconds while online. On opening with the server reachable, the outbox is sent first and
then the local copy is replaced by the server's rows, so a trainee who changes machine
finds their work.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from pathlib import Path

from course.i18n import _
from course.progress.database import StoreError
from course.progress.postgres import mirror
from course.progress.postgres.changes import Change
from course.progress.postgres.connection import ServerUnreachable, connect, redact
from course.progress.postgres.store import PostgresStore, answer_change, attempt_change, position_change
from course.progress.records import AttemptRecord, Profile
from course.progress.store import Clock, ProfileNameError, ProgressStore, utc_now
from course.quiz import Answer, Presented

HEARTBEAT_SECONDS = 5.0
RETRY_SECONDS = 2.0
START_TIMEOUT_SECONDS = 3


def mirror_path(data_dir: Path, target: str) -> Path:
    """Where the local copy of one class lives: one file per class server and learner."""
    digest = hashlib.sha256(redact(target).encode()).hexdigest()[:16]
    return data_dir / f"class-{digest}.sqlite3"


class ClassroomStore(ProgressStore):
    """The local copy and outbox of one trainee's class progress, with its sender."""

    def __init__(self, target: str, local: Path, clock: Clock = utc_now) -> None:
        super().__init__(local, clock)
        for statement in mirror.OUTBOX_TABLES.split(";"):
            if statement.strip():
                self._conn.execute(statement)
        self.target = target
        self.where = redact(target)
        self._remote: PostgresStore | None = None
        self._wake = threading.Condition()
        self._send_lock = threading.Lock()
        self._stopping = False
        self.online = False
        self.problem: str | None = None  # why the last send failed, for the screen
        try:
            self._send(pull=True, timeout=START_TIMEOUT_SECONDS)
        except BaseException:
            super().close()
            raise
        if not self.profiles():
            super().close()
            raise ServerUnreachable(
                _(
                    "cannot reach the class server at {target}, and this computer has no copy of your class "
                    "progress yet: the first start needs the server. {reason}"
                ).format(target=self.where, reason=self.problem or "")
            )
        self._thread = threading.Thread(target=self._sender, name="class-outbox", daemon=True)
        self._thread.start()

    # -- what the screens show ----------------------------------------------------------------

    def pending_answers(self) -> int:
        found = self._read('SELECT count(*) AS n FROM class_outbox WHERE change LIKE \'%"kind": "record_answer"%\'')
        return int(found[0]["n"])

    def pending_changes(self) -> int:
        return int(self._read("SELECT count(*) AS n FROM class_outbox")[0]["n"])

    def rejected(self) -> list[tuple[Change, str]]:
        found = self._read("SELECT change, reason FROM class_rejected ORDER BY seq")
        return [(Change.from_json(row["change"]), row["reason"]) for row in found]

    # -- sending --------------------------------------------------------------------------------

    def _sender(self) -> None:
        while True:
            with self._wake:
                if self._stopping:
                    return
                self._wake.wait(HEARTBEAT_SECONDS if self.online else RETRY_SECONDS)
                if self._stopping:
                    return
            self._send()

    def flush(self, timeout: float = 10.0) -> bool:
        """Send now and wait (tests, and closing): True when nothing is left to send."""
        self._send(timeout=max(1, int(timeout)))
        return self.pending_changes() == 0

    def _send(self, pull: bool = False, timeout: int = START_TIMEOUT_SECONDS) -> None:
        with self._send_lock:
            try:
                remote = self._remote_store(timeout)
                with self._lock:
                    queued = mirror.pending(self._conn)
                for seq, change in queued:
                    try:
                        remote.apply(change)
                    except ServerUnreachable:
                        raise
                    except StoreError as refusal:  # the server will never take it: kept, not retried
                        with self._write() as conn:
                            conn.execute(
                                "INSERT INTO class_rejected (seq, change, reason, rejected_at) VALUES (?, ?, ?, ?)",
                                (seq, change.to_json(), str(refusal), self.now()),
                            )
                            conn.execute("DELETE FROM class_outbox WHERE seq = ?", (seq,))
                        continue
                    with self._write() as conn:
                        conn.execute("DELETE FROM class_outbox WHERE seq = ?", (seq,))
                if pull:
                    snapshot = remote.snapshot()
                    with self._write() as conn:
                        if not conn.execute("SELECT 1 FROM class_outbox LIMIT 1").fetchone():
                            mirror.replace_copy(conn, snapshot)
                remote.here([p.id for p in self.profiles()], "online")
                self.online, self.problem = True, None
            except ServerUnreachable as error:
                self._drop_remote()
                self.online, self.problem = False, str(error)

    def _remote_store(self, timeout: int) -> PostgresStore:
        if self._remote is None:
            self._remote = PostgresStore(self.target, self._clock, conn=connect(self.target, timeout=timeout))
        return self._remote

    def _drop_remote(self) -> None:
        if self._remote is not None:
            with contextlib.suppress(Exception):
                self._remote.close()
            self._remote = None

    def close(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._thread.join(timeout=10)
        with contextlib.suppress(StoreError):
            self._send(timeout=2)
            if self._remote is not None:
                self._remote.here([p.id for p in self.profiles()], "left")
        self._drop_remote()
        super().close()

    # -- writes: to the outbox and the local copy, in one transaction ---------------------------

    def _queue(self, change: Change) -> None:
        with self._write() as conn:
            mirror.apply_locally(conn, change)
        with self._wake:
            self._wake.notify_all()

    def create_profile(self, name: str, locale: str) -> Profile:
        raise ProfileNameError(_("In a class, the instructor enrols each learner (`cybercourse class enrol NAME`)."))

    def reset_profile(self, profile_id: int) -> None:
        raise StoreError(_("In a class, only the instructor can reset progress."))

    def use_profile(self, profile_id: int, locale: str | None = None) -> None:
        self._queue(Change("use_profile", {"profile_id": profile_id, "locale": locale, "now": self.now()}))

    def save_position(
        self, profile_id: int, lesson_id: str, section: int, sections_total: int, seconds: int = 0
    ) -> None:
        self._queue(position_change(profile_id, lesson_id, section, sections_total, seconds, self.now()))

    def start_attempt(
        self,
        profile_id: int,
        quiz_id: str,
        mode: str,
        seed: int,
        plan: list[Presented],
        time_limit_seconds: int | None,
    ) -> AttemptRecord:
        change = attempt_change(profile_id, quiz_id, mode, seed, plan, time_limit_seconds, self.now())
        self._queue(change)
        return self.attempt(change.args["attempt_id"])

    def record_answer(
        self,
        attempt_id: int,
        question_id: str,
        answer: Answer,
        score: float,
        locale: str,
        hint_used: bool = False,
        position: int | None = None,
    ) -> None:
        self._queue(answer_change(attempt_id, question_id, answer, score, locale, hint_used, position, self.now()))

    def save_attempt_position(self, attempt_id: int, position: int) -> None:
        self._queue(Change("save_attempt_position", {"attempt_id": attempt_id, "position": position}))

    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> None:
        self._queue(
            Change("finish_attempt", {"attempt_id": attempt_id, "score": score, "passed": passed, "now": self.now()})
        )

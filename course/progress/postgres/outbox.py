"""A trainee's store in class mode: safe on disk first, sent to the class server when it can be.

The store is the SQLite store on a local copy of the trainee's class progress
(course.progress.postgres.mirror), so the course opens and runs while the server is
unreachable, and the two-window rule holds between windows on this computer as it does
locally. Every write is also queued, in the same SQLite transaction, as a change for the
server (so before any feedback is shown); a sender thread sends the queue in order,
deleting each change only once the server has committed it, and the server applies the
same rules again (a window on another computer may hold the attempt). A change the server
refuses is kept in `class_rejected`, never dropped. While online, the sender also tells the
room the trainee is here (presence) every few seconds. On opening with the server
reachable, the queue is sent first and the local copy is then replaced by the server's rows,
so a trainee who changes computer finds their work.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from course.i18n import _
from course.progress.errors import StoreError
from course.progress.postgres import mirror
from course.progress.postgres.changes import Change, answer_change, new_attempt_id, position_change
from course.progress.postgres.connection import ServerUnreachable, connect, redact
from course.progress.postgres.outbox_cards import OutboxCards
from course.progress.postgres.store import PostgresStore
from course.progress.records import AttemptRecord, Profile
from course.progress.sqlite_store import SqliteStore
from course.progress.store import Clock, ProfileNameError, utc_now
from course.quiz import Answer, Presented

HEARTBEAT_SECONDS = 5.0
RETRY_SECONDS = 2.0
START_TIMEOUT_SECONDS = 3
T = TypeVar("T")


def mirror_path(data_dir: Path, target: str) -> Path:
    """Where the local copy of one class lives: one file per class server and learner."""
    digest = hashlib.sha256(redact(target).encode()).hexdigest()[:16]
    return data_dir / f"class-{digest}.sqlite3"


class ClassroomStore(OutboxCards):
    """The local copy and outbox of one trainee's class progress, with its sender."""

    def __init__(self, target: str, local: Path, clock: Clock = utc_now) -> None:
        super().__init__(local, clock)
        with self._lock:
            mirror.create_tables(self._conn)
        self.target = target
        self.where = redact(target)
        self._outgoing: Change | None = None
        self._remote: PostgresStore | None = None
        self._wake = threading.Condition()
        self._send_lock = threading.Lock()
        self._stopping = False
        self.online = False
        self.problem: str | None = None  # why the last send failed, for the screen
        try:
            self._send(pull=True, timeout=START_TIMEOUT_SECONDS)
            if not self.profiles():
                raise ServerUnreachable(
                    _(
                        "cannot reach the class server at {target}, and this computer has no copy of your class "
                        "progress yet: the first start needs the server. {reason}"
                    ).format(target=self.where, reason=self.problem or "")
                )
        except BaseException:
            self._drop_remote()
            SqliteStore.close(self)
            raise
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
                    self._deliver(remote, seq, change)
                if pull:
                    snapshot = remote.snapshot()
                    with SqliteStore._write(self) as conn:
                        if not conn.execute("SELECT 1 FROM class_outbox LIMIT 1").fetchone():
                            mirror.replace_copy(conn, snapshot)
                remote.here([p.id for p in self.profiles()], "online")
                self.online, self.problem = True, None
            except ServerUnreachable as error:
                self._drop_remote()
                self.online, self.problem = False, str(error)

    def _deliver(self, remote: PostgresStore, seq: int, change: Change) -> None:
        try:
            remote.apply(change)
        except ServerUnreachable:
            raise
        except StoreError as refusal:  # the server will never take it: kept, not retried
            with SqliteStore._write(self) as conn:
                conn.execute(
                    "INSERT INTO class_rejected (seq, change, reason, rejected_at) VALUES (?, ?, ?, ?)",
                    (seq, change.to_json(), str(refusal), self.now()),
                )
                conn.execute("DELETE FROM class_outbox WHERE seq = ?", (seq,))
            return
        with SqliteStore._write(self) as conn:
            conn.execute("DELETE FROM class_outbox WHERE seq = ?", (seq,))

    def _remote_store(self, timeout: int) -> PostgresStore:
        if self._remote is None:
            remote = PostgresStore(self.target, self.clock, conn=connect(self.target, timeout=timeout))
            remote.holder = self.holder  # one window: the same holder here and on the server
            self._remote = remote
        return self._remote

    def _drop_remote(self) -> None:
        if self._remote is not None:
            with contextlib.suppress(Exception):
                self._remote._conn.close()
            self._remote = None

    def close(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._thread.join(timeout=10)
        # Let go of held attempts here (queued for the server too), send what can be sent, say goodbye.
        with self._lock:
            held = [row["id"] for row in self._read("SELECT id FROM attempts WHERE holder = ?", (self.holder,))]
        for attempt_id in held:
            with contextlib.suppress(StoreError):
                self.release_attempt(attempt_id)
        with contextlib.suppress(StoreError):
            self._send(timeout=2)
            if self._remote is not None:
                self._remote.here([p.id for p in self.profiles()], "left")
        self._drop_remote()
        SqliteStore.close(self)

    # -- writes: the SQLite store's, with the change queued in the same transaction -------------

    @contextmanager
    def _write(self) -> Iterator[Any]:
        with super()._write() as conn:
            yield conn
            if self._outgoing is not None:
                mirror.queue(conn, self._outgoing)

    def _queued(self, change: Change, write: Callable[[], T]) -> T:
        with self._lock:  # re-entrant: the write below takes it again, and no other thread interleaves
            self._outgoing = change
            try:
                result = write()
            finally:
                self._outgoing = None
        with self._wake:
            self._wake.notify_all()
        return result

    def _lease_args(self, attempt_id: int, **more: Any) -> dict[str, Any]:
        return {
            "attempt_id": attempt_id,
            "holder": self.holder,
            "lease_end": self.lease_end(),
            "now": self.now(),
            **more,
        }

    def _insert_profile(self, name: str, key: str, locale: str) -> Profile:
        raise ProfileNameError(_("In a class, the instructor enrols each learner (`cybercourse class enrol NAME`)."))

    def reset_profile(self, profile_id: int) -> None:
        raise StoreError(_("In a class, only the instructor can reset progress."))

    def use_profile(self, profile_id: int, locale: str | None = None) -> None:
        change = Change("use_profile", {"profile_id": profile_id, "locale": locale, "now": self.now()})
        self._queued(change, lambda: SqliteStore.use_profile(self, profile_id, locale))

    def save_position(
        self, profile_id: int, lesson_id: str, section: int, sections_total: int, seconds: int = 0
    ) -> None:
        change = position_change(profile_id, lesson_id, section, sections_total, seconds, self.now())
        self._queued(
            change, lambda: SqliteStore.save_position(self, profile_id, lesson_id, section, sections_total, seconds)
        )

    def start_attempt(
        self,
        profile_id: int,
        quiz_id: str,
        mode: str,
        seed: int,
        plan: list[Presented],
        time_limit_seconds: int | None,
    ) -> AttemptRecord:
        """As the SQLite store does, with an id made here: the server's attempt has the same one."""
        args = self._lease_args(
            new_attempt_id(),
            profile_id=profile_id,
            quiz_id=quiz_id,
            mode=mode,
            seed=seed,
            plan=json.dumps([p.to_json() for p in plan]),
            time_limit_seconds=time_limit_seconds,
        )

        def write() -> None:
            with self._write() as conn:
                conn.execute(
                    """INSERT INTO attempts (id, profile_id, quiz_id, mode, seed, plan, time_limit_seconds,
                                             started_at, holder, held_until)
                       VALUES (:attempt_id, :profile_id, :quiz_id, :mode, :seed, :plan, :time_limit_seconds,
                               :now, :holder, :lease_end)""",
                    args,
                )

        self._queued(Change("start_attempt", args), write)
        return self.attempt(args["attempt_id"])

    def claim_attempt(self, attempt_id: int, take_over: bool = False) -> AttemptRecord:
        change = Change("claim_attempt", self._lease_args(attempt_id, take_over=take_over))
        return self._queued(change, lambda: SqliteStore.claim_attempt(self, attempt_id, take_over))

    def renew_attempt(self, attempt_id: int) -> None:
        self._queued(
            Change("renew_attempt", self._lease_args(attempt_id)), lambda: SqliteStore.renew_attempt(self, attempt_id)
        )

    def release_attempt(self, attempt_id: int) -> None:
        change = Change("release_attempt", self._lease_args(attempt_id))
        self._queued(change, lambda: SqliteStore.release_attempt(self, attempt_id))

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
        change = answer_change(attempt_id, question_id, answer, score, locale, hint_used, position, self.now())
        change.args.update(holder=self.holder, lease_end=self.lease_end())
        self._queued(
            change,
            lambda: SqliteStore.record_answer(
                self, attempt_id, question_id, answer, score, locale, hint_used, position
            ),
        )

    def save_attempt_position(self, attempt_id: int, position: int) -> None:
        change = Change("save_attempt_position", self._lease_args(attempt_id, position=position))
        self._queued(change, lambda: SqliteStore.save_attempt_position(self, attempt_id, position))

    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> None:
        change = Change("finish_attempt", self._lease_args(attempt_id, score=score, passed=passed))
        self._queued(change, lambda: SqliteStore.finish_attempt(self, attempt_id, score, passed))

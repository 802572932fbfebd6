"""One simulated trainee for `python -m benchmarks class` (a separate process each).

    python -m benchmarks.trainee MODE TARGET --answers K --think MIN MAX --seed S

MODE is `postgres` (answers committed on the class server: PostgresStore), `sqlite`
(a local progress file: TARGET is its path) or `outbox` (what a trainee's app runs in class
mode: local outbox first, then the server; TARGET is the server, the copy goes to --copy).
Prints READY once connected, waits for a line on stdin, answers, and prints one JSON line:
the latency of every answer (seconds from the call, i.e. Enter, to the answer committed) and
the answer ids it acknowledged.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from course.quiz import Presented


def _store(args: argparse.Namespace) -> Any:
    if args.mode == "postgres":
        from course.progress.postgres.store import PostgresStore

        return PostgresStore(args.target)
    if args.mode == "outbox":
        from course.progress.postgres.outbox import ClassroomStore

        return ClassroomStore(args.target, Path(args.copy))
    from course.progress import open_store

    return open_store(Path(args.target))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["postgres", "sqlite", "outbox"])
    parser.add_argument("target")
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--think", type=float, nargs=2, default=(0.1, 0.5))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copy", default="")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    store = _store(args)
    profile = store.profiles()[0] if store.profiles() else store.create_profile(f"Trainee {args.seed}", "vi")
    plan = [Presented(f"q{n}") for n in range(args.answers)]
    print("READY", flush=True)
    sys.stdin.readline()
    attempt = store.start_attempt(profile.id, "bench-quiz", "exam", args.seed, plan, None)
    latencies, acknowledged, failures, seconds = [], [], 0, 0
    for index, presented in enumerate(plan):
        time.sleep(rng.uniform(*args.think))
        started = time.perf_counter()
        try:
            store.record_answer(attempt.id, presented.question_id, {"choice": "a"}, 1.0, "vi", position=index)
        except Exception as error:  # the server dropped: a real screen shows it and Enter retries
            failures += 1
            print(f"failed: {error}", file=sys.stderr)
            continue
        latencies.append(time.perf_counter() - started)
        acknowledged.append(presented.question_id)
        try:  # reading time, counted once per answer: the audit checks it was not counted twice
            store.save_position(profile.id, "bench-lesson", index % 3, 3, seconds=1)
            seconds += 1
        except Exception:
            failures += 1
    flushed = True
    if args.mode == "outbox":
        deadline = time.monotonic() + 90
        while not (flushed := store.flush(timeout=3)) and time.monotonic() < deadline:
            time.sleep(0.5)
    store.close()
    result = {
        "attempt": attempt.id,
        "latencies": latencies,
        "acknowledged": acknowledged,
        "seconds": seconds,
        "failures": failures,
        "flushed": flushed,
    }
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

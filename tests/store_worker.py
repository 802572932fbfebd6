"""A scripted learner for the crash and concurrency tests: answers questions as fast as it can.

    python -m tests.store_worker DATA_DIR PLAN_JSON [--count N] [--tag T]

Each answer goes through ProgressStore.record_answer, the call the quiz screen makes; a line
`ACK <attempt> <question>` is printed (and flushed) only after it has returned, so the parent
knows exactly which answers the program had acknowledged when it was killed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from course.progress import Profile, ProfileNameError, open_store
from course.quiz import Presented


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("plan", help="JSON list of question ids")
    parser.add_argument("--count", type=int, default=10**9, help="stop after this many answers")
    parser.add_argument("--tag", default="w")
    parser.add_argument("--quiz", default="first-quiz")
    args = parser.parse_args()
    ids = json.loads(args.plan)
    store = open_store(args.data_dir / "progress.sqlite3")
    found: Profile | None
    try:
        found = store.profile_by_name("Lan") or store.create_profile("Lan", "vi")
    except ProfileNameError:  # the other instance created it a moment ago
        found = store.profile_by_name("Lan")
    assert found is not None
    profile = found
    rng = random.Random()
    done = 0
    while done < args.count:
        attempt = store.unfinished_attempt(profile.id, args.quiz)
        if attempt is None:
            attempt = store.start_attempt(profile.id, args.quiz, "practice", 7, [Presented(q) for q in ids], None)
        for index, question_id in enumerate(ids):
            if question_id in attempt.responses:
                continue
            store.record_answer(attempt.id, question_id, {"text": f"{args.tag}-{done}"}, 1.0, "vi", position=index)
            print(f"ACK {attempt.id} {question_id}", flush=True)
            done += 1
            if done >= args.count:
                break
            time.sleep(rng.random() * 0.003)
        else:
            store.finish_attempt(attempt.id, 1.0, True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

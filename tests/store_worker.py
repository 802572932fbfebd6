"""A scripted learner for the crash and two-window tests: answers questions as fast as it can.

    python -m tests.store_worker DATA_DIR PLAN_JSON [--count N] [--tag T] [--quiz Q]

It behaves as one app window: it resumes the quiz's unfinished attempt, taking it over from
any other window (as a trainee does who answers "take over" in the app), or starts one.
Each answer goes through ProgressStore.record_answer, the call the quiz screen makes; a line
`ACK <attempt> <question> <answer>` is printed (and flushed) only after it has returned, so
the parent knows exactly which answers the program had acknowledged. When another window
takes the attempt over, the store refuses the next write: `LOST <attempt>` is printed and
the worker takes it back. A finished attempt is reported as `FIN <attempt> <answers>`, with
the number of answers it held when this worker finished it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from course.progress import AttemptLost, Profile, ProfileNameError, open_store
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
        attempt_id = None
        try:
            attempt = store.unfinished_attempt(profile.id, args.quiz)
            if attempt is None:
                attempt = store.start_attempt(profile.id, args.quiz, "practice", 7, [Presented(q) for q in ids], None)
            else:
                attempt = store.claim_attempt(attempt.id, take_over=True)
            attempt_id = attempt.id
            for index, question_id in enumerate(ids):
                if question_id in attempt.responses:
                    continue
                value = f"{args.tag}-{done}"
                store.record_answer(attempt.id, question_id, {"text": value}, 1.0, "vi", position=index)
                print(f"ACK {attempt.id} {question_id} {value}", flush=True)
                done += 1
                if done >= args.count:
                    break
                time.sleep(rng.random() * 0.003)
            else:
                answers = len(store.attempt(attempt.id).responses)
                store.finish_attempt(attempt.id, answers / len(ids), True)
                print(f"FIN {attempt.id} {answers}", flush=True)
        except AttemptLost:
            print(f"LOST {attempt_id}", flush=True)
            time.sleep(rng.random() * 0.003)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

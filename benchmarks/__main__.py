"""The benchmark suite: `python -m benchmarks` (full) or `python -m benchmarks --quick` (CI).

Every figure is a median over repeated runs, and every comparison is a ratio measured in the
same run against a reference measured alongside it (A and B alternate, the ratio is taken
pair by pair), so a busy machine shifts both sides together. Results are printed as a table
and written as JSON to benchmarks/results/latest.json.

Targets (issue 6), reported next to each figure:
  first frame, shipped course, returning learner   <= 1.2 x bare Textual app
  first frame, 10,000-question course, warm        <= 1.3 x bare Textual app
  validate, 10,000 questions, cold                 <= 1.5 x plain CSafeLoader parse
  keypress -> rendered feedback                    p95 <= 50 ms
  answer recorded (durable)                        p99 <= 5 ms
  peak memory, shipped course                      <= 1.5 x bare Textual app
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
PYTHON = sys.executable


@dataclass
class Process:
    first_frame: float | None  # seconds from spawn to the first frame on screen
    wall: float  # seconds from spawn to exit
    peak_mib: float  # largest resident set of the process
    full_course: float | None = None


def run_process(args: list[str], env: dict[str, str]) -> Process:
    """Spawn, wait, and read the child's own resource usage (not the harness's).

    posix_spawn, not fork: a forked child's peak RSS would start at the harness's own size.
    """
    read_out, write_out = os.pipe()
    read_err, write_err = os.pipe()
    actions = [
        (os.POSIX_SPAWN_DUP2, write_out, 1),
        (os.POSIX_SPAWN_DUP2, write_err, 2),
        (os.POSIX_SPAWN_CLOSE, read_out),
        (os.POSIX_SPAWN_CLOSE, read_err),
    ]
    cwd = env.get("BENCH_CWD")
    command = ["/bin/sh", "-c", 'cd "$0" && exec "$@"', cwd or ".", *args]
    started = time.time()
    pid = os.posix_spawn("/bin/sh", command, env, file_actions=actions)
    os.close(write_out)
    os.close(write_err)
    with os.fdopen(read_out, "rb") as out, os.fdopen(read_err, "rb") as err:
        output = out.read().decode()
        errors = err.read().decode()
    _pid, status, usage = os.wait4(pid, 0)
    wall = time.time() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(args)} exited with {code}:\n{errors[-2000:]}")
    marks = dict(
        line.split(" ", 1)
        for line in output.splitlines()
        if line.startswith(("FIRST_FRAME", "FULL_COURSE", "PEAK_KIB"))
    )
    frame = float(marks["FIRST_FRAME"]) - started if "FIRST_FRAME" in marks else None
    course = float(marks["FULL_COURSE"]) - started if "FULL_COURSE" in marks else None
    peak = float(marks["PEAK_KIB"]) / 1024 if "PEAK_KIB" in marks else usage.ru_maxrss / 1024
    return Process(frame, wall, peak, course)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def paired(a: Callable[[], float], b: Callable[[], float], runs: int) -> tuple[list[float], list[float], list[float]]:
    """Run A and B alternately `runs` times; the ratios are taken pair by pair."""
    first_a, first_b = [], []
    for _ in range(runs):
        first_a.append(a())
        first_b.append(b())
    ratios = [x / y for x, y in zip(first_a, first_b, strict=True)]
    return first_a, first_b, ratios


class Suite:
    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.runs = 3 if quick else 9
        self.big_questions = 1_000 if quick else 10_000
        self.work = Path(tempfile.mkdtemp(prefix="cybercourse-bench-"))
        self.figures: list[Figure] = []

    def env(self, cache: Path, cwd: Path | None = None) -> dict[str, str]:
        env = {
            **os.environ,
            "CYBERCOURSE_CACHE_DIR": str(cache),
            "LANG": "en_US.UTF-8",
            "LC_ALL": "",
            "LC_MESSAGES": "",
        }
        env["BENCH_CWD"] = str(cwd or self.work)
        # Programs run with their modules compiled to bytecode, as after `pip install`, which
        # compiles them. Python gets a bytecode cache of the harness's own, filled by the
        # warm-up runs, so that PYTHONDONTWRITEBYTECODE in the caller's environment does not
        # make the course's modules compile on every run while Textual's come precompiled.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.work / "bytecode")
        return env

    def returning_learner(self, content: Path, name: str) -> Path:
        """A data dir whose learner has read a lesson and passed a quiz, as a returning trainee."""
        from course.content import load_course
        from course.progress import open_store
        from course.progress.runs import QuizRun
        from course.quiz import correct_answer

        data = self.work / f"data-{name}"
        course = load_course(content).course
        assert course is not None
        store = open_store(data / "progress.sqlite3")
        me = store.create_profile("Bench", "en")
        first = next(iter(course.lessons.values()))
        store.save_position(me.id, first.id, len(first.sections) - 1, len(first.sections), seconds=60)
        if first.quiz:
            run = QuizRun.start(course, course.quizzes[first.quiz], store, me.id, seed=1)
            for index in range(len(run)):
                run.answer(index, correct_answer(run.question(index)), "en")
            run.finish()
        store.close()
        return data

    def first_frame(self, label: str, content: Path, cold: bool, target: float | None) -> Process:
        data = self.returning_learner(content, label)
        cache = self.work / f"cache-{label}"
        args = [PYTHON, "-m", "benchmarks.first_frame", "course", "--content", str(content), "--data-dir", str(data)]
        env = self.env(cache, cwd=REPO)

        def course_run() -> Process:
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            return run_process(args, env)

        def bare_run() -> Process:
            return run_process([PYTHON, "-m", "benchmarks.first_frame", "bare"], env)

        course_run()  # warm-up: fills the cache and the OS page cache
        bare_run()
        course_results: list[Process] = []
        bare_results: list[Process] = []
        _a, _b, ratios = paired(
            lambda: _keep(course_results, course_run()).first_frame or 0.0,
            lambda: _keep(bare_results, bare_run()).first_frame or 0.0,
            self.runs,
        )
        median = statistics.median(ratios)
        self.figures.append(
            Figure(
                f"first frame, {label}",
                median,
                "x bare",
                f"<= {target}" if target else "",
                median <= target if target else None,
                {
                    "course_first_frame_s": statistics.median(p.first_frame or 0 for p in course_results),
                    "bare_first_frame_s": statistics.median(p.first_frame or 0 for p in bare_results),
                    "course_process_s": statistics.median(p.wall for p in course_results),
                    "bare_process_s": statistics.median(p.wall for p in bare_results),
                    "ratios": ratios,
                },
            )
        )
        if label == "shipped course":
            memory = [c.peak_mib / b.peak_mib for c, b in zip(course_results, bare_results, strict=True)]
            self.figures.append(
                Figure(
                    "peak memory at first frame, shipped course",
                    statistics.median(memory),
                    "x bare",
                    "<= 1.5",
                    statistics.median(memory) <= 1.5,
                    {
                        "course_mib": statistics.median(p.peak_mib for p in course_results),
                        "bare_mib": statistics.median(p.peak_mib for p in bare_results),
                    },
                )
            )
            loaded = [
                run_process([*args[:4], "--wait-for-course", *args[4:]], env) for _ in range(max(1, self.runs // 3))
            ]
            bare_peak = statistics.median(p.peak_mib for p in bare_results)
            self.figures.append(
                Figure(
                    "peak memory with the whole course loaded",
                    statistics.median(p.peak_mib for p in loaded) / bare_peak,
                    "x bare",
                    "(informative)",
                    None,
                    {"course_mib": statistics.median(p.peak_mib for p in loaded), "bare_mib": bare_peak},
                )
            )
        return course_results[0]

    def validate(self, content: Path) -> None:
        plain = self.work / "plain_parse.py"
        plain.write_text(
            "import pathlib, sys, yaml\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
            "    yaml.load(p.read_text('utf-8'), Loader=yaml.CSafeLoader)\n"
        )
        env = self.env(self.work / "cache-validate")
        validate = [PYTHON, "-m", "course", "validate", str(content)]
        runs = max(1, self.runs // 3)
        run_process(validate, env)  # warm-up: bytecode and the OS page cache, for both sides
        run_process([PYTHON, str(plain), str(content)], env)
        a, b, ratios = paired(
            lambda: run_process(validate, env).wall,
            lambda: run_process([PYTHON, str(plain), str(content)], env).wall,
            runs,
        )
        self.figures.append(
            Figure(
                f"validate, {self.big_questions:,} questions",
                statistics.median(ratios),
                "x CSafeLoader",
                "<= 1.5",
                statistics.median(ratios) <= 1.5,
                {"validate_s": statistics.median(a), "plain_parse_s": statistics.median(b)},
            )
        )

    def keypress_feedback(self) -> None:
        latencies = asyncio.run(_keypress_latencies(self.work, 20 if self.quick else 60))
        p95 = percentile(latencies, 0.95)
        self.figures.append(
            Figure(
                "keypress -> rendered feedback",
                p95 * 1000,
                "ms p95",
                "<= 50",
                p95 <= 0.050,
                {"median_ms": statistics.median(latencies) * 1000, "samples": len(latencies)},
            )
        )

    def record_answer(self) -> None:
        from course.progress import open_store
        from course.quiz import Presented

        store = open_store(self.work / "record" / "progress.sqlite3")
        me = store.create_profile("Bench", "en")
        count = 100 if self.quick else 1000
        plan = [Presented(f"q{i}") for i in range(count)]
        attempt = store.start_attempt(me.id, "bench-quiz", "practice", 1, plan, None)
        timings = []
        for index in range(count):
            started = time.perf_counter()
            store.record_answer(attempt.id, f"q{index}", {"choice": "a"}, 1.0, "en", position=index)
            timings.append(time.perf_counter() - started)
        store.close()
        p99 = percentile(timings, 0.99)
        self.figures.append(
            Figure(
                "answer recorded (WAL, synchronous=FULL)",
                p99 * 1000,
                "ms p99",
                "<= 5",
                p99 <= 0.005,
                {"median_ms": statistics.median(timings) * 1000, "samples": count},
            )
        )

    def run(self) -> list[Figure]:
        from benchmarks.generate import generate

        big = generate(self.work / "big-course", self.big_questions)
        self.first_frame("shipped course", REPO, cold=False, target=1.2)
        self.first_frame(f"{self.big_questions:,} questions, warm", big, cold=False, target=1.3)
        self.first_frame(f"{self.big_questions:,} questions, cold", big, cold=True, target=None)
        self.validate(big)
        self.keypress_feedback()
        self.record_answer()
        shutil.rmtree(self.work, ignore_errors=True)
        return self.figures


def _keep(into: list[Process], item: Process) -> Process:
    into.append(item)
    return item


async def _keypress_latencies(work: Path, answers: int) -> list[float]:
    """Answer practice questions and time each Enter until the frame with its feedback is drawn.

    The clock starts when Textual creates the key event and stops when the app hands the
    first frame showing the feedback to the terminal driver: what a trainee waits for.
    (Pilot's own press() also waits for the app to go idle, which would time Pilot.)
    """
    from textual import events
    from textual.app import App

    from course.content import load_course
    from course.progress import open_store
    from course.tui.app import make_app
    from course.tui.screens.quiz import QuizScreen
    from course.tui.screens.quiz_intro import QuizIntroScreen
    from course.tui.screens.results import ResultsScreen
    from course.tui.session import Session

    marks: dict[str, Any] = {"armed": False, "key": None, "drawn": None}
    key_init = events.Key.__init__
    display = App._display

    def timed_key(self: events.Key, *args: Any, **kwargs: Any) -> None:
        key_init(self, *args, **kwargs)
        if marks["armed"] and marks["key"] is None:
            marks["key"] = time.perf_counter()

    def timed_display(self: App[Any], screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if marks["armed"] and marks["drawn"] is None and isinstance(screen, QuizScreen) and screen.feedback_shown:
            marks["drawn"] = time.perf_counter()

    events.Key.__init__ = timed_key  # type: ignore[method-assign]
    App._display = timed_display  # type: ignore[method-assign]
    course = load_course(REPO).course
    assert course is not None
    store = open_store(work / "keys" / "progress.sqlite3")
    me = store.create_profile("Bench", "en")
    session = Session(outline=course.outline(), store=store, course=course, locales=list(course.locales))
    app = make_app(session, "en")
    latencies: list[float] = []
    quizzes = [lesson.quiz for lesson in course.lessons.values() if lesson.quiz]
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for quiz_id in quizzes * 10:
                if len(latencies) >= answers:
                    break
                app.push_screen(QuizIntroScreen(session, quiz_id))
                await pilot.pause()
                if store.unfinished_attempt(me.id, quiz_id):
                    await pilot.press("n", "y")
                await pilot.press("enter")
                await pilot.pause()
                screen = app.screen
                if not isinstance(screen, QuizScreen):
                    continue
                for _ in range(len(screen.run)):
                    if len(latencies) >= answers:
                        break
                    kind = screen.run.question(screen.index).type  # type: ignore[attr-defined]
                    if kind in ("short_answer", "numeric"):
                        await pilot.press(*"2004")
                    elif kind == "matching":
                        await pilot.press("a")
                    elif kind == "multiple_choice":
                        await pilot.press("space")
                    elif kind in ("single_choice", "true_false"):
                        await pilot.press("a")  # nothing is chosen until the trainee chooses
                    elif kind == "ordering":
                        await pilot.press("shift+down")  # an order left as shown is asked about first
                    marks.update(armed=True, key=None, drawn=None)
                    await pilot.press("enter")
                    await pilot.wait_for_scheduled_animations()
                    marks["armed"] = False
                    if marks["key"] is not None and marks["drawn"] is not None:
                        latencies.append(marks["drawn"] - marks["key"])
                    await pilot.press("enter")  # next question
                    await pilot.pause()
                # Back to the course map, as a trainee does, so finished screens are let go.
                if isinstance(app.screen, QuizScreen):
                    app.pop_screen()
                elif isinstance(app.screen, ResultsScreen):
                    await pilot.press("escape")
                await pilot.pause()
    finally:
        events.Key.__init__ = key_init  # type: ignore[method-assign]
        App._display = display  # type: ignore[method-assign]
        store.close()
    return latencies


def print_table(figures: list[Figure]) -> None:
    print(f"{'figure':52} {'value':>9} {'unit':14} {'target':>9}  ok")
    for figure in figures:
        mark = "" if figure.ok is None else ("yes" if figure.ok else "NO")
        print(f"{figure.name:52} {figure.value:9.2f} {figure.unit:14} {figure.target:>9}  {mark}")
        for key, value in figure.detail.items():
            if key != "ratios":
                print(f"    {key}: {value:.3f}" if isinstance(value, float) else f"    {key}: {value}")


def main() -> int:
    if sys.argv[1:2] == ["class"]:  # python -m benchmarks class [--quick]: the training room on PostgreSQL
        from benchmarks.classroom import main as class_main

        return class_main(sys.argv[2:])
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and a 1,000-question course (for CI)")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json", help="where to write the JSON")
    args = parser.parse_args()
    figures = Suite(args.quick).run()
    print_table(figures)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "quick": args.quick,
                "python": sys.version.split()[0],
                "figures": [figure.__dict__ for figure in figures],
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every benchmark in one run, one table: `bench/run` (or `python bench/runner.py`).

    bench/run [--runs N] [--sizes 10000,100000] [--quick] [--no-write]

Each figure is measured beside its baseline in the same run (a bare Textual app, termdown,
`python -c pass`) or against an absolute target the issue set, and gets a verdict. The table
is printed and written into BENCHMARKS.md (between the `bench/run` markers) with the date and
the machine. `--quick` runs everything at a tiny size (the smoke test does; it writes
nothing).

Start-up is measured as a person meets it: the app's own bytecode compiled (as an install
leaves it), each app in a pseudo-terminal, timed from spawn until the text that marks its
state reaches the terminal: for coretimer, the home screen filled (routines listed, the
history's line in the streak box).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from common import first_frame  # noqa: E402 (bench/ is on sys.path)

PYTHON = sys.executable


@dataclass
class Row:
    what: str
    figure: str
    ratio: float | None
    """Against the baseline (or the absolute target's unit); None where there is none."""
    target: str
    ok: bool | None
    """None: not measured here (a tool missing), said in `figure`."""

    def cells(self) -> list[str]:
        verdict = {True: "pass", False: "MISS", None: "-"}[self.ok]
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}x"
        return [self.what, self.figure, ratio, self.target, verdict]


def ratio_row(what: str, ours: list[float], base: list[float], limit: float,
              base_name: str) -> Row:
    r = statistics.median(ours) / statistics.median(base)
    return Row(what, f"{statistics.median(ours) * 1000:.0f} ms", r,
               f"<= {limit:g}x {base_name}", r <= limit)


def ms_row(what: str, seconds: list[float], limit_ms: float) -> Row:
    ms = statistics.median(seconds) * 1000
    return Row(what, f"{ms:.0f} ms", None, f"< {limit_ms:g} ms", ms < limit_ms)


# --- histories ---------------------------------------------------------------------------------


def a_history(n: int, now: datetime) -> list[object]:
    """n sessions over the years before `now` (at most three a week for one person; a shared
    folder of a family or a clinic packs more into each day), an endurance test every 20th,
    pain now and then."""
    from coretimer.model.record import PainReport, SessionRecord, SetResult
    from coretimer.routine.files import discover

    foundations = next(r for r in discover(Path("/nonexistent")).offered
                       if r.id == "foundations").routine.exercises
    span = min(timedelta(days=3650), timedelta(days=7) * (n / 3 + 1))
    step = span / max(n, 1)
    out: list[object] = []
    for i in range(n):
        when = now - span + step * i
        if i % 20 == 0:
            routine, sets = "endurance-test-adapted", [
                SetResult(exercise="Front plank", exercise_id="front-plank", kind="hold",
                          set=1, target=None, achieved=60 + i % 30, completed=True),
                SetResult(exercise="Side plank", exercise_id="side-plank", kind="hold",
                          side="left", set=1, target=None, achieved=40 + i % 7,
                          completed=True),
                SetResult(exercise="Side plank", exercise_id="side-plank", kind="hold",
                          side="right", set=1, target=None, achieved=42 + i % 5,
                          completed=True),
                SetResult(exercise="Back-extensor hold", exercise_id="back-extensor-hold",
                          kind="hold", set=1, target=None, achieved=80 + i % 11,
                          completed=True)]
        else:
            routine = "foundations"  # its own exercises, two sets each
            sets = [SetResult(exercise=ex.name, exercise_id=ex.key, kind=ex.kind, set=k + 1,
                              target=float(ex.target or 10), achieved=float(8 + (i + k) % 15),
                              completed=True, level=ex.level, level_name=ex.level_name)
                    for ex in foundations for k in range(2)]
        pain = ([PainReport(at=when, exercise=sets[0].exercise, exercise_id=sets[0].exercise_id,
                            level=i % 6)] if i % 13 == 0 else [])
        out.append(SessionRecord(
            id=f"{when:%Y%m%dT%H%M%S}-{i:06d}", routine=routine, routine_name=routine,
            started_at=when, ended_at=when + timedelta(minutes=20), status="completed",
            baseline_pain=i % 4, sets=sets, pain=pain, next_morning="same"))
    return out


def fill(data: Path, n: int, now: datetime) -> None:
    """A data folder with n sessions, and the index the app leaves after its first start."""
    from coretimer.index.queries import load_summaries
    from coretimer.model.record import SessionRecord
    from coretimer.store.history import Store, session_bytes

    folder = data / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    for record in a_history(n, now):
        assert isinstance(record, SessionRecord)
        (folder / f"{record.id}.json").write_bytes(session_bytes(record))
    old = time.time() - 60  # as files are some time after they were written
    for path in folder.iterdir():
        os.utime(path, (old, old))
    load_summaries(Store(data))


def arrive(data: Path, k: int, now: datetime) -> None:
    """A new session arrives by sync (its file keeps the other machine's time)."""
    from coretimer.model.record import SessionRecord
    from coretimer.store.history import session_bytes

    when = now - timedelta(minutes=30 - k % 20)
    record = SessionRecord(id=f"synced-{k}", routine="foundations",
                           routine_name=f"Arrived by sync {k}", started_at=when,
                           ended_at=when + timedelta(minutes=20), status="completed")
    path = data / "sessions" / f"{record.id}.json"
    path.write_bytes(session_bytes(record))
    old = time.time() - 3600
    os.utime(path, (old, old))


#: When the memory on home is read: after the routines are read in full and every history
#: file has been checked (a second or so after home is filled; at 100,000 sessions listing
#: the folder takes longer on a slow machine: read well after the load has ended).
MEMORY_AFTER = 5.0

# --- start-up ------------------------------------------------------------------------------------


def startup(runs: int, sizes: list[int], work: Path, env: dict[str, str],
            now: datetime) -> tuple[list[Row], dict[int, Path]]:
    config = work / "config"
    config.mkdir()
    (config / "settings.json").write_text('{"safety_notice_acknowledged": true}')
    env = {**env, "CORETIMER_CONFIG_DIR": str(config),
           "CORETIMER_CACHE_DIR": str(work / "cache")}
    folders = {0: work / "empty"}
    for n in sizes:
        folders[n] = work / f"h{n}"
        fill(folders[n], n, now)
    bare = [PYTHON, str(HERE / "bare_app.py")]

    def ours(data: Path) -> list[str]:
        return [PYTHON, "-m", "coretimer", "--data-dir", str(data)]

    first_frame(bare, b"bare app ready", env)  # warm the file cache
    for n, data in folders.items():  # each has been opened before, as a person's has
        first_frame(ours(data), b"No sessions yet" if n == 0 else b"Last:", env)
    base: list[float] = []
    times: dict[int, list[float]] = {n: [] for n in folders}
    memory: dict[int, list[int]] = {n: [] for n in folders}
    synced: list[float] = []
    sync_size = 10_000 if 10_000 in sizes else (sizes[0] if sizes else 0)
    if sync_size:  # a folder of its own: each arrival changes it
        import shutil

        shutil.copytree(folders[sync_size], work / "synced")
    for k in range(runs):  # alternate, so that all see the same machine state
        base.append(first_frame(bare, b"bare app ready", env)[0])
        for n, data in folders.items():
            marker = b"No sessions yet" if n == 0 else b"Last:"
            times[n].append(first_frame(ours(data), marker, env)[0])
        if sync_size:
            arrive(work / "synced", k, now)
            synced.append(first_frame(ours(work / "synced"),
                                      f"Arrived by sync {k}".encode(), env)[0])
    for n, data in folders.items():  # once settled: the routines read, every file checked
        marker = b"No sessions yet" if n == 0 else b"Last:"
        for _ in range(min(runs, 3)):
            memory[n].append(first_frame(ours(data), marker, env, settle=MEMORY_AFTER)[1])
    targets = {0: 1.5, 1_000: 1.5, 10_000: 1.6, 100_000: 2.0}
    rows = [Row("bare Textual app, first frame", f"{statistics.median(base) * 1000:.0f} ms",
                1.0, "baseline", None)]
    for n in sorted(folders):
        what = "home filled, empty history" if n == 0 else f"home filled, {n:,} sessions"
        rows.append(ratio_row(what, times[n], base, targets.get(n, 2.0), "bare"))
    if synced:
        rows.append(ratio_row(f"first frame after a session arrived by sync ({sync_size:,})",
                              synced, base, 2.0, "bare"))
    rows.append(Row("memory on home, empty history",
                    f"{statistics.median(memory[0]) / 1024:.0f} MB", None, "baseline", None))
    memory_targets = {10_000: 1.5, 100_000: 2.0}  # (100,000: issue 26)
    for n in sorted(sizes):
        r = statistics.median(memory[n]) / statistics.median(memory[0])
        most = memory_targets.get(n)
        rows.append(Row(f"memory on home, {n:,} sessions",
                        f"{statistics.median(memory[n]) / 1024:.0f} MB", r,
                        f"<= {most:g}x empty history" if most else "(no target)",
                        r <= most if most else None))
    return rows, folders


def help_rows(runs: int, env: dict[str, str]) -> list[Row]:
    from startup import wall

    script = str(Path(PYTHON).parent / "coretimer")
    passes, helps = [], []
    wall([PYTHON, "-c", "pass"], env)
    for _ in range(runs * 3):
        passes.append(wall([PYTHON, "-c", "pass"], env))
        helps.append(wall([script, "--help"], env))
    return [ratio_row("coretimer --help", helps, passes, 2.0, "python -c pass")]


def due_rows(runs: int, env: dict[str, str], data: Path, n: int, work: Path) -> list[Row]:
    """`coretimer due` as a shell prompt runs it (issue 27): the plan says every day, the
    index and the routine cards are warm (the prompt ran before)."""
    import subprocess

    from startup import wall

    def timed_due() -> float:  # (exit 1 is "nothing due": not a failure)
        start = time.perf_counter()
        done = subprocess.run(due, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert done.returncode in (0, 1) and not done.stderr, done.stderr
        return time.perf_counter() - start

    config = work / "due-config"
    config.mkdir(exist_ok=True)
    (config / "settings.json").write_text('{"plan": {"days": ["daily"], "time": "06:00"}}')
    env = {**env, "CORETIMER_CONFIG_DIR": str(config), "CORETIMER_CACHE_DIR": str(work / "cache"),
           "CORETIMER_DATA_DIR": str(data)}
    due = [str(Path(PYTHON).parent / "coretimer"), "due"]
    timed_due()  # (the routine cards and the index as a prompt leaves them)
    wall([PYTHON, "-c", "pass"], env)
    passes, dues = [], []
    for _ in range(runs * 3):
        passes.append(wall([PYTHON, "-c", "pass"], env))
        dues.append(timed_due())
    return [ratio_row(f"coretimer due, {n:,} sessions", dues, passes, 1.5, "python -c pass")]


# --- in a session ------------------------------------------------------------------------------


def session_rows(quick: bool) -> list[Row]:
    import shutil

    rows: list[Row] = []
    if shutil.which("tmux") is None:
        return [Row("in a session (tmux)", "not measured: tmux is not installed", None, "",
                    None)]
    from common import percentile
    from from_the_mat import cpu_side_by_side
    from session import pain_latency

    if shutil.which("termdown") is None and not (Path(PYTHON).parent / "termdown").exists():
        rows.append(Row("CPU while a hold counts (80x24)",
                        "not measured: termdown is not installed (pip install -e '.[bench]')",
                        None, "<= 1x termdown", None))
        rows.append(Row("CPU while a paced rep animates (80x24)",
                        "not measured: termdown is not installed (pip install -e '.[bench]')",
                        None, "<= 1.2x termdown", None))
    else:
        os.environ["PATH"] = f"{Path(PYTHON).parent}:{os.environ['PATH']}"
        app, termdown, _ = cpu_side_by_side(3.0 if quick else 30.0, (80, 24))
        r = app / termdown if termdown else float("inf")
        rows.append(Row("CPU while a hold counts (80x24)",
                        f"{app:.2f}% vs {termdown:.2f}% of a core", r, "<= 1x termdown",
                        r <= 1.0))
        app, termdown, _ = cpu_side_by_side(3.0 if quick else 30.0, (80, 24), reps=True)
        r = app / termdown if termdown else float("inf")
        rows.append(Row("CPU while a paced rep animates (80x24)",
                        f"{app:.2f}% vs {termdown:.2f}% of a core", r, "<= 1.2x termdown",
                        r <= 1.2))
    ms = [v * 1000 for v in pain_latency(3 if quick else 30)]
    p99 = percentile(ms, 0.99)
    rows.append(Row("pain key -> report fsynced (tmux)",
                    f"median {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms", None,
                    "p99 <= 50 ms", p99 <= 50))
    return rows


# --- the store and the rest of the path ----------------------------------------------------------


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # imports and caches that a running app has already paid for
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def path_rows(data: Path, n: int, repeat: int) -> list[Row]:
    from coretimer import cli
    from coretimer.coaching.comparison import compare
    from coretimer.coaching.pain_weeks import exercise_pain, pain_climbing
    from coretimer.coaching.progression import at_levels_done, suggest
    from coretimer.coaching.records_needed import history_for
    from coretimer.coaching.stats import all_stats
    from coretimer.index.database import index_path, remove
    from coretimer.index.queries import load_summaries, read_record
    from coretimer.routine.files import discover
    from coretimer.store.history import Store

    store = Store(data)
    summaries = load_summaries(store)
    today = datetime.now().astimezone().date()
    now = datetime.now(UTC)

    def records() -> list[object]:
        return [r for s in summaries.sessions if (r := read_record(store, s)) is not None]

    def quiet(argv: list[str]) -> Callable[[], object]:
        def run() -> object:
            with contextlib.redirect_stdout(io.StringIO()):
                return cli.main(["--data-dir", str(data), *argv])
        return run

    loaded = next(r for r in discover(Path("/nonexistent")).offered if r.id == "foundations")
    rows = [
        ms_row(f"store: full load of {n:,} sessions", timed(
            lambda: store.load(recover=False), max(1, repeat // 2)), 1000),
        ms_row(f"store: load through the index, {n:,}", timed(
            lambda: load_summaries(store), repeat), 100),
    ]
    rows.append(ms_row(f"store: index rebuilt from nothing, {n:,}", [
        timed(lambda: (remove(index_path(data)), load_summaries(store)), 1)[0]], 2000))
    def stats_screen() -> object:  # the app has the summaries: each carries its best sets
        return all_stats(summaries.sessions, today, 3)

    newest = max(summaries.sessions, key=lambda s: s.started_at)
    finished = read_record(store, newest)

    def summary_compare() -> object:  # the session just finished against the summaries
        assert finished is not None
        return compare(finished, summaries.sessions)

    def progression() -> object:  # the full records it needs, and the summaries
        history = history_for(loaded.id, loaded.routine, summaries.sessions,
                              lambda s: read_record(store, s), now)
        return (at_levels_done(loaded.routine, history, now),
                suggest(loaded.id, loaded.routine, history, now,
                        pain_history=summaries.sessions),
                exercise_pain(history, now), pain_climbing(summaries.sessions, now))

    rows += [
        ms_row(f"stats --json, {n:,} sessions", timed(quiet(["stats", "--json"]), repeat), 150),
        ms_row(f"stats screen, {n:,} sessions", timed(stats_screen, repeat), 150),
        ms_row(f"summary of a finished session, {n:,}", timed(summary_compare, repeat), 150),
        ms_row(f"preview's progression, {n:,}", timed(progression, repeat), 150),
        ms_row(f"history --limit 20, {n:,} sessions",
               timed(quiet(["history", "--limit", "20"]), repeat), 100),
    ]
    sample = store.load(recover=False).sessions[0]
    small = Store(data.parent / "one-session")
    saves = timed(lambda: small.save(sample), repeat)
    big = timed(lambda: store.save(sample), repeat)
    rows.append(Row(f"store: save one session, {n:,} beside it",
                    f"{statistics.median(big) * 1000:.2f} ms",
                    statistics.median(big) / statistics.median(saves),
                    "<= 1.5x into an empty store",
                    statistics.median(big) <= 1.5 * statistics.median(saves)))

    return rows


# --- coaching: a year of training ---------------------------------------------------------------


def coaching_rows(quick: bool) -> list[Row]:
    """Issue 22's simulation (bench/coaching.py): a year of three sessions a week."""
    from coaching import AT_CAP, run

    weeks, seeds = (8, 1) if quick else (52, 5)
    rows: list[Row] = []
    for rid in ("foundations", "big-three", "endurance"):
        r = run(rid, weeks, seeds)
        what = f"coaching, {rid} ({seeds} x {weeks} weeks, 3/week)"
        firsts = [v for v in r.first_up.values() if v != AT_CAP]
        never = [k for k, v in r.first_up.items() if v is None]
        first = max((v for v in firsts if v is not None), default=0)
        rows.append(Row(f"{what}: first step up", "never: " + ", ".join(never) if never else
                        f"by its session {first}, every exercise", None,
                        "by the 4th session", not never and first <= 4))
        for label, caps in (("clean", r.cap_weeks), ("1-2/10 every other week",
                                                      r.low_cap_weeks)):
            missing = [k for k, v in caps.items() if v is None]
            slowest = max(((v, k) for k, v in caps.items() if v is not None), default=(0, ""))
            rows.append(Row(f"{what}: weeks to every cap, {label}",
                            "never: " + ", ".join(missing) if missing else
                            f"{slowest[0]:.1f} wk at most ({slowest[1]})", None,
                            "every cap reached", not missing))
        rows.append(Row(f"{what}: step ups within 7 days after a stop for pain",
                        f"{r.ups_after_stops} after {r.stops} stops", None, "0, ever",
                        r.ups_after_stops == 0))
    return rows


# --- the table ---------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    head = ["what", "figure", "ratio", "target", "verdict"]
    cells = [head] + [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
             for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    from importlib.metadata import version

    import textual  # noqa: F401 (its version is what is reported)

    return (f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"Textual {version('textual')}, {platform.system()} {platform.release()}")


BEGIN, END = "<!-- bench/run: begin -->", "<!-- bench/run: end -->"


def write_benchmarks(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    old = path.read_text()
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + block + old[old.index(END) + len(END):]
    else:
        title, _, rest = old.partition("\n")
        new = f"{title}\n\n{block}\n{rest}"
    path.write_text(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run")
    parser.add_argument("--runs", type=int, default=11, help="start-ups of each app")
    parser.add_argument("--sizes", default="10000,1000,100000",
                        help="history sizes for the start-up (the first is also used for "
                        "the rest of the path)")
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and one run of each: checks that they all still run")
    parser.add_argument("--no-write", action="store_true", help="leave BENCHMARKS.md alone")
    parser.add_argument("--only", choices=("startup", "help", "session", "path", "due",
                                                    "coaching"),
                        help="one part (BENCHMARKS.md is then left alone)")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x]
    runs, repeat = args.runs, 9  # (medians: this machine moves by 5-10% between runs)
    if args.quick:
        sizes, runs, repeat = [50], 1, 1
    started = time.perf_counter()
    compileall.compile_dir(str(ROOT / "src" / "coretimer"), quiet=1)  # as an install has it
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(TERM="xterm-256color", TEXTUAL_ANIMATIONS="none")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # The indexes of the histories below are kept here, in this process too (as the
        # apps it starts keep them), never in the user's own cache folder.
        os.environ["CORETIMER_CACHE_DIR"] = str(work / "cache")
        now = datetime.now(UTC)
        part = args.only
        folders: dict[int, Path] = {}
        if part in (None, "startup"):
            start_rows, folders = startup(runs, sizes, work, env, now)
            rows += start_rows
        if part in (None, "help"):
            rows += help_rows(runs, env)
        if part in (None, "session"):
            rows += session_rows(args.quick)
        rest = sizes[0] if sizes else 0
        if part in (None, "path") and rest:
            if rest not in folders:
                folders[rest] = work / f"h{rest}"
                fill(folders[rest], rest, now)
            rows += path_rows(folders[rest], rest, repeat)
        if part in (None, "due") and rest:
            if rest not in folders:
                folders[rest] = work / f"h{rest}"
                fill(folders[rest], rest, now)
            rows += due_rows(runs, env, folders[rest], rest, work)
        if part in (None, "coaching"):
            rows += coaching_rows(args.quick)
    took = time.perf_counter() - started
    text = (f"`bench/run{' ' + ' '.join(argv or sys.argv[1:]) if (argv or sys.argv[1:]) else ''}`"
            f" on {datetime.now().astimezone():%Y-%m-%d}, {machine()}; "
            f"the whole run took {took:.0f} s.\n\n{table(rows)}")
    print(text)
    if not args.no_write and not args.quick and args.only is None:
        write_benchmarks(text)
    misses = [r for r in rows if r.ok is False]
    print(f"\n{len(misses)} of {sum(r.ok is not None for r in rows)} targets missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

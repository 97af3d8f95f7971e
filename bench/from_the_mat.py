"""Following a session from the mat: CPU of the big clock with speech on against termdown, and
how late a phase change reaches the screen and the speaker.

1. CPU while a hold counts down, coretimer (block clock, breathing bar, voice on) against
   termdown (the `bench` extra: `pip install '.[bench]'`) counting down at the same terminal size,
   both running side by side in tmux in this one run. CPU is the process's own time plus its
   reaped children's (the speech processes), from /proc. Target: coretimer <= termdown.
2. Phase-change latency: a routine of short holds and rests runs in tmux, with a stand-in
   `espeak-ng` and `paplay` first on PATH that log the moment they start (`date`, so a few ms
   of shell start-up are included). The true boundary is the session's start (from its saved
   record) plus the phase plan's offsets. For every boundary: when the new banner reached the
   terminal (tmux pipe-pane, timestamped as it arrives) and when the tone and the speech
   process started. Target: p99 <= 50 ms.

    .venv/bin/python bench/from_the_mat.py [--seconds 30] [--size 80x24] [--sets 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from common import Tmux, percentile

PYTHON = sys.executable
OWN_PERCENT = 0.0  # coretimer's own process, without the speech processes
TERMDOWN = shutil.which("termdown") or str(Path(PYTHON).with_name("termdown"))


def cpu_seconds(pid: int, *, children: bool = True) -> float:
    """CPU time of a process, in seconds: its threads' run time as the scheduler accounts it
    (/proc/PID/task/*/schedstat, in nanoseconds: a process that wakes for a millisecond a
    second is charged exactly, not a whole clock tick or nothing as utime and stime are),
    plus, with `children`, the reaped children's cutime and cstime (clock ticks)."""
    total = 0.0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):  # a thread that just ended
            continue
    if children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += sum(int(fields[i]) for i in (13, 14)) / os.sysconf("SC_CLK_TCK")
    return total


def app_command(tmp: Path, routine: str, *, voice: bool, path: str | None = None) -> str:
    config = tmp / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.json").write_text(json.dumps(
        {"safety_notice_acknowledged": True, "sound": True, "voice": voice}))
    routine_path = tmp / "bench.toml"
    routine_path.write_text(routine)
    env = (f"CORETIMER_CONFIG_DIR={config} CORETIMER_CACHE_DIR={tmp / 'cache'} "
           f"TERM=xterm-256color")
    if path is not None:
        env += f" PATH={path}"
    return (f"echo $$ > {tmp / 'pid'}; exec env {env} {PYTHON} -m coretimer "
            f"--data-dir {tmp / 'data'} run {routine_path}")


def reps_routine(seconds: float) -> str:
    """Paced bird dogs (lift 1 s, hold 1 s, lower 1 s) for longer than `seconds` and the
    start-up: the bird dog's figure moves through every lift and lower."""
    reps = int(seconds) // 3 + 10
    return ('name = "Reps"\nget_ready = 1\n\n[[exercises]]\nname = "Bird dog"\n'
            f'kind = "reps"\nreps = {reps}\ntempo = 2\nrep_hold = 1\n'
            'cues = ["Reach long, hips level", "Pause and breathe"]\n')


def cpu_side_by_side(seconds: float, size: tuple[int, int], *, reps: bool = False
                     ) -> tuple[float, float, str]:
    """CPU % of one core for coretimer and termdown over the same `seconds` of a countdown:
    coretimer in a hold, or with `reps` in paced reps whose figure moves (`reps_routine`)."""
    # The measured window starts 3 s into the hold and ends before its 3-2-1; "Halfway" is
    # spoken inside it.
    hold = int(seconds) + 10
    routine = ('name = "Hold"\nget_ready = 1\n\n[[exercises]]\nname = "Long plank"\n'
               f'kind = "hold"\nhold = {hold}\n'
               'cues = ["Brace, then keep breathing", "Lower back stays flat"]\n')
    if reps:
        routine = reps_routine(seconds)
    working = ("LIFT", "HOLD", "LOWER") if reps else ("WORK",)
    tmux = Tmux()
    w, h = str(size[0]), str(size[1])
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            tmux("new-session", "-d", "-s", "ct", "-x", w, "-y", h,
                 f"sh -c '{app_command(tmp, routine, voice=True)}'")
            tmux.wait_for(target="ct", text="How is your back right now?")
            tmux("send-keys", "-t", "ct", "Enter")
            tmux.wait_for(target="ct", text=working[0])
            app_pid = int((tmp / "pid").read_text())
            tmux("new-session", "-d", "-s", "td", "-x", w, "-y", h,
                 f"sh -c 'echo $$ > {tmp / 'tdpid'}; exec {TERMDOWN} {hold}'")
            deadline = time.monotonic() + 10
            while not (tmp / "tdpid").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(3)  # both past their start-up
            td_pid = int((tmp / "tdpid").read_text())
            own0 = cpu_seconds(app_pid, children=False)
            a0, t0, d0 = cpu_seconds(app_pid), time.monotonic(), cpu_seconds(td_pid)
            time.sleep(seconds)
            a1, t1, d1 = cpu_seconds(app_pid), time.monotonic(), cpu_seconds(td_pid)
            own1 = cpu_seconds(app_pid, children=False)
            global OWN_PERCENT
            OWN_PERCENT = 100 * (own1 - own0) / (t1 - t0)
            screen = tmux.screen("ct")
            assert any(word in screen for word in working), screen
            speech = shutil.which("espeak-ng") or shutil.which("spd-say") or "none installed"
            return 100 * (a1 - a0) / (t1 - t0), 100 * (d1 - d0) / (t1 - t0), speech
    finally:
        tmux("kill-server")


STAND_IN = """#!/bin/sh
echo "$(date +%s.%N) {name} $*" >> {log}
"""


def boundaries_latency(sets: int, size: tuple[int, int]) -> dict[str, list[float]]:
    """Delays (ms) after each phase boundary: on screen, tone started, speech started."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from coretimer.model.routine import Routine
    from coretimer.routine.plan import PhaseKind, build_plan

    text = ('name = "Boundaries"\nget_ready = 2\n\n[[exercises]]\nname = "Plank"\n'
            f'kind = "hold"\nhold = 2\nsets = {sets}\nrest = 1\n')
    import tomllib

    plan = build_plan(Routine.model_validate(tomllib.loads(text)))
    offsets, at = [], 0.0
    for spec in plan:
        offsets.append((at, spec.kind))
        at += spec.duration or 0.0
    labels = {PhaseKind.GET_READY: "GET READY", PhaseKind.WORK: "WORK", PhaseKind.REST: "REST"}
    tmux = Tmux()
    delays: dict[str, list[float]] = {"screen": [], "tone": [], "speech": []}
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            bin_dir = tmp / "bin"
            bin_dir.mkdir()
            log = tmp / "spawned.log"
            for name in ("espeak-ng", "paplay"):
                stand_in = bin_dir / name
                stand_in.write_text(STAND_IN.format(name=name, log=log))
                stand_in.chmod(0o755)
            path = f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}"
            tmux("new-session", "-d", "-s", "ct", "-x", str(size[0]), "-y", str(size[1]),
                 f"sh -c '{app_command(tmp, text, voice=True, path=path)}'")
            tmux.wait_for(target="ct", text="How is your back right now?")
            # Everything the app writes to its terminal, timestamped as it arrives.
            stream = tmp / "stream"
            stream.touch()
            tmux("pipe-pane", "-t", "ct", "-o", f"cat >> {stream}")
            tmux("send-keys", "-t", "ct", "Enter")
            seen: list[tuple[float, str]] = []
            read = 0
            pending = b""
            end = time.time() + at + 15
            with stream.open("rb") as out:
                while time.time() < end:
                    chunk = out.read()
                    now = time.time()
                    if not chunk:
                        time.sleep(0.0005)
                        continue
                    read += len(chunk)
                    text = pending + chunk
                    for label in ("GET READY", "WORK", "REST"):
                        if label.encode() in text:
                            seen.append((now, label))
                    pending = text[-16:]
                    if b"work time" in text:  # the summary
                        break
            journal = next((tmp / "data" / "sessions").glob("*.json"), None)
            record = json.loads(journal.read_text()) if journal else None
            assert record is not None, "the session was not saved"
            start = datetime.fromisoformat(record["started_at"]).timestamp()
            truth = [(start + off, labels[kind]) for off, kind in offsets]
            # The screen: match each boundary to the first drawing of its label after it. The
            # first boundary is the session screen's first frame, reported on its own.
            first = [t for t, lbl in seen if lbl == truth[0][1] and t >= truth[0][0] - 0.2]
            if first:
                delays["first frame"] = [1000 * (first[0] - truth[0][0])]
            for when, label in truth[1:]:
                after = [t for t, lbl in seen if lbl == label and t >= when - 0.2]
                if after:
                    delays["screen"].append(1000 * (after[0] - when))
            spawned = [line.split(" ", 2) for line in log.read_text().splitlines()]
            for kind, name, key in (("tone", "paplay", None), ("speech", "espeak-ng", None)):
                del key
                times = [float(t) for t, who, _ in spawned if who == name]
                for when, _label in truth:
                    after = [t for t in times if t >= when - 0.2]
                    if after:
                        delays[kind].append(1000 * (after[0] - when))
    finally:
        tmux("kill-server")
    return delays


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--sets", type=int, default=20)
    parser.add_argument("--only", choices=("cpu", "latency"), help="run one of the two parts")
    args = parser.parse_args()
    size = tuple(int(x) for x in args.size.split("x"))
    assert len(size) == 2
    if not Path(TERMDOWN).exists():
        sys.exit("termdown is not installed: .venv/bin/pip install -e '.[bench]'")

    if args.only != "latency":
        cpu_part(args.seconds, args.size, (size[0], size[1]))
    if args.only != "cpu":
        latency_part(args.sets, (size[0], size[1]))


def cpu_part(seconds: float, name: str, size: tuple[int, int]) -> None:
    app, termdown, speech = cpu_side_by_side(seconds, size)
    print(f"CPU while a hold counts down, {name}, {seconds:.0f} s side by side "
          f"(speech: {speech})")
    print(f"  coretimer  {app:5.2f}% of one core (block clock, breathing bar, voice on; "
          f"{OWN_PERCENT:.2f}% the app, the rest speech)")
    print(f"  termdown   {termdown:5.2f}% of one core")
    print(f"  ratio      {app / termdown if termdown else float('inf'):.2f}x   target <= 1x")


def latency_part(sets: int, size: tuple[int, int]) -> None:
    delays = boundaries_latency(sets, size)
    print(f"\nphase change -> on screen / tone / speech started ({sets} sets of a 2 s "
          "hold and a 1 s rest)")
    first = delays.pop("first frame", [])
    for kind, values in delays.items():
        if not values:
            print(f"  {kind:7} no samples")
            continue
        print(f"  {kind:7} n={len(values):3}  median {statistics.median(values):6.1f} ms   "
              f"p99 {percentile(values, 0.99):6.1f} ms   max {max(values):6.1f} ms   "
              "target p99 <= 50 ms")
    if first:
        print(f"  (the session screen's first frame, after Enter at the check-in: "
              f"{first[0]:.0f} ms; not a phase change)")


if __name__ == "__main__":
    main()

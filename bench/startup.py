"""Start-up benchmarks, measured the same way for coretimer and its baselines in one run.

1. Time to first frame: each app is started in a pseudo-terminal (100x32) and timed until the
   text of its first frame reaches the terminal: `coretimer` (the home screen's frame) against
   a bare Textual app with one Static and a Footer (bench/bare_app.py). Target: <= 1.3x.
   Also reported: time until the home screen is filled (routines validated, history loaded),
   which happens right after the first frame.
2. `coretimer --help` (the console script, and `python -m coretimer`) against `python -c pass`.
   Target: <= 2x.

    .venv/bin/python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
sys.path.insert(0, str(HERE))

from common import first_frame  # noqa: E402 (bench/ is on sys.path)


def wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    return time.perf_counter() - start


def summary(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return f"median {statistics.median(ms):7.1f} ms   min {ms[0]:7.1f} ms   max {ms[-1]:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config"
        config.mkdir()
        (config / "settings.json").write_text('{"safety_notice_acknowledged": true}')
        env = {**os.environ, "TERM": "xterm-256color", "CORETIMER_CONFIG_DIR": str(config),
               "CORETIMER_DATA_DIR": str(Path(tmp) / "data"), "TEXTUAL_ANIMATIONS": "none"}
        coretimer = [PYTHON, "-m", "coretimer"]
        bare = [PYTHON, str(HERE / "bare_app.py")]
        # Warm the file cache once, then alternate so both see the same machine state.
        first_frame(coretimer, b"Streak", env)[0]
        first_frame(bare, b"bare app ready", env)[0]
        ours, base, filled = [], [], []
        for _ in range(runs):
            ours.append(first_frame(coretimer, b"Streak", env)[0])
            base.append(first_frame(bare, b"bare app ready", env)[0])
            filled.append(first_frame(coretimer, b"Back-safe foundations", env)[0])
        ratio = statistics.median(ours) / statistics.median(base)
        print(f"time to first frame ({runs} runs each, 100x32 pty)")
        print(f"  bare Textual app   {summary(base)}")
        print(f"  coretimer          {summary(ours)}")
        print(f"  ratio (medians)    {ratio:.2f}x   target <= 1.3x")
        print(f"  home filled        {summary(filled)}   "
              f"({statistics.median(filled) / statistics.median(base):.2f}x)")

        script = str(Path(PYTHON).parent / "coretimer")
        helps, module_helps, passes = [], [], []
        wall([PYTHON, "-c", "pass"], env)
        for _ in range(runs * 2):
            passes.append(wall([PYTHON, "-c", "pass"], env))
            helps.append(wall([script, "--help"], env))
            module_helps.append(wall([*coretimer, "--help"], env))
        base_ms = statistics.median(passes)
        print(f"\n`coretimer --help` against `python -c pass` ({runs * 2} runs each)")
        print(f"  python -c pass                 {summary(passes)}")
        print(f"  coretimer --help               {summary(helps)}   "
              f"{statistics.median(helps) / base_ms:.2f}x   target <= 2x")
        print(f"  python -m coretimer --help     {summary(module_helps)}   "
              f"{statistics.median(module_helps) / base_ms:.2f}x")


if __name__ == "__main__":
    main()

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
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def first_frame(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 10) -> float:
    """Seconds from spawn until `marker` appears in what the program writes to the terminal."""
    import fcntl
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
    start = time.perf_counter()
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if fd in ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                seen += chunk
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{marker!r} never appeared from {argv}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


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
        first_frame(coretimer, b"Streak", env)
        first_frame(bare, b"bare app ready", env)
        ours, base, filled = [], [], []
        for _ in range(runs):
            ours.append(first_frame(coretimer, b"Streak", env))
            base.append(first_frame(bare, b"bare app ready", env))
            filled.append(first_frame(coretimer, b"Back-safe foundations", env))
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

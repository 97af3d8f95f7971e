"""The benchmarks cannot rot: `bench/run --quick` runs every one of them at a tiny size.

This checks that they run and report every row, never their figures: performance is measured
by `bench/run` itself (BENCHMARKS.md), not by timed assertions in tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ROWS = ("bare Textual app, first frame", "home filled, empty history", "home filled, 50 sessions",
        "first frame after a session arrived by sync", "memory on home, 50 sessions",
        "coretimer --help", "CPU while a hold counts",
        "CPU while a paced rep animates", "pain key -> report fsynced",
        "store: full load of 50 sessions", "store: load through the index",
        "store: index rebuilt from nothing", "store: save one session", "stats --json",
        "stats screen", "summary of a finished session", "preview's progression",
        "history --limit 20", "coaching, foundations", "coaching, big-three",
        "coaching, endurance")


def test_every_benchmark_runs_at_a_tiny_size() -> None:
    before = (ROOT / "BENCHMARKS.md").read_bytes()
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "runner.py"), "--quick"],
                            capture_output=True, text=True, timeout=600, check=False,
                            env={**os.environ, "PATH": f"{Path(sys.executable).parent}:"
                                 f"{os.environ.get('PATH', '')}"})
    assert result.returncode == 0, result.stderr[-3000:]
    table = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    for row in ROWS:
        found = [line for line in table if line.startswith(f"| {row}")]
        assert found, f"no row {row!r} in:\n{result.stdout}"
        cells = [c.strip() for c in found[0].strip("|").split("|")]
        # A figure, or (without tmux or termdown here) why there is none.
        assert any(ch.isdigit() for ch in cells[1]) or cells[1].startswith("not measured: "), (
            found[0])
    assert (ROOT / "BENCHMARKS.md").read_bytes() == before  # --quick writes nothing

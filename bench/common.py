"""What the benchmarks share: a private tmux server to run coretimer in, and percentiles."""

from __future__ import annotations

import subprocess
import time
import uuid


class Tmux:
    """A tmux server of its own (killed with `tmux("kill-server")`); windows are named."""

    def __init__(self, target: str = "b") -> None:
        self.socket = f"coretimer-bench-{uuid.uuid4().hex[:8]}"
        self.target = target

    def __call__(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=False).stdout

    def screen(self, target: str | None = None) -> str:
        return self("capture-pane", "-p", "-t", target or self.target)

    def wait_for(self, text: str, timeout: float = 20.0, target: str | None = None) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen(target):
                return
            time.sleep(0.02)
        raise RuntimeError(f"{text!r} never appeared:\n{self.screen(target)}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

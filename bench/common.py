"""What the benchmarks share: a private tmux server, the time to an app's first frame in a
pseudo-terminal, and percentiles."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import struct
import subprocess
import time
import uuid
from pathlib import Path


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


def first_frame(argv: list[str], marker: bytes, env: dict[str, str],
                timeout: float = 60, settle: float = 0.0) -> tuple[float, int]:
    """Seconds from spawn until `marker` reaches the terminal, and the process's resident
    memory (kB) `settle` seconds later (0: not measured)."""
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
                    seen += os.read(fd, 65536)
                except OSError:
                    break
                if marker in seen:
                    took = time.perf_counter() - start
                    end = time.perf_counter() + settle
                    while time.perf_counter() < end:  # keep the terminal drained
                        if select.select([fd], [], [], 0.05)[0]:
                            with contextlib.suppress(OSError):
                                os.read(fd, 65536)
                    return took, rss_kb(pid) if settle else 0
        raise RuntimeError(f"{marker!r} never appeared from {argv}: {seen[-400:]!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0

"""SIGKILL a real coretimer at random moments of a session: every set it had written is still
there afterwards, and every file is valid JSON.

The normal run does 20 kills; the slow tier (`pytest -m slow`) does 200.
"""

from __future__ import annotations

import json
import os
import pty
import random
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROUTINE = 'name = "Kill test"\nget_ready = 0\nrest_between_exercises = 0\n' + "".join(
    f'\n[[exercises]]\nname = "Plank {i}"\nkind = "hold"\nhold = 2\nsets = 20\nrest = 0\n'
    for i in range(4))


class Pty:
    """A real coretimer in a pseudo-terminal, its output drained by a thread."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        import fcntl
        import termios

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
        self.output = b""
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, text: bytes, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared")
            time.sleep(0.01)

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        self._reader.join(timeout=5)


def complete_entries(journal: Path) -> list[dict[str, object]]:
    """The journal's whole lines: what the app had made durable."""
    data = journal.read_bytes()
    return [json.loads(line) for line in data[: data.rfind(b"\n") + 1].splitlines()]


def kill_many(tmp_path: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    data, config = tmp_path / "data", tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text('{"safety_notice_acknowledged": true}')
    routine = tmp_path / "kill.toml"
    routine.write_text(ROUTINE)
    env = {**os.environ, "TERM": "xterm-256color", "CORETIMER_CONFIG_DIR": str(config),
           "TEXTUAL_ANIMATIONS": "none"}
    argv = [sys.executable, "-m", "coretimer", "--data-dir", str(data), "run", str(routine)]
    expected: dict[str, list[dict[str, object]]] = {}  # session id -> sets written before kill
    finished: set[str] = set()

    for _ in range(kills):
        journals_before = set((data / "journal").glob("*.jsonl"))
        app = Pty(argv, env)
        if rng.random() < 0.15:  # die during start-up (and the recovery it does)
            time.sleep(rng.uniform(0, 0.4))
            app.kill()
        else:
            app.wait_for(b"How is your back")
            os.write(app.fd, b"\r")
            deadline = time.monotonic() + 10
            while not (set((data / "journal").glob("*.jsonl")) - journals_before):
                assert time.monotonic() < deadline, "the session never started a journal"
                time.sleep(0.005)
            (journal,) = set((data / "journal").glob("*.jsonl")) - journals_before
            # Keep it writing: each `s` (skip) records a set at once, so kills land among writes.
            until = time.monotonic() + rng.uniform(0, 1.5)
            while time.monotonic() < until:
                os.write(app.fd, b"s")
                time.sleep(rng.uniform(0.005, 0.05))
            try:
                entries = complete_entries(journal)
            except FileNotFoundError:  # it finished first: its session file was written
                entries = None
            app.kill()
            if entries is None:
                done = json.loads((data / "sessions" / f"{journal.stem}.json").read_bytes())
                expected[journal.stem] = done["sets"]
                finished.add(journal.stem)
                continue
            session_id = str(entries[0]["id"])
            expected[session_id] = [
                {k: v for k, v in e.items() if k != "type"} for e in entries
                if e["type"] == "set"]

        out = subprocess.run([sys.executable, "-m", "coretimer", "--data-dir", str(data),
                              "history", "--json"], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        assert "warning" not in out.stderr, out.stderr
        history = {s["id"]: s for s in json.loads(out.stdout)}
        for session_id, sets in expected.items():
            assert session_id in history, f"session {session_id} lost"
            got = history[session_id]["sets"]
            assert got[: len(sets)] == sets, f"sets lost in {session_id}"
            assert history[session_id]["status"] == (
                "completed" if session_id in finished else "interrupted")

    for path in (data / "sessions").iterdir():
        json.loads(path.read_bytes())  # every file is valid JSON
    assert not list((data / "journal").glob("*.jsonl"))
    assert not (data / "quarantine").exists()
    assert len(expected) >= kills // 2


def test_sigkill_at_random_points_loses_nothing(tmp_path: Path) -> None:
    kill_many(tmp_path, kills=10, seed=1)  # a sample: the slow tier kills 200 times


@pytest.mark.slow
def test_sigkill_200_times_loses_nothing(tmp_path: Path) -> None:
    kill_many(tmp_path, kills=200, seed=2)

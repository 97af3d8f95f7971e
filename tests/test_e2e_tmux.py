"""End to end in a real terminal (tmux), in real time, as a person would use coretimer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from coretimer.store.history import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux is not installed on this machine")

SHORT = '''\
name = "Two minute check"
get_ready = 2
rest_between_exercises = 2

[[exercises]]
name = "Front plank"
kind = "hold"
hold = 6
cues = ["Brace, then keep breathing"]

[[exercises]]
name = "Bird dog"
kind = "reps"
reps = 3
tempo = 1
'''


class Terminal:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=False).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "ct")

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared. Screen:\n{self.screen()}")

    def wait_gone(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never went away. Screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "ct", *keys)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    routine = tmp_path / "short.toml"
    routine.write_text(SHORT)
    term = Terminal(f"coretimer-test-{uuid.uuid4().hex[:8]}")
    yield term, routine
    term.tmux("kill-server")


def from_pain_stop_to_exit(term: Terminal) -> None:
    """From the pain-stop screen: the summary, home, then quit."""
    term.keys("Enter")
    term.wait_for("work time")  # the summary (the stop screen says "stopped for pain" too)
    term.keys("Enter")
    term.wait_for("Last done")  # home (the summary shows the routine name too)
    term.keys("q")
    term.wait_for("EXIT=0")


def launch(term: Terminal, tmp_path: Path, routine: Path, *, first_run: bool = True,
           size: tuple[int, int] = (100, 32)) -> Path:
    """Start `coretimer run` in tmux. Unless `first_run`, the safety notice was seen before
    and the session is started straight away with no baseline."""
    data, config = tmp_path / "data", tmp_path / "config"
    if not first_run:
        config.mkdir(exist_ok=True)
        (config / "settings.json").write_text('{"safety_notice_acknowledged": true}')
    pid_file = tmp_path / "pid"
    # (under pytest the pane's environment may say COLUMNS=80 and LINES=24, which the app
    # would take over the pane's real size)
    command = (f"echo $$ > {pid_file}; exec env -u COLUMNS -u LINES "
               f"CORETIMER_CONFIG_DIR={config} "
               f"CORETIMER_CACHE_DIR={tmp_path / 'cache'} "
               f"TERM=xterm-256color {sys.executable} -m coretimer --data-dir {data} "
               f"run {routine}")
    term.tmux("new-session", "-d", "-s", "ct", "-x", str(size[0]), "-y", str(size[1]),
              f"sh -c '{command}'; echo EXIT=$?; sleep 60")
    if not first_run:
        term.wait_for("How is your back right now?")
        term.keys("Enter")
    return data


def history(data: Path) -> list[dict[str, object]]:
    out = subprocess.run([sys.executable, "-m", "coretimer", "--data-dir", str(data), "history",
                          "--json"], capture_output=True, text=True, check=True).stdout
    result: list[dict[str, object]] = json.loads(out)
    return result


def test_a_short_routine_with_a_pain_report(terminal: tuple[Terminal, Path],
                                            tmp_path: Path) -> None:
    term, routine = terminal
    data = launch(term, tmp_path, routine)
    term.wait_for("not a medical device")
    term.keys("Enter")
    term.wait_for("How is your back right now? 0–10")
    term.keys("1", "Enter")
    term.wait_for("GET READY")
    term.wait_for("WORK")
    screen = term.wait_for("Breathe")
    assert "Front plank" in screen and "hold" in screen
    time.sleep(1.5)
    term.keys("p")
    term.wait_for("How bad? 0–10")
    term.keys("3", "Enter")  # 2 above the baseline of 1: a spike
    screen = term.wait_for("Session stopped for pain")
    assert "pain reported during Front plank: 3/10" in screen
    from_pain_stop_to_exit(term)

    (session,) = history(data)
    assert session["status"] == "stopped_for_pain" and session["baseline_pain"] == 1
    assert session["routine_name"] == "Two minute check"
    (cut,) = session["sets"]  # type: ignore[misc]
    assert cut["exercise"] == "Front plank" and cut["completed"] is False
    assert 1.0 <= cut["achieved"] < 6.0
    (pain,) = session["pain"]  # type: ignore[misc]
    assert pain["level"] == 3 and pain["exercise"] == "Front plank"


def test_sigterm_saves_the_session_and_restores_the_terminal(
    terminal: tuple[Terminal, Path], tmp_path: Path
) -> None:
    term, routine = terminal
    data = launch(term, tmp_path, routine, first_run=False)
    term.wait_for("WORK", timeout=10)
    time.sleep(1)
    pid = int((tmp_path / "pid").read_text())
    os.kill(pid, 15)
    screen = term.wait_for("EXIT=")
    assert "EXIT=0" in screen
    assert "WORK" not in screen  # the alternate screen is gone: the terminal is back
    (session,) = history(data)
    assert session["status"] == "interrupted"


def test_closing_the_terminal_keeps_the_session(terminal: tuple[Terminal, Path],
                                                tmp_path: Path) -> None:
    term, routine = terminal
    data = launch(term, tmp_path, routine, first_run=False)
    term.wait_for("exercise 2 of 2", timeout=20)  # the plank is done
    term.tmux("kill-session", "-t", "ct")  # SIGHUP
    deadline = time.monotonic() + 10
    sessions: list[dict[str, object]] = []
    while time.monotonic() < deadline:
        sessions = history(data)
        if sessions and sessions[0]["status"] == "interrupted":
            break
        time.sleep(0.2)
    (session,) = sessions
    assert session["status"] == "interrupted"
    assert session["sets"][0] == {  # type: ignore[index]
        "exercise": "Front plank", "kind": "hold", "side": None, "set": 1, "target": 6.0,
        "achieved": 6.0, "completed": True, "skipped": False, "ended_by": "time",
        "exercise_id": "front-plank", "level": None, "level_name": None}


# The short routine with a longer hold: long enough to open help in the middle of it.
HELP_ROUTINE = SHORT.replace('"Two minute check"', '"Help check"').replace(
    "hold = 6", "hold = 8")


def test_help_stops_the_clock_and_p_works_with_help_open(
        terminal: tuple[Terminal, Path], tmp_path: Path) -> None:
    term, _ = terminal
    routine = tmp_path / "help-check.toml"
    routine.write_text(HELP_ROUTINE)
    data = launch(term, tmp_path, routine, first_run=False)
    term.wait_for("WORK", timeout=10)
    work_began = time.monotonic()
    time.sleep(2)
    term.keys("?")
    term.wait_for("this help (the clock stops")
    time.sleep(4)  # the 8 s hold would end behind help if its clock ran on
    term.keys("Escape")
    screen = term.wait_gone("this help (the clock stops")
    assert "WORK" in screen and "REST" not in screen
    term.wait_for("REST", timeout=15)
    # Help was open for 4 s of the hold: it ends about 12 s after it began, not 8.
    assert time.monotonic() - work_began >= 11.0

    term.wait_for("Bird dog", timeout=10)
    term.keys("?")
    term.wait_for("this help (the clock stops")
    term.keys("p")
    term.wait_for("How bad? 0–10")
    (journal,) = (data / "journal").glob("*.jsonl")
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    assert entries[-1]["type"] == "pain" and entries[-1]["level"] is None
    term.keys("8", "Enter")
    term.wait_for("Session stopped for pain")
    from_pain_stop_to_exit(term)
    (session,) = history(data)
    assert session["status"] == "stopped_for_pain"
    assert [p["level"] for p in session["pain"]] == [8]  # type: ignore[index, union-attr]


CLOSE_ROUTINE = '''\
name = "Close check"
get_ready = 1

[[exercises]]
name = "Front plank"
kind = "hold"
hold = 2
'''


def _gone(pid: int, within: float) -> bool:
    """The process has ended: no such process, or every one of its threads a zombie (ended,
    the exit status not yet collected by a parent: it holds no lock and runs nothing).

    The main thread alone being a zombie is not enough: it turns into one as soon as it exits,
    while the process's other threads may still be finishing a write and still hold its files,
    the app lock among them."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except FileNotFoundError:
            return True
        states = []
        for task in tasks:
            try:
                states.append((task / "status").read_text())
            except (FileNotFoundError, ProcessLookupError):
                continue  # that thread has just ended
        if all("\nState:\tZ" in status or "\nState:\tX" in status for status in states):
            return True
        time.sleep(0.05)
    return False


def close_repeatedly(term: Terminal, tmp_path: Path, closes: int) -> None:
    """Start a 3-second session and close the terminal: every fourth time mid-hold, the other
    times at the instant the finished session is saved (the summary is being drawn). No
    coretimer process may be left 3 s after a close: one left behind holds the app lock, and
    every later start would say "another coretimer is open"."""
    routine = tmp_path / "close.toml"
    routine.write_text(CLOSE_ROUTINE)
    left: list[int] = []
    for i in range(closes):
        data = launch(term, tmp_path, routine, first_run=False)
        pid = int((tmp_path / "pid").read_text())
        if i % 4 == 0:
            term.wait_for("WORK", timeout=15)
            time.sleep(0.4)
        else:
            term.wait_for("Home", timeout=15)  # the summary's footer: just saved
        term.tmux("kill-session", "-t", "ct")  # SIGHUP, as closing a terminal window does
        if not _gone(pid, 3.0):
            left.append(i)
            os.kill(pid, 9)
            _gone(pid, 3.0)  # so the next start is not refused by the one left behind
        assert Store(data).hold_app_lock() is not None, f"close {i}: the app lock is held"
    assert left == [], f"processes left behind after closes {left}"


def test_closing_the_terminal_never_leaves_a_process(terminal: tuple[Terminal, Path],
                                                      tmp_path: Path) -> None:
    term, _ = terminal
    close_repeatedly(term, tmp_path, 4)  # a sample: the slow tier closes 20 times


@pytest.mark.slow
def test_closing_the_terminal_twenty_times(terminal: tuple[Terminal, Path],
                                           tmp_path: Path) -> None:
    term, _ = terminal
    close_repeatedly(term, tmp_path, 20)


def read_big_digits(screen: str) -> tuple[str, int] | None:
    """The number drawn in block digits on a captured screen, and how many rows tall it is,
    or None. Finds the block of rows made of block characters, then the value and scale that
    draw exactly those rows."""
    from coretimer.ui.widgets.blockfont import Scale, render

    # (the exercise's figure beside the clock is braille: not part of the digits)
    rows = ["".join(c for c in line if not "\u2800" <= c <= "\u28ff").strip()
            for line in screen.splitlines()]
    is_block = [bool(r) and set(r) <= set("█▀▄ ") for r in rows]
    blocks: list[list[str]] = []
    for i, block in enumerate(is_block):
        if block and (i == 0 or not is_block[i - 1]):
            blocks.append([])
        if block:
            blocks[-1].append(rows[i])
    values = [str(n) for n in range(100)] + [f"{m}:{s:02d}" for m in range(1, 3)
                                              for s in range(60)]
    for found in sorted(blocks, key=len, reverse=True):
        for half_rows in (2 * len(found) // 5, 2 * len(found) // 5 + 1):
            for cols in range(1, half_rows + 1):
                scale = Scale(half_rows, cols)
                if half_rows < 1 or scale.height() != len(found):
                    continue
                for value in values:
                    if [line.strip() for line in render(value, scale)] == found:
                        return value, len(found)
    return None


def test_the_big_clock_reads_across_the_room_in_a_real_terminal(
        terminal: tuple[Terminal, Path], tmp_path: Path) -> None:
    """At 80x24 the hold's seconds are drawn in block digits at least 7 rows tall, and they
    count down."""
    term, routine = terminal
    launch(term, tmp_path, routine, first_run=False, size=(80, 24))
    first = read_big_digits(term.wait_for("seconds left in the hold"))
    time.sleep(2.1)
    second = read_big_digits(term.wait_for("seconds left in the hold"))
    assert first is not None and second is not None, term.screen()
    assert first[1] >= 7 and second[1] >= 7
    assert 1 <= int(second[0]) < int(first[0]) <= 6
    term.keys("q")
    term.wait_for("End the session now?")

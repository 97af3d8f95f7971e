"""A week of training in a real terminal under faketime (issue 22): Monday 07:00, Wednesday
19:30, Friday 12:00, then Monday 18:00, all clean. Each open asks about the last session's
morning, whatever the gap, and the Monday preview suggests a step up. The same run with a
stop for pain on Friday suggests none on Monday."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_e2e_tmux import Terminal, history

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(shutil.which("faketime") is None,
                       reason="faketime is not installed (Debian: apt install faketime)"),
]

ROUTINE = '''\
name = "Morning plank"
get_ready = 2
rest_between_exercises = 0

[[exercises]]
name = "Front plank"
id = "front-plank"
kind = "hold"
hold = 6
cues = ["Brace, then keep breathing"]
'''

#: The fake clock runs this many times faster than the real one (a session of ~10 s takes
#: ~1 s); coretimer measures every phase from the clock, so nothing is cut short.
SPEED = 10


class Terminals(Terminal):
    """A terminal that is a new tmux server at every open (a server that lives on from the
    last open may create the next window at its default size, 80x24)."""

    def __init__(self) -> None:
        super().__init__(f"coretimer-weeks-{uuid.uuid4().hex[:8]}")

    def fresh(self) -> None:
        self.tmux("kill-server")
        self.socket = f"coretimer-weeks-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def term() -> Iterator[Terminals]:
    t = Terminals()
    yield t
    t.tmux("kill-server")


def open_at(term: Terminals, root: Path, data: Path, when: str, *,
            speed: int = SPEED) -> None:
    """`coretimer run` at a faked local time (TZ=UTC), in a fresh tmux server, its clock
    running `speed` times faster than the real one. A session to stop for pain runs at the
    real speed: the hold is done at the dose last done (6 s, whatever the routine's file
    says), which at 10x lasts 0.6 s, too short to be seen and stopped on a busy machine."""
    config = root / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.json").write_text('{"safety_notice_acknowledged": true}')
    routine = root / "plank.toml"
    routine.write_text(ROUTINE)
    term.fresh()
    # (under pytest the pane's environment says COLUMNS=80 and LINES=24, which the app would
    # take over the pane's real size)
    command = (f"exec env -u COLUMNS -u LINES TZ=UTC CORETIMER_CONFIG_DIR={config} "
               f"CORETIMER_CACHE_DIR={root / 'cache'} TERM=xterm-256color "
               f"faketime -f '@{when} x{speed}' {sys.executable} -m coretimer "
               f"--data-dir {data} run {routine}")
    term.tmux("new-session", "-d", "-s", "ct", "-x", "100", "-y", "50",
              f"sh -c \"{command}\"; echo EXIT=$?; sleep 60")


def answer_the_morning(term: Terminal, day: str) -> None:
    screen = term.wait_for("How did your back feel the morning after", timeout=30)
    assert f"the morning after {day}'s session" in " ".join(screen.split()), screen
    term.keys("b")
    term.wait_for("And your back this morning")
    term.keys("Enter")
    term.wait_gone("And your back this morning")


def train(term: Terminal, *, stop_for_pain: bool = False) -> None:
    """Check in at 1/10 and do the session; or report a 6/10 during the hold."""
    term.wait_for("How is your back right now?", timeout=30)
    term.keys("1", "Enter")
    if stop_for_pain:
        term.wait_for("WORK", timeout=30)
        term.keys("p")
        term.wait_for("How bad")
        term.keys("6", "Enter")
        term.wait_for("Session stopped for pain")
        term.keys("Enter")
    term.wait_for("work time", timeout=60)  # the summary
    term.keys("Enter")
    term.wait_for("Last done")  # home
    term.keys("q")
    term.wait_for("EXIT=0")


def preview_on_monday(term: Terminals, root: Path, data: Path, expect: str) -> str:
    """The Monday preview once it shows `expect` (the suggestions follow the answer)."""
    open_at(term, root, data, "2026-12-07 18:00:00")
    answer_the_morning(term, "Friday")
    term.wait_for("How is your back right now?")
    screen = term.wait_for(expect)
    term.keys("Escape")
    term.wait_for("Last done")
    term.keys("q")
    term.wait_for("EXIT=0")
    return " ".join(screen.split())


def test_three_times_a_week_at_any_hour_steps_up_and_a_stop_holds_it(
        term: Terminals, tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_at(term, tmp_path, data, "2026-11-30 07:00:00")  # Monday morning
    train(term)
    open_at(term, tmp_path, data, "2026-12-02 19:30:00")  # Wednesday evening: 60 h later
    answer_the_morning(term, "Monday")
    train(term)
    copy = tmp_path / "copy"
    shutil.copytree(data, copy / "data")
    open_at(term, tmp_path, data, "2026-12-04 12:00:00")  # Friday noon
    answer_the_morning(term, "Wednesday")
    train(term)
    monday = preview_on_monday(term, tmp_path, data, "Step up: Front plank 6 → 11 s")
    assert "No step up" not in monday, monday

    # The same Friday, with pain (at the real speed: under way long enough to be stopped)
    open_at(term, copy, copy / "data", "2026-12-04 12:00:00", speed=1)
    answer_the_morning(term, "Wednesday")
    train(term, stop_for_pain=True)
    monday = preview_on_monday(term, copy, copy / "data",
                               "No step up for now: you stopped Friday's session for pain")
    assert "Step up" not in monday, monday

    # (to the hour: the faked clock runs ten times faster, so a start that is slow on a busy
    # machine begins the session a minute or more after the time it was opened at)
    statuses = [(str(s["started_at"])[:13], s["status"], s["next_morning"])
                for s in history(data)]
    assert statuses == [
        ("2026-12-04T12", "completed", "better"),
        ("2026-12-02T19", "completed", "better"),
        ("2026-11-30T07", "completed", "better")], statuses
    assert history(copy / "data")[0]["status"] == "stopped_for_pain"


def test_faketime_moves_the_clock_coretimer_reads() -> None:
    """The fake clock reaches Python as the test above needs it to."""
    out = subprocess.run(["faketime", "-f", "@2026-11-30 07:00:00 x5", sys.executable, "-c",
                          "import datetime; print(datetime.datetime.now().date())"],
                         capture_output=True, text=True, check=True, env={"TZ": "UTC"})
    assert out.stdout.strip() == "2026-11-30"

"""A newcomer's first screens in a real terminal (tmux), at 80×24 and 60×20 (issue 25): the
safety notice shows its pain line and how to go on without scrolling; every dose of every
shipped routine reads whole in the preview; the check-in's question, scale, entry and keys
stay in view."""

from __future__ import annotations

import re
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from coretimer.model.routine import Routine
from coretimer.routine.files import load_routine_file, shipped_dir
from coretimer.text.present import SCALE_ANCHORS
from coretimer.ui.screens.preview import CHECKIN_HINT, CHECKIN_QUESTION
from tests.test_e2e_tmux import Terminal

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux is not installed on this machine")

SIZES = [(80, 24), (60, 20)]

#: Every safety point of the first-run notice, as a newcomer reads it.
SAFETY_POINTS = (
    "not a medical device",
    "Stop straight away if you feel sharp pain, pain that spreads into a leg, numbness, "
    "tingling or weakness.",
    "If your back pain persists or keeps coming back, see a clinician.",
    "Get urgent care today for new numbness around the groin or inner thighs, new trouble "
    "with your bladder or bowels, or leg weakness that is getting worse.",
    "After back surgery or a recent injury, get a clinician's go-ahead before you start.",
    "A working muscle burn is fine. Back pain is the signal to stop.",
    "stop before pain starts",
)
PAIN_LINE = "Press p at any moment in a session to report pain: the clock stops at once."
GO_ON = "Press Enter to continue."

#: What a table's scrollbar is drawn with (never part of a dose).
SCROLLBAR = "▁▂▃▄▅▆▇█▉▊▋▌▍▎▏▔▕"


@pytest.fixture
def term() -> Iterator[Terminal]:
    terminal = Terminal(f"coretimer-newcomer-{uuid.uuid4().hex[:8]}")
    yield terminal
    terminal.tmux("kill-server")


def start(term: Terminal, tmp_path: Path, size: tuple[int, int], *args: str,
          acknowledged: bool = True) -> None:
    """`coretimer ARGS` in a fresh tmux pane of `size`, with no history. Unless
    `acknowledged`, it is the first run: the safety notice comes first."""
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    if acknowledged:
        (config / "settings.json").write_text('{"safety_notice_acknowledged": true}')
    # (under pytest the pane's environment may say COLUMNS and LINES: the app would take
    # them over the pane's real size)
    command = (f"exec env -u COLUMNS -u LINES CORETIMER_CONFIG_DIR={config} "
               f"CORETIMER_CACHE_DIR={tmp_path / 'cache'} TERM=xterm-256color "
               f"{sys.executable} -m coretimer --data-dir {tmp_path / 'data'} {' '.join(args)}")
    term.tmux("new-session", "-d", "-s", "ct", "-x", str(size[0]), "-y", str(size[1]),
              f"sh -c '{command}'; echo EXIT=$?; sleep 60")


def settled(term: Terminal, text: str, timeout: float = 15.0) -> str:
    """The pane once `text` is on it and it has stopped changing (the first frames may still
    be laid out again)."""
    screen = term.wait_for(text, timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.2)
        again = term.screen()
        if again == screen:
            return screen
        screen = again
    raise AssertionError(f"the pane never settled:\n{screen}")


def box(screen: str, inside: str) -> list[str]:
    """The rows inside the box drawn around the first row that holds `inside` (or whose top
    border holds it, as a title), without the box's sides."""
    rows = screen.splitlines()
    row = next(i for i, line in enumerate(rows) if inside in line)
    column = rows[row].index(inside)
    for top in range(row, -1, -1):
        for edge in re.finditer(r"╭[^╭╮]*╮", rows[top]):
            if edge.start() < column and edge.end() >= column + len(inside):
                left, right = edge.start(), edge.end() - 1
                inner = []
                for line in rows[top + 1:]:
                    if len(line) <= left or line[left] != "│":
                        break
                    inner.append(line[left + 1:right])
                return inner
    raise AssertionError(f"no box around {inside!r}:\n{screen}")


def words(lines: list[str]) -> str:
    """Lines read as running text: a sentence wrapped across them is whole again."""
    return " ".join(" ".join(lines).split())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_safety_notice_shows_the_pain_key_and_how_to_go_on(
        term: Terminal, tmp_path: Path, size: tuple[int, int]) -> None:
    start(term, tmp_path, size, "run", "foundations", acknowledged=False)
    screen = settled(term, "Before you start")
    notice = words(box(screen, "Before you start"))
    assert PAIN_LINE in notice, screen
    assert GO_ON in notice, screen
    for point in SAFETY_POINTS:  # all of them, on the first screen
        assert point in notice, (point, screen)
    assert "⏎ I understand" in screen.rstrip("\n").splitlines()[-1]
    term.keys("Enter")
    term.wait_for(CHECKIN_QUESTION)


def shipped() -> dict[str, Routine]:
    return {r.name: r for r in (load_routine_file(p, source="shipped").routine
                                for p in sorted(shipped_dir().glob("*.toml")))}


def expected_rows(routine: Routine) -> list[tuple[str, str]]:
    """(exercise, dose) as the preview's table shows them with no history: an exercise that
    waits for another one's clean sessions is not offered yet, and has no dose today."""
    rows = []
    for ex in routine.exercises:
        if ex.offered_after is not None:
            rows.append((f"{ex.title} (not offered yet)", "—"))
        else:
            rows.append((ex.title + (" (optional)" if ex.optional else ""), ex.dose()))
    return rows


def table_rows(screen: str) -> dict[int, tuple[str, str]]:
    """The exercise table's rows on screen, by number: (exercise, dose), each read across
    the lines it wraps onto. A row cut off at the table's foot reads short."""
    rows = screen.splitlines()
    at = next(i for i, line in enumerate(rows) if re.search(r"#\s+Exercise\s.*Dose", line))
    header = rows[at]
    number, name, dose = header.index("#"), header.index("Exercise"), header.index("Dose")
    after = [m.start() for m in re.finditer(r"\S+", header) if m.start() > dose]
    columns = {"name": (name, header.index("Pain") if "Pain" in header else dose),
               "dose": (dose, after[0] if after else None)}
    found: dict[int, dict[str, list[str]]] = {}
    current = None
    for line in rows[at + 1:]:
        if len(line) <= number or line[number - 1] != " ":  # below the table
            break
        label = line[number:name].strip()
        if label.isdigit():
            current = int(label)
            found[current] = {"name": [], "dose": []}
        elif label:
            current = None  # a warm-up row
        if current is not None:
            for key, (begin, end) in columns.items():
                found[current][key].append(line[begin:end].rstrip(SCROLLBAR + " "))
    return {n: (words(cells["name"]), words(cells["dose"])) for n, cells in found.items()}


def title_of(screen: str, routines: dict[str, Routine]) -> str:
    for name in routines:
        if re.search(rf"^\s*{re.escape(name)} · \d+ exercise", screen, re.MULTILINE):
            return name
    raise AssertionError(f"no routine's name at the top:\n{screen}")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_dose_of_every_shipped_routine_reads_whole_in_the_preview(
        term: Terminal, tmp_path: Path, size: tuple[int, int]) -> None:
    routines = shipped()
    start(term, tmp_path, size)
    term.wait_for("Last done")
    seen: set[str] = set()
    for _ in routines:
        term.keys("v")  # the preview of the highlighted routine
        screen = settled(term, CHECKIN_QUESTION)
        name = title_of(screen, routines)
        expected = expected_rows(routines[name])
        whole: set[int] = set()
        for i, ex in enumerate(routines[name].exercises, start=1):
            if i > 1:
                term.keys("Down")
            screen = settled(term, f"{ex.title}: ")  # the details follow the highlight
            for n, shown in table_rows(screen).items():
                if shown == expected[n - 1]:
                    whole.add(n)
        cut = [(n, *expected[n - 1]) for n in range(1, len(expected) + 1) if n not in whole]
        assert not cut, (name, cut, screen)
        seen.add(name)
        term.keys("Escape")
        term.wait_for("Last done")
        term.keys("Down")
    assert seen == set(routines)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("routine_id", ["foundations", "endurance"])
def test_the_check_in_keeps_its_question_scale_entry_and_keys_in_view(
        term: Terminal, tmp_path: Path, size: tuple[int, int], routine_id: str) -> None:
    start(term, tmp_path, size, "run", routine_id)
    screen = settled(term, CHECKIN_QUESTION)
    routine = load_routine_file(shipped_dir() / f"{routine_id}.toml", source="shipped").routine
    # Nothing above it was scrolled away to make room: the name and the table's head show.
    assert re.search(rf"^\s*{re.escape(routine.name)} · ", screen, re.MULTILINE), screen
    assert re.search(r"#\s+Exercise\s", screen), screen
    check_in = box(screen, CHECKIN_QUESTION)  # the question inside it, or on its top border
    text = words(check_in)
    for part in (SCALE_ANCHORS, "--", CHECKIN_HINT):
        assert part in text, (part, screen)
    buttons = [t for line in check_in if line.split() and all(t.isdigit() for t in line.split())
               for t in line.split()]  # the numbers on the rows of the 0–10 buttons
    assert buttons == [str(n) for n in range(11)], screen
    keys = screen.rstrip("\n").splitlines()[-1]
    assert "⏎ Start" in keys and "esc Back" in keys, screen
    entry = [line.strip() for line in check_in].index("--")  # the number typed so far
    term.keys("4")
    screen = term.wait_gone("--")
    assert box(screen, CHECKIN_QUESTION)[entry].strip() == "4", screen


def test_the_pane_reads_as_a_newcomer_sees_it() -> None:
    """The helpers above read a captured pane as a person would."""
    pane = "\n".join([
        " ╭─ Before you start ─╮ ",
        " │ Press p at any     │ ",
        " │ moment.            │ ",
        " ╰────────────────────╯ ",
    ])
    assert words(box(pane, "Before you start")) == "Press p at any moment."
    table = "\n".join([
        "   #  Exercise        Pain  Dose           Rest",
        "   1  Drawing-in      —     10 reps @ 4 s  20 s",
        "      (abdominal            + 4 s hold",
        "      vacuum)",
        "   2  Brace           —     3 × 10 s ▅▅    15 s",
        "  Drawing-in (abdominal vacuum): Stand",
    ])
    assert table_rows(table) == {1: ("Drawing-in (abdominal vacuum)", "10 reps @ 4 s + 4 s hold"),
                                 2: ("Brace", "3 × 10 s")}

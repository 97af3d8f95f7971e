"""Issue 23: on a phone (through `coretimer serve`), a tablet and a terminal, every screen of a
session's way fits and its controls are big enough for a finger.

The page picks its font so the terminal is at least 40×20: a phone upright gets 40×29 to
44×38, one on its side 94×20, a tablet 68×43; the terminal sizes are checked too. "Fits": every
widget on the screen, within its parent, each text shown whole in the rows it has and no word
broken across lines (the name on home once came out one letter per line at 43 columns); only
what is inside a scrolling box (a long table, the cues) may need scrolling, never a screen's
buttons. "Big enough": 6 columns by 3 rows or more (44×44 CSS px, WCAG 2.5.5), Pain the
largest and as wide as the content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Footer, Static

from tests.helpers import sample_grid
from tests.scenarios import SCREENS, build_app

PHONES = [(40, 29), (40, 38), (42, 37), (44, 38), (94, 20)]
TABLET = [(68, 43)]
TERMINALS = [(60, 20), (80, 24), (120, 40)]
ALL_SIZES = PHONES + TABLET + TERMINALS
#: Every size runs in the slow tier (`-m slow`); the normal tier keeps one of each kind, so
#: the suite stays near five minutes: a phone upright and one on its side, a tablet, and the
#: terminals at both edges of the big-button rule. Matrices of screens and sizes keep a
#: sample in which every screen and every size is met (tests/helpers.sample_grid).
SAMPLE = {(40, 29), (94, 20), (68, 43), (60, 20), (80, 24)}
SIZES = [size if size in SAMPLE else pytest.param(size, marks=pytest.mark.slow)
         for size in ALL_SIZES]
#: Two of them, for a test of one flow: a phone upright and a short terminal.
PAIR = [size if size in {(40, 29), (60, 20)} else pytest.param(size, marks=pytest.mark.slow)
        for size in ALL_SIZES]
#: The one size where the session's buttons stay one row high: a short terminal, not a phone
#: (the clock needs those rows there, test_session_layout.py).
ONE_ROW_BUTTONS = {(60, 20)}

MEASURE = Console(width=1000, color_system=None)
FINGER_COLUMNS, FINGER_ROWS = 6, 3


def ids(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


def scrolls(widget: Widget, screen: Screen[object]) -> bool:
    """Whether the widget is inside a box that scrolls (a table, the cues, the key bar)."""
    return any(isinstance(a, (ScrollableContainer, DataTable)) and a is not screen
               for a in widget.ancestors)


def plain(widget: Static) -> str:
    shown = widget.render()
    return getattr(shown, "plain", str(shown))


def shown(widget: Widget) -> bool:
    return widget.display and widget.visible and all(
        a.display for a in widget.ancestors if isinstance(a, Widget))


def assert_fits(screen: Screen[object], size: tuple[int, int]) -> None:
    """Every widget of the screen inside the screen and its parent, every text whole."""
    whole = Region(0, 0, *size)
    for widget in screen.query("*"):
        if not shown(widget) or scrolls(widget, screen):
            continue
        region = widget.region
        if isinstance(widget, Static) and plain(widget).strip():
            assert region.area > 0, f"{widget!r} has no room: {region}"
        if not region.area:
            continue
        assert whole.contains_region(region), f"{widget!r} runs off {size}: {region}"
        parent = widget.parent
        if isinstance(parent, Widget) and parent is not screen and parent.region.area:
            assert parent.region.contains_region(region), (
                f"{widget!r} is cut by its parent {parent!r}: {region} in {parent.region}")
        if isinstance(widget, Button):
            label = str(widget.label)
            assert len(label) <= widget.content_size.width, (widget, label, region)
        elif isinstance(widget, Static) and not isinstance(widget, Footer):
            text = plain(widget)
            width = widget.content_size.width
            longest = max((len(w) for w in re.split(r"\s+", text)), default=0)
            assert longest <= width, f"{widget!r}: a word of {text!r} is broken at {width}"
            lines = len(Text(text).wrap(MEASURE, max(1, width)))
            assert lines <= widget.content_size.height, (
                f"{widget!r} needs {lines} rows for {text!r}, has {widget.content_size}")


def assert_finger_sized(button: Widget, *, rows: int = FINGER_ROWS) -> None:
    region = button.region
    assert region.width >= FINGER_COLUMNS and region.height >= rows, (button.id, region)


@pytest.mark.parametrize(("name", "size"), sample_grid(
    ["home", "home-months", "preview", "hold", "reps", "rest", "get-ready", "pain-prompt",
     "pain-stop", "summary", "next-morning", "next-morning-pain"], ALL_SIZES))
async def test_every_screen_fits(tmp_path: Path, name: str, size: tuple[int, int]) -> None:
    options, scenario = SCREENS[name]
    app, clock = build_app(tmp_path, **options)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await scenario(pilot, clock)
        await pilot.pause()
        assert_fits(app.screen, size)


@pytest.mark.parametrize("size", SIZES, ids=ids)
async def test_home_shows_the_routines_whole(tmp_path: Path, size: tuple[int, int]) -> None:
    """No column of the routine list is cut at the right edge."""
    app, clock = build_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await SCREENS["home"][1](pilot, clock)
        table = app.screen.query_one("#routines", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width, (
            table.virtual_size, table.scrollable_content_region)
        assert_fits(app.screen, size)


@pytest.mark.parametrize(("name", "size"), sample_grid(["hold", "reps", "rest"], ALL_SIZES,
                                                     per_row=2))
async def test_the_session_buttons_are_big_and_pain_the_biggest(
        tmp_path: Path, name: str, size: tuple[int, int]) -> None:
    options, scenario = SCREENS[name]
    app, clock = build_app(tmp_path, **options)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await scenario(pilot, clock)
        await pilot.pause()
        screen = app.screen
        rows = 1 if size in ONE_ROW_BUTTONS else FINGER_ROWS
        pain = screen.query_one("#touch-pain", Button)
        others = [screen.query_one(f"#touch-{key}", Button)
                  for key in ("toggle_pause", "done", "skip", "end")]
        for button in [pain, *others]:
            assert_finger_sized(button, rows=rows)
        help_button = screen.query_one("#touch-help", Button)
        for button in [*others, help_button]:
            assert pain.region.area > button.region.area, (pain.region, button.region)
            assert pain.region.width > button.region.width
        # As wide as the content: the touch box's width, all of it.
        touch = screen.query_one("#touch")
        assert pain.region.width == touch.content_region.width, (pain.region, touch)
        assert pain.region.width >= size[0] - 8
        # Never covered: nothing is drawn over it but the screen itself.
        x, y = pain.region.offset
        for dy in range(pain.region.height):
            for dx in range(pain.region.width):
                widget, _ = screen.get_widget_at(x + dx, y + dy)
                assert widget is pain, (dx, dy, widget)
        # The clock and the cue still show.
        assert screen.query_one("#clock").region.height >= 3
        assert screen.query_one("#cue").region.height >= 1


@pytest.mark.parametrize(("name", "size"), sample_grid(
    ["preview", "pain-prompt", "next-morning-pain"], ALL_SIZES, per_row=2))
async def test_every_zero_to_ten_button_is_big(tmp_path: Path, name: str,
                                               size: tuple[int, int]) -> None:
    options, scenario = SCREENS[name]
    app, clock = build_app(tmp_path, **options)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await scenario(pilot, clock)
        await pilot.pause()
        screen = app.screen
        regions = []
        for n in range(11):
            button = screen.query_one(f"#rate-{n}", Button)
            assert_finger_sized(button)
            assert Region(0, 0, *size).contains_region(button.region)
            regions.append(button.region)
        # None overlaps another: eleven separate targets.
        for i, a in enumerate(regions):
            for b in regions[i + 1:]:
                assert not a.overlaps(b), (a, b)


@pytest.mark.parametrize(("name", "buttons", "size"), sample_grid([
    ("pain-stop", ["#pain-stop-summary"]),
    ("summary", ["#summary-home"]),
    ("next-morning", ["#morning-better", "#morning-same", "#morning-worse", "#morning-skip"]),
], ALL_SIZES, per_row=2))
async def test_the_buttons_a_finger_needs_are_big(tmp_path: Path, name: str,
                                                  buttons: list[str],
                                                  size: tuple[int, int]) -> None:
    options, scenario = SCREENS[name]
    app, clock = build_app(tmp_path, **options)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await scenario(pilot, clock)
        await pilot.pause()
        for selector in buttons:
            button = app.screen.query_one(selector, Button)
            assert_finger_sized(button)
            assert Region(0, 0, *size).contains_region(button.region)


async def at_pain_choice(pilot, clock) -> None:  # type: ignore[no-untyped-def]
    """A low pain rating: that exercise is over, continue or end."""
    await SCREENS["hold"][1](pilot, clock)
    await pilot.press("p", "2", "enter")
    await pilot.pause()


@pytest.mark.parametrize("size", PAIR, ids=ids)
async def test_after_a_low_rating_continue_and_end_are_big(tmp_path: Path,
                                                          size: tuple[int, int]) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=size) as pilot:
        await at_pain_choice(pilot, clock)
        assert type(app.screen).__name__ == "PainNextChoice"
        assert_fits(app.screen, size)
        for selector in ("#pain-next-continue", "#pain-next-end"):
            button = app.screen.query_one(selector, Button)
            assert_finger_sized(button)
            assert Region(0, 0, *size).contains_region(button.region)
        await pilot.click("#pain-next-end")
        await pilot.pause()
        assert type(app.screen).__name__ == "SummaryScreen"


@pytest.mark.parametrize(("answer", "size"), sample_grid(["no", "yes"], ALL_SIZES, per_row=2))
async def test_end_asks_with_two_big_answers(tmp_path: Path, size: tuple[int, int],
                                             answer: str) -> None:
    """End, tapped on a phone with no keys, is answered by a tap too: Keep going goes back to
    the session, End it ends it."""
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=size) as pilot:
        await SCREENS["hold"][1](pilot, clock)
        await pilot.click("#touch-end")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmEnd"
        assert_fits(app.screen, size)
        for selector in ("#confirm-yes", "#confirm-no"):
            button = app.screen.query_one(selector, Button)
            assert_finger_sized(button)
            assert Region(0, 0, *size).contains_region(button.region)
        await pilot.click(f"#confirm-{answer}")
        await pilot.pause()
        expected = "SummaryScreen" if answer == "yes" else "SessionScreen"
        assert type(app.screen).__name__ == expected

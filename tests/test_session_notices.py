"""Notices never cover the clock or the pain key (issue 24). Textual's toasts sit in the top
right corner: "Another coretimer is already open", shown as a session started, covered the
corner of the big clock, and on a narrow terminal its digits. While a session runs, notices
go in a line of their own under the banner instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets._toast import Toast

from coretimer.store.history import Store
from coretimer.ui.app import CoretimerApp
from coretimer.ui.screens.session import SessionScreen
from tests.scenarios import advance, build_app, to_session

SIZES = [(60, 20), (80, 24), (120, 40), (40, 20)]


def drawn(widget: Widget) -> Region:
    """Where a widget is drawn on the screen (an empty region when it is not drawn)."""
    try:
        return widget.screen.find_widget(widget).region
    except Exception:  # not on the screen's map: not drawn
        return Region()


def notice_line(app: CoretimerApp, says: str) -> tuple[SessionScreen, Region]:
    """The session screen, and where its notice line is drawn, once it says `says`."""
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    line = screen.query_one("#session-notice")
    assert says in str(line.render())
    region = drawn(line)
    assert region.area
    return screen, region


def covered(app: CoretimerApp) -> list[str]:
    """The toasts drawn over the clock or the pain button."""
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    guarded = [drawn(screen.query_one("#clock")), drawn(screen.query_one("#touch-pain"))]
    assert all(region.area for region in guarded)
    return [str(toast.render()) for toast in screen.query(Toast)
            if any(drawn(toast).overlaps(region) for region in guarded)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_another_coretimer_open_never_covers_the_clock(tmp_path: Path,
                                                             size: tuple[int, int]) -> None:
    app, _ = build_app(tmp_path, start="quick")
    lock = Store(tmp_path / "data").hold_app_lock()  # the other coretimer
    assert lock is not None
    async with app.run_test(size=size, notifications=True) as pilot:
        await to_session(pilot)  # at once: the warning is still up
        await pilot.pause()
        assert app.another_instance
        assert covered(app) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_notice_during_a_session_has_a_line_of_its_own(tmp_path: Path,
                                                               size: tuple[int, int]) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=size, notifications=True) as pilot:
        await to_session(pilot)
        await advance(pilot, clock, 4)
        app.notify("Could not save to /data: [No space left on device]. The session goes on.",
                   severity="error", timeout=30, markup=False)
        await pilot.pause()
        screen, notice = notice_line(app, "No space left on device")
        for guarded in ("#clock", "#touch-pain"):
            assert not notice.overlaps(drawn(screen.query_one(guarded))), guarded
        assert covered(app) == []


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_rated_zero_notice_covers_neither_banner_clock_nor_pain(
        tmp_path: Path, size: tuple[int, int]) -> None:
    """Issue 25: "Rated 0: not counted as pain" covered the phase banner. It has the notice
    line, under the banner, and nothing it says is drawn over the banner, the clock or the
    pain key."""
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=size, notifications=True) as pilot:
        await to_session(pilot)
        await advance(pilot, clock, 4)
        await pilot.press("p", "0", "enter")  # pressed by mistake: the set goes on
        await pilot.pause()
        screen, notice = notice_line(app, "Rated 0: not counted as pain.")
        guarded = {name: drawn(screen.query_one(name))
                   for name in ("#phase-banner", "#clock", "#touch-pain")}
        for name, region in guarded.items():
            assert region.area, name
            assert not notice.overlaps(region), (name, notice, region)
        toasts = [drawn(toast) for toast in screen.query(Toast)]
        assert not [t for t in toasts if any(t.overlaps(r) for r in guarded.values())]
        await advance(pilot, clock, 2)  # the set goes on with the notice up
        assert "Rated 0" in str(screen.query_one("#session-notice").render())
        assert not drawn(screen.query_one("#session-notice")).overlaps(
            drawn(screen.query_one("#phase-banner")))

"""The exercise's figure on screen (issue 28): in the preview's details, beside the clock at
get-ready, moving with a paced rep's steps (lift, hold, lower), still through a hold, never a
redraw when nothing moved, and never in the clock's or the Pain button's way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widget import Widget

from coretimer.model.figure import step_poses
from coretimer.routine.poses import library
from coretimer.session.rules import Pacing
from coretimer.text.figure_art import braille
from coretimer.ui.screens.preview import PreviewScreen, preview_figure_width
from coretimer.ui.screens.session import SessionScreen, figure_width
from coretimer.ui.widgets.countdown import BigCountdown, BlockDigits
from coretimer.ui.widgets.figure import QUANTUM, FigureView, quantize
from tests import scenarios
from tests.scenarios import advance, build_app

BLANK = chr(0x2800)


def inside(widget: Widget, width: int, height: int) -> None:
    region = widget.region
    assert region.width > 0 and region.height > 0, f"{widget!r} has no room: {region}"
    assert region.right <= width and region.bottom <= height, (widget, region)


def drawn(view: FigureView) -> list[str]:
    """The figure's rows as shown, or [] when it is hidden."""
    return view.lines() if view.display and view.region.width else []


def only_braille(lines: list[str]) -> bool:
    return all(0x2800 <= ord(c) <= 0x28FF for line in lines for c in line)


# --- the pure parts ------------------------------------------------------------------------


def test_a_reps_steps_map_to_its_poses() -> None:
    bird = library()["bird-dog"]  # start, lift, end
    assert step_poses(bird, None) == (0, 0)
    assert step_poses(bird, "lift") == (0, 1)
    assert step_poses(bird, "hold") == (1, 1)
    assert step_poses(bird, "lower") == (1, 2)
    plank = library()["front-plank"]  # one pose: always still
    assert {step_poses(plank, s) for s in (None, "lift", "hold", "lower")} == {(0, 0)}


def test_the_figure_moves_in_a_handful_of_frames_a_step() -> None:
    pacing = Pacing()
    assert pacing.figure_frames(1.0) == 4
    assert pacing.figure_frames(0.1) == 1
    assert pacing.figure_frames(10.0) == pacing.figure_frames_most == QUANTUM
    assert {quantize(k / 40) for k in range(41)} == {k / QUANTUM for k in range(QUANTUM + 1)}


def test_the_figure_beside_the_clock_takes_only_what_the_digits_leave() -> None:
    # Wide: the digits keep their size, the figure takes at most its share.
    assert 14 <= figure_width(120, 20, "3", "10 second hold", ()) <= 48
    # A caption that takes the whole row: no figure (the caption would wrap).
    assert figure_width(80, 8, "3", "x" * 78, ()) == 0
    # Too narrow to spare a readable figure.
    assert figure_width(30, 8, "45", "", ()) == 0
    assert preview_figure_width(60, 20) == 0 and preview_figure_width(120, 40) >= 18


# --- on screen ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_preview_shows_the_highlighted_exercises_figure(
        tmp_path: Path, size: tuple[int, int]) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=size) as pilot:
        await scenarios.at_preview(pilot, clock)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        view = screen.query_one("#preview-figure", FigureView)
        plank = drawn(view)
        assert plank and only_braille(plank) and any(set(r) - {BLANK} for r in plank)
        inside(view, *size)
        await pilot.press("down")  # the bird dog: its top pose, arm and leg reaching
        await pilot.pause()
        bird = drawn(view)
        assert bird and bird != plank
        assert view.poses == (1, 1)
        await pilot.press("down")  # the glute bridge: its own figure
        await pilot.pause()
        bridge = drawn(view)
        assert bridge and bridge not in (plank, bird) and view.display
        view.show(None)  # an exercise with no figure draws nothing
        assert view.lines() == []


async def test_get_ready_shows_the_start_pose_beside_the_clock(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await scenarios.at_get_ready(pilot, clock)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        view = screen.query_one(FigureView)
        lines = drawn(view)
        assert lines and only_braille(lines)
        assert view.poses == (0, 0)
        plank = library()["front-plank"]
        assert lines == braille(plank, {j: plank.poses[0].at(j) for j in
                                        (*plank.poses[0].joints, "far_elbow", "far_hand",
                                         "far_knee", "far_foot")},
                                view.size.width, view.size.height)
        digits = screen.query_one(BlockDigits)
        assert view.region.x >= digits.region.right  # beside the digits, not over them


async def test_a_rep_moves_the_figure_and_its_hold_keeps_it_still(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bird dog (lift 1 s, hold 1 s, lower 1 s): the frames of the lift differ from
    each other and from the lower's; through the hold the figure stays as it is, and the
    widget is not refreshed at all."""
    refreshes: list[tuple[tuple[int, int], float]] = []
    original = FigureView.refresh

    def refresh(self: FigureView, *args: Any, **kwargs: Any) -> Any:
        refreshes.append((self.poses, self.fraction))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FigureView, "refresh", refresh)
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await scenarios.to_session(pilot)
        # The bird dog's work starts after the plank, its get-ready and 3 s of get-ready.
        await advance(pilot, clock, scenarios.PLANK_DONE + scenarios.GET_READY + 0.1)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        view = screen.query_one(FigureView)
        frames: dict[tuple[str | None, float], list[str]] = {}
        for _ in range(12):  # a rep in quarter seconds, ticked as the app's timer would
            await advance(pilot, clock, 0.25, step=0.25)
            v = screen.view
            assert v is not None
            frames[(v.rep_step, view.fraction)] = drawn(view)
        lifts = [lines for (step, _), lines in frames.items() if step == "lift"]
        lowers = [lines for (step, _), lines in frames.items() if step == "lower"]
        holds = [lines for (step, _), lines in frames.items() if step == "hold"]
        assert len({tuple(x) for x in lifts}) >= 3, "the lift moves in frames"
        assert len({tuple(x) for x in lowers}) >= 3, "so does the lower"
        assert len({tuple(x) for x in holds}) == 1, "the hold is still"
        # The lift goes up, the lower comes back down (the bird dog ends where it starts):
        # a quarter of the way up is three quarters of the way back.
        assert frames[("lift", 0.25)] != frames[("lower", 0.25)]
        assert frames[("lift", 0.25)] == frames[("lower", 0.75)]
        assert frames[("lift", 1.0)] == holds[0]  # the top of the lift is the hold's pose
        # Through the hold: ticks, and no refresh of the figure.
        await advance(pilot, clock, 1.1, step=0.25)  # the next rep's lift is done
        assert screen.view is not None and screen.view.rep_step == "hold"
        refreshes.clear()
        drawn_before = view.frames_drawn
        lines = drawn(view)
        await advance(pilot, clock, 0.6, step=0.1)
        assert screen.view is not None and screen.view.rep_step == "hold"
        assert refreshes == []
        assert drawn(view) == lines and view.frames_drawn == drawn_before


async def test_a_hold_keeps_the_figure_still_and_unrefreshed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plank's 10 s hold: the clock ticks every second, the figure never redraws."""
    count = [0]
    original = FigureView.refresh

    def refresh(self: FigureView, *args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FigureView, "refresh", refresh)
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await scenarios.in_hold(pilot, clock)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        view = screen.query_one(FigureView)
        lines = drawn(view)
        assert lines
        count[0] = 0
        renders = view.frames_drawn
        await advance(pilot, clock, 4.0, step=0.5)
        assert screen.query_one(BigCountdown).value == "3"  # the clock went on (7 → 3)
        assert count[0] == 0 and view.frames_drawn == renders
        assert drawn(view) == lines


@pytest.mark.parametrize("scenario", ["get-ready", "reps", "hold"])
async def test_at_60x20_the_clock_and_pain_stay_whole(tmp_path: Path, scenario: str) -> None:
    """The figure gives way: the digits as tall as without it, Pain whole, the figure (if
    it shows at all) inside the screen and clear of the digits."""
    size = (60, 20)
    options, run = scenarios.SCREENS[scenario]
    app, clock = build_app(tmp_path, **options)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await run(pilot, clock)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        digits = screen.query_one(BlockDigits)
        inside(digits, *size)
        inside(screen.query_one("#touch-pain"), *size)
        assert screen.query_one("#touch-pain").region.height >= 1
        assert digits.rows >= 5
        view = screen.query_one(FigureView)
        if view.display:
            inside(view, *size)
            assert view.region.x >= digits.region.right
        # The same digits as with no figure at all.
        shown_rows = digits.rows
        view.display = False
        await pilot.pause()
        assert digits.rows == shown_rows

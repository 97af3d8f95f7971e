"""The session screen from the mat: at every terminal size the big clock is as tall as the
issue asks, and it fits together with everything else (banner, exercise, caption, cue, breathing
bar, progress, next up, every footer key), none of it cut off or off screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from coretimer.ui.screens.session import SessionScreen, cue_rows
from coretimer.ui.widgets.blockfont import fit, render
from coretimer.ui.widgets.breathing import BreathPacer
from coretimer.ui.widgets.countdown import BigCountdown, BlockDigits
from tests import scenarios
from tests.scenarios import build_app

SIZES = [(60, 20), (80, 24), (120, 40), (200, 60)]
#: The least rows the digits may take at a size (the issue: 7 at 80×24, 12 at 120×40).
MIN_ROWS = {(60, 20): 5, (80, 24): 7, (120, 40): 12, (200, 60): 20}
PHASES = ["get-ready", "hold", "reps", "free-reps", "max-hold", "rest", "switch-side", "paused"]
SESSION_KEYS = {"space", "p", "enter", "s", "q", "question_mark"}


def inside(widget: Widget, width: int, height: int) -> None:
    region = widget.region
    assert region.width > 0 and region.height > 0, f"{widget!r} has no room: {region}"
    assert region.x >= 0 and region.y >= 0, f"{widget!r} starts off screen: {region}"
    assert region.right <= width and region.bottom <= height, (
        f"{widget!r} runs off a {width}x{height} screen: {region}")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("phase", PHASES)
async def test_the_clock_is_big_and_everything_fits(tmp_path: Path, phase: str,
                                                    size: tuple[int, int]) -> None:
    width, height = size
    options, scenario = scenarios.SCREENS[phase]
    app, clock = build_app(tmp_path, **options)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await scenario(pilot, clock)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        for wid in ("phase-banner", "exercise-line", "cue", "breath", "progress", "next-up",
                    "touch-pain", "touch-toggle_pause", "touch-done", "touch-skip",
                    "touch-end", "touch-help"):
            inside(screen.query_one(f"#{wid}"), width, height)
        inside(screen.query_one(Footer), width, height)
        keys = {k.key for k in screen.query(FooterKey)}
        assert keys == SESSION_KEYS
        for key in screen.query(FooterKey):
            inside(key, width, height)
        big = screen.query_one(BigCountdown)
        digits = screen.query_one(BlockDigits)
        inside(digits, width, height)
        inside(big.query_one("Label"), width, height)
        # The digits are block digits, at least as tall as asked, and within their box.
        assert digits.rows >= MIN_ROWS[size], (phase, size, digits.rows, digits.region)
        assert digits.rows <= digits.region.height
        scale = fit(big.value, digits.content_size.width, digits.content_size.height)
        assert scale is not None
        assert max(len(line) for line in render(big.value, scale)) <= digits.region.width
        # The cue is shown whole: its wrapped lines fit the rows it has.
        # Every cue of the exercise fits the rows the cue has (each is shown in turn).
        cue = screen.query_one("#cue")
        shown = cue.render()
        texts = [getattr(shown, "plain", str(shown))]
        view = screen.view
        assert view is not None
        if view.exercise is not None and view.phase.value == "work":
            texts += view.exercise.cues
        for text in texts:
            assert cue_rows([text], cue.content_size.width) <= cue.content_size.height, text


def test_the_issue_sizes_need_these_rows() -> None:
    """The thresholds above are the issue's (not loosened): 7 rows at 80×24, 12 at 120×40."""
    assert MIN_ROWS[(80, 24)] == 7 and MIN_ROWS[(120, 40)] == 12


def luminance(r: int, g: int, b: int) -> float:
    """WCAG 2 relative luminance."""
    def channel(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted([luminance(*a), luminance(*b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula() -> None:
    assert contrast((255, 255, 255), (0, 0, 0)) == pytest.approx(21.0)
    assert contrast((0, 69, 120), (18, 18, 18)) < 2  # the old bar: $secondary on near-black


@pytest.mark.parametrize("size", [(80, 24)])
async def test_the_breathing_bar_is_readable(tmp_path: Path, size: tuple[int, int]) -> None:
    """At least 4.5:1 (WCAG AA for text) between the bar and what is behind it."""
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=size) as pilot:
        await scenarios.in_hold(pilot, clock)
        await pilot.pause()
        breath = app.screen.query_one(BreathPacer)
        assert breath.text.startswith("Breathe")
        style = breath.rich_style
        assert style.color is not None and style.bgcolor is not None
        fg = style.color.get_truecolor()
        bg = style.bgcolor.get_truecolor()
        assert contrast((fg.red, fg.green, fg.blue), (bg.red, bg.green, bg.blue)) >= 4.5

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
from coretimer.ui.widgets.blockfont import fit, fit_beside, render, render_beside
from coretimer.ui.widgets.breathing import BreathPacer
from coretimer.ui.widgets.countdown import BigCountdown, BlockDigits
from tests import scenarios
from tests.helpers import sample_grid
from tests.scenarios import build_app

SIZES = [(60, 20), (80, 24), (120, 40), (200, 60)]
#: The least rows the digits may take at a size (the issue: 7 at 80×24, 12 at 120×40).
MIN_ROWS = {(60, 20): 5, (80, 24): 7, (120, 40): 12, (200, 60): 20}
PHASES = ["get-ready", "hold", "reps", "free-reps", "max-hold", "rest", "switch-side", "paused",
          "big-three-hold", "big-three-get-ready"]
SESSION_KEYS = {"space", "p", "enter", "s", "q", "question_mark"}


def inside(widget: Widget, width: int, height: int) -> None:
    region = widget.region
    assert region.width > 0 and region.height > 0, f"{widget!r} has no room: {region}"
    assert region.x >= 0 and region.y >= 0, f"{widget!r} starts off screen: {region}"
    assert region.right <= width and region.bottom <= height, (
        f"{widget!r} runs off a {width}x{height} screen: {region}")


@pytest.mark.parametrize(("phase", "size"), sample_grid(PHASES, SIZES, per_row=2))
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
        if phase == "big-three-hold":
            # The rep beside the hold's seconds, smaller but in block letters, all of it drawn.
            assert big.aside == ("REP", "3/6")
            assert 3 <= digits.aside_rows < digits.rows, (size, digits.aside_rows)
            drawn = digits.lines()
            assert len(drawn) == digits.region.height
            assert all(len(line) == digits.region.width for line in drawn)
            pair = fit_beside(big.value, big.aside, digits.content_size.width,
                              digits.content_size.height)
            assert pair is not None
            assert [line.strip() for line in drawn if line.strip()] == [
                line.strip() for line in render_beside(big.value, pair[0], big.aside, pair[1])]
        # The caption is shown whole: at most two rows, and as many as it needs.
        caption = big.query_one("Label")
        rows = caption.region.height
        assert rows in (1, 2) and (rows == 2) == (len(big.caption) > caption.region.width)
        # The cue is shown whole: its wrapped lines fit the rows it has.
        # Every cue of the exercise fits the rows the cue has (each is shown in turn).
        cue = screen.query_one("#cue")
        shown = cue.render()
        texts = [getattr(shown, "plain", str(shown))]
        view = screen.view
        assert view is not None
        if view.exercise is not None and view.phase.value == "work":
            texts += view.exercise.every_cue  # a paced step's own cue too
        for text in texts:
            assert cue_rows([text], cue.content_size.width) <= cue.content_size.height, text


def test_the_issue_sizes_need_these_rows() -> None:
    """The thresholds above are the issue's (not loosened): 7 rows at 80×24, 12 at 120×40."""
    assert MIN_ROWS[(80, 24)] == 7 and MIN_ROWS[(120, 40)] == 12


async def test_the_readme_states_the_clocks_height_as_drawn(tmp_path: Path) -> None:
    """The README's clock heights ("8 rows tall at 80×24, 15 at 120×40") are the rows the
    digits of a hold take at those sizes."""
    import re

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    found = re.search(r"block digits that grow with the terminal: (\d+) rows tall at 80×24, "
                      r"(\d+) at 120×40", " ".join(readme.split()))
    assert found is not None, "the README's sentence on the clock's height"
    stated = {(80, 24): int(found[1]), (120, 40): int(found[2])}
    for size, rows in stated.items():
        options, scenario = scenarios.SCREENS["hold"]
        app, clock = build_app(tmp_path / f"{size[0]}x{size[1]}", **options)  # type: ignore[arg-type]
        async with app.run_test(size=size) as pilot:
            await scenario(pilot, clock)
            await pilot.pause()
            assert app.screen.query_one(BlockDigits).rows == rows, size


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


#: The digits' box (columns, rows) at the four sizes during a Big Three hold, and narrower.
HOLD_BOXES = [(60, 8), (80, 8), (120, 20), (200, 41), (40, 8)]


@pytest.mark.parametrize("box", HOLD_BOXES, ids=lambda b: f"{b[0]}x{b[1]}")
def test_a_holds_seconds_and_its_rep_fit_side_by_side(box: tuple[int, int]) -> None:
    """Every second of a hold up to a minute, with the widest rep labels: drawn within the
    box, the rep smaller than the seconds, and the seconds no smaller than half their size
    alone."""
    width, height = box
    for value in (str(n) for n in range(1, 61)):
        alone = fit(value, width, height)
        assert alone is not None
        for aside in (("REP", "3/6"), ("REP", "10/10")):
            pair = fit_beside(value, aside, width, height)
            assert pair is not None, (value, aside)
            big, small = pair
            lines = render_beside(value, big, aside, small)
            assert len(lines) <= height and max(len(line) for line in lines) <= width
            assert small.height() < big.height() and 2 * big.rows >= alone.rows


def test_under_eight_rows_the_seconds_are_drawn_alone() -> None:
    """The two lines beside the seconds take 7 rows, and the seconds must be taller (8 rows
    at the next size up): in a smaller box the seconds keep their size and the rep is left
    to the caption."""
    assert fit_beside("7", ("REP", "3/6"), 80, 7) is None
    assert fit("7", 80, 7) is not None

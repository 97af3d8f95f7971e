"""Small terminals done right: the routine list at 60x20, every exercise reachable in the
preview with suggestions shown, history and stats within 80 columns with no word cut, help that
fits or scrolls with its close key visible, one notice for a broken routine."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static
from textual.widgets._footer import FooterKey

from coretimer.model.record import SessionRecord, SetResult
from coretimer.store.history import Store
from tests import scenarios
from tests.scenarios import START, build_app, ready

MEASURE = Console(width=1000, color_system=None)


def lines_needed(widget: Widget) -> int:
    shown = widget.render()
    text = getattr(shown, "plain", str(shown))
    return len(Text(text).wrap(MEASURE, max(1, widget.content_size.width)))


def on_screen(widget: Widget, width: int, height: int) -> None:
    r = widget.region
    assert r.width > 0 and r.height > 0 and r.x >= 0 and r.y >= 0, (widget, r)
    assert r.right <= width and r.bottom <= height, (widget, r)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_home_lists_the_routines(tmp_path: Path, size: tuple[int, int]) -> None:
    app, _ = build_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        table = app.screen.query_one("#routines", DataTable)
        on_screen(table, *size)
        assert table.row_count >= 6
        assert table.region.height >= 1 + 4  # the header and at least four routines


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_the_preview_keeps_every_exercise_reachable_with_suggestions(
        tmp_path: Path, size: tuple[int, int]) -> None:
    app, _ = build_app(tmp_path, start="quick")
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        screen = app.screen
        suggestions = screen.query_one("#suggestions", Static)
        assert suggestions.display  # the seeded history gives step-up suggestions
        table = screen.query_one("#exercises", DataTable)
        on_screen(table, *size)
        # Every exercise row is on screen (the quick routine has four).
        assert table.region.height >= table.row_count + 1
        for _ in range(table.row_count):
            await pilot.press("down")
        assert table.cursor_row == table.row_count - 1
        # The suggestions can be scrolled into view.
        details = screen.query_one("#preview-details", VerticalScroll)
        on_screen(details, *size)
        for _ in range(40):
            await pilot.press("pagedown")
        await pilot.pause()
        assert details.scroll_y == details.max_scroll_y
        on_screen(screen.query_one("#checkin"), *size)
        on_screen(screen.query_one("#preview-title"), *size)
        for n in range(11):  # every check-in button can be tapped
            on_screen(screen.query_one(f"#rate-{n}"), *size)


def seed_long_names(data_dir: Path) -> None:
    store = Store(data_dir)
    for i, name in enumerate(["Back-safe foundations for the long haul", "Hip-flexor fix"]):
        start = START - timedelta(days=i + 1)
        store.save(SessionRecord(
            id=f"long-{i}", routine="long", routine_name=name, started_at=start,
            ended_at=start + timedelta(minutes=20), status="stopped_for_pain",
            baseline_pain=3, next_morning="same",
            sets=[SetResult(exercise="Front plank", kind="hold", side=None, set=1,
                            target=30.0, achieved=30.0, completed=True)]))


async def test_history_fits_80_columns_without_cut_words(tmp_path: Path) -> None:
    seed_long_names(tmp_path / "data")
    app, _ = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        on_screen(table, 80, 24)
        # No column runs past the edge: nothing to scroll sideways, nothing cut.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        headers = [str(c.label) for c in table.columns.values()]
        assert headers == ["Date", "Routine", "Status", "Sets", "Pain", "Before"]
        columns = list(table.columns.values())
        for column in columns:
            if str(column.label) != "Routine":  # every other column is as wide as its text
                assert column.content_width <= column.width, column
        # A long routine name wraps onto more lines instead of being cut.
        routine = columns[1]
        long_row = next(k for k in table.rows if "long haul" in str(table.get_row(k)[1]))
        wrapped = Text("Back-safe foundations for the long haul").wrap(MEASURE, routine.width)
        assert len(wrapped) >= 2
        assert table.rows[long_row].height >= len(wrapped)


async def test_stats_fit_80_columns_without_cut_words(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, history="months")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("t")
        await pilot.pause()
        body = app.screen.query_one("#stats-body")
        assert body.virtual_size.width <= body.scrollable_content_region.width
        labels = list(app.screen.query(".trend-figures, .trend-dates, .trend-name"))
        assert labels
        for label in labels:
            assert label.region.right <= 80, label
            assert lines_needed(label) <= label.content_size.height, (
                label, label.render(), label.content_size)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_help_fits_or_scrolls_with_its_close_key_visible(
        tmp_path: Path, size: tuple[int, int]) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=size) as pilot:
        await scenarios.at_help(pilot, clock)
        screen = app.screen
        help_box = screen.query_one("#help", VerticalScroll)
        on_screen(help_box, *size)
        fits = help_box.virtual_size.height <= help_box.scrollable_content_region.height
        if not fits:  # it scrolls to its end
            help_box.scroll_end(animate=False)
            await pilot.pause()
            assert help_box.scroll_y == help_box.max_scroll_y > 0
        on_screen(screen.query_one(Footer), *size)
        keys = {k.key: k for k in screen.query(FooterKey)}
        assert "escape" in keys
        on_screen(keys["escape"], *size)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "SessionScreen"


async def test_a_broken_routine_gives_one_notice_listing_every_problem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = build_app(tmp_path)
    (tmp_path / "config" / "routines" / "mine.toml").write_text(
        'name = "Mine"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = -3\nsets = 0\n'
        '[[exercises]]\nname = "Bridge"\nkind = "reps"\n')
    notes: list[str] = []
    real_notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (notes.append(message),
                                                              real_notify(message, **kw)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        routine_notes = [n for n in notes if "routine file" in n]
        assert len(routine_notes) == 1
        note = routine_notes[0]
        assert "mine.toml" in note
        for field in ("exercises[0].hold", "exercises[0].sets", "exercises[1]"):
            assert field in note, note
        # Coming home again does not repeat it.
        await pilot.press("h")
        await pilot.press("escape")
        app.load()
        await scenarios.settled(pilot)
        assert len([n for n in notes if "routine file" in n]) == 1

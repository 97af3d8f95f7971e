"""A newcomer's first screens (issue 25), on a fake clock: the safety notice that reads on
before it goes on when it cannot fit, and a preview table whose doses always read whole, with
what it leaves out said in the details. The same in a real terminal: test_newcomer_tmux.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from coretimer.model.routine import Routine
from coretimer.routine.files import LoadedRoutine, load_routine_file, shipped_dir
from coretimer.settings import load_settings
from coretimer.ui.screens.home import HomeScreen
from coretimer.ui.screens.preview import PreviewScreen
from coretimer.ui.screens.preview_columns import COLUMNS, PADDING, fit_columns
from coretimer.ui.screens.safety import SafetyNotice
from tests.scenarios import build_app, ready, to_shipped_preview

#: The exercise table's width at 60×20 and at 80×24: the screen's, less the margins (2 each
#: side) and the scrollbar's column.
TABLE_WIDTHS = (55, 75)


def footer_keys(screen: object) -> dict[str, bool]:
    """The keys the footer shows, and whether each works now (not dimmed)."""
    footer = screen.query_one(Footer)  # type: ignore[attr-defined]
    return {str(key.description): not key.has_class("-disabled")
            for key in footer.query(FooterKey)}


async def test_a_notice_taller_than_the_terminal_reads_on_before_it_goes_on(
        tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, acknowledged=False)
    async with app.run_test(size=(40, 20)) as pilot:  # too small for it all
        await ready(pilot)
        notice = app.screen
        assert isinstance(notice, SafetyNotice)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is notice  # the pain key's line has not been on screen yet
        assert footer_keys(notice) == {"I understand": False}  # shown, not working yet
        await pilot.press("enter")  # reads on: the pain key's line comes into view
        await pilot.pause()
        assert app.screen is notice and notice.read
        pain = notice.query_one("#safety-pain", Static)
        assert notice.query_one("#safety").region.contains_region(pain.region)
        assert footer_keys(notice) == {"I understand": True}
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    settings, _ = load_settings(tmp_path / "config")
    assert settings.safety_notice_acknowledged


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_notice_goes_on_at_once_where_it_fits(tmp_path: Path,
                                                         size: tuple[int, int]) -> None:
    app, _ = build_app(tmp_path, acknowledged=False)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        notice = app.screen
        assert isinstance(notice, SafetyNotice)
        box = notice.query_one("#safety").region
        for part in notice.query(Static):  # every word of it on the first screen
            assert box.contains_region(part.region), part
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_an_enter_before_the_notice_has_looked_goes_on_when_it_all_shows(
        tmp_path: Path) -> None:
    """Enter typed ahead, before the notice has noted that its pain line is on screen: it
    looks then, and goes on."""
    app, _ = build_app(tmp_path, acknowledged=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        notice = app.screen
        assert isinstance(notice, SafetyNotice)
        notice.read = False  # as before its first look
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_routines_equipment_leaves_the_table_its_rows(tmp_path: Path,
                                                                size: tuple[int, int]) -> None:
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=size) as pilot:
        await to_shipped_preview(pilot, "endurance")
        await pilot.pause()
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        # Under the routine's name, or on a short terminal at the end of the details.
        top, end = preview.query_one("#preview-equipment"), preview.query_one(
            "#details-equipment")
        shown = end if size[1] < 24 else top
        assert [w for w in (top, end) if w.display] == [shown]
        assert "stability ball" in str(shown.render())


def shipped_at_every_level() -> list[tuple[str, Routine]]:
    """Every shipped routine at each of its exercises' levels in turn (an exercise with fewer
    levels stays at its last)."""
    found = []
    for path in sorted(shipped_dir().glob("*.toml")):
        routine = load_routine_file(path, source="shipped").routine
        for level in range(1, max(1, *(ex.level_count for ex in routine.exercises)) + 1):
            exercises = [ex.at_level(min(level, ex.level_count)) if ex.levels else ex
                         for ex in routine.exercises]
            found.append((f"{path.stem}-{level}",
                          routine.model_copy(update={"exercises": exercises})))
    return found


@pytest.mark.parametrize("width", TABLE_WIDTHS)
def test_every_dose_at_every_level_fits_the_table_whole(width: int) -> None:
    for name, routine in shipped_at_every_level():
        loaded = LoadedRoutine(id=name, path=Path(f"{name}.toml"), source="shipped",
                               routine=routine)
        for warm_up in (False, True):
            preview = PreviewScreen(loaded, warm_up=routine if warm_up else None)
            preview.warm_up_first = warm_up
            rows = preview.table_rows()
            widths = fit_columns(rows, width)
            assert {0, 1, 2, 3} <= widths.keys(), name  # the dose is always a column
            assert sum(w + PADDING for w in widths.values()) <= width, (name, widths)
            for row in rows:
                for i, w in widths.items():  # wrapped at spaces, no word cut
                    assert all(cell_len(word) <= w for word in row[i].split()), (name, row, i)


def test_the_columns_give_way_before_the_doses_wrap() -> None:
    rows = [["1", "Farmer carry", "—", "2 × 30 s", "30 s",
             "a pair of dumbbells or kettlebells, a bench or two sturdy chairs"],
            ["2", "Bird dog", "—", "2 × 8 reps @ 3 s + 2 s hold each side, alternating",
             "20 s", "—"]]
    # Room for all: every column at its widest.
    assert fit_columns(rows, 200) == {0: 1, 1: 12, 2: 4, 3: 50, 4: 4, 5: 64}
    # Less room: Equipment gives way first (its details say it), the dose stays on one line.
    assert fit_columns(rows, 90) == {0: 1, 1: 12, 2: 4, 3: 50, 4: 4}
    # Less still: Rest gives way too, rather than a dose on two lines.
    assert fit_columns(rows, 75) == {0: 1, 1: 12, 2: 4, 3: 50}
    # Then the dose wraps, whole words on each line.
    narrow = fit_columns(rows, 40)
    assert narrow[3] < 50 and sum(w + PADDING for w in narrow.values()) <= 40
    assert COLUMNS[3] == "Dose"


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_details_say_the_rest_and_the_equipment(tmp_path: Path,
                                                         size: tuple[int, int]) -> None:
    """The table may have no room for them: the highlighted exercise's details say both."""
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=size) as pilot:
        await to_shipped_preview(pilot, "endurance")
        await pilot.pause()
        details = " ".join(str(app.screen.query_one("#exercise-cues").render()).split())
        assert ("Rest: 30 s · Equipment: a pair of dumbbells or kettlebells, a bench or two "
                "sturdy chairs") in details  # the farmer carry


async def test_the_columns_fit_again_when_the_terminal_is_resized(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_shipped_preview(pilot, "foundations")
        table = app.screen.query_one("#exercises")
        wide = [c.width for c in table.columns.values()]  # type: ignore[attr-defined]
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        narrow = [c.width for c in table.columns.values()]  # type: ignore[attr-defined]
        assert narrow != wide
        assert sum(w + PADDING for w in narrow) <= table.size.width - 1

"""A newcomer's first screens (issue 25), on a fake clock: the safety notice that reads on
before it goes on when it cannot fit. The same in a real terminal: test_newcomer_tmux.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from coretimer.settings import load_settings
from coretimer.ui.screens.home import HomeScreen
from coretimer.ui.screens.preview import PreviewScreen
from coretimer.ui.screens.safety import SafetyNotice
from tests.scenarios import build_app, ready, to_shipped_preview


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


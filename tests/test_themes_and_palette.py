"""The Textual conventions people expect: a theme picked in settings (a high-contrast one
among them) and kept, NO_COLOR honoured with the phases still named in words, and the command
palette everywhere but in a session."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from textual.command import CommandPalette

from coretimer.ui.screens.session import SessionScreen
from coretimer.ui.screens.settings import SettingsScreen
from tests import scenarios
from tests.scenarios import build_app, ready

SIZE = (100, 32)


async def test_the_theme_is_picked_in_settings_and_kept(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.at_settings(pilot, clock)
        assert isinstance(app.screen, SettingsScreen) and app.theme == "textual-dark"
        await pilot.press("c")
        await pilot.pause()
        assert app.theme == "textual-light"
        await pilot.press("c")
        await pilot.pause()
        assert app.theme == "coretimer-high-contrast"
        assert "Theme (c): High contrast." in str(app.screen.query_one("#theme-setting").render())
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert saved["theme"] == "coretimer-high-contrast"
    again, _ = build_app(tmp_path, theme="coretimer-high-contrast")
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.theme == "coretimer-high-contrast"


async def test_settings_and_the_palette_name_the_themes_in_words(tmp_path: Path) -> None:
    """Settings show "Dark", "Light" and "High contrast", never the internal names, which
    stay what settings.json keeps; the palette offers the same words."""
    app, clock = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.at_settings(pilot, clock)
        shown = []
        for _ in range(3):
            text = str(app.screen.query_one("#theme-setting").render())
            shown.append(text.split("Theme (c): ", 1)[1].split(".", 1)[0])
            assert "textual-" not in text and "coretimer-" not in text, text
            await pilot.press("c")
            await pilot.pause()
        assert shown == ["Dark", "Light", "High contrast"]
        assert app.settings.theme == "textual-dark"  # round again: the stored name
        titles = [c.title for c in app.get_system_commands(app.screen)]
        themes = [t for t in titles if t.startswith("Theme: ")]
        assert themes == ["Theme: Dark", "Theme: Light", "Theme: High contrast"]
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert saved["theme"] == "textual-dark"


async def test_a_theme_from_textuals_own_picker_is_named_in_words(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, theme="tokyo-night")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.at_settings(pilot, clock)
        assert app.theme == "tokyo-night"
        assert "Theme (c): Tokyo night." in str(app.screen.query_one("#theme-setting").render())


async def test_an_unknown_theme_falls_back_to_the_default(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, theme="no-such-theme")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.theme == "textual-dark"


async def test_no_color_keeps_the_phases_named(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        await scenarios.at_get_ready(pilot, clock)
        assert str(app.screen.query_one("#phase-banner").render()) == "GET READY"
        await scenarios.advance(pilot, clock, 3.5)
        assert str(app.screen.query_one("#phase-banner").render()) == "WORK"


async def test_the_command_palette_starts_routines_exports_and_themes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Start: Back-safe foundations" in titles and "Start: Quick check" in titles
        assert {"Export history", "Settings", "Theme: High contrast"} <= set(titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press(*"export history")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        exported = list((tmp_path / "home").glob("coretimer-export-*.csv"))
        assert len(exported) == 1
        rows = list(csv.DictReader(io.StringIO(exported[0].read_text())))
        assert {r["session_id"] for r in rows} == {f"seed-{i}" for i in range(7)}
        report = next(c for c in app.get_system_commands(app.screen)
                      if c.title == "Write a clinician report")
        report.callback()
        await pilot.pause()
        (written,) = (tmp_path / "home").glob("coretimer-report-*.html")
        assert '<section id="pain-reports">' in written.read_text()
        command = next(c for c in app.get_system_commands(app.screen)
                       if c.title == "Theme: High contrast")
        command.callback()
        await pilot.pause()
        assert app.theme == "coretimer-high-contrast"
        assert app.settings.theme == "coretimer-high-contrast"


async def test_no_command_palette_during_a_session(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not CommandPalette.is_open(app)
        assert list(app.get_system_commands(app.screen)) == []


@pytest.mark.parametrize("bad", [3, "", "x" * 65, "dark\x1b[0m"])
def test_a_theme_in_the_settings_file_is_a_name(bad: object) -> None:
    from coretimer.settings import Settings

    with pytest.raises(ValueError, match="theme must be a name"):
        Settings.from_dict({"theme": bad})

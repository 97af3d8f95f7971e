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
from textual.content import Content
from textual.message import Message
from textual.pilot import Pilot

from coretimer.ui.app import CoretimerApp
from coretimer.ui.palette import CoretimerCommands
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
        titles = [name for name, _, _ in palette(app)]
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


def palette(app: CoretimerApp) -> list[tuple[str, str, Message]]:
    """The palette's own commands as the App offers them now: (name, help, message)."""
    return CoretimerCommands(app.screen).commands()


async def choose(pilot: Pilot[None], typed: str) -> None:
    """Open the palette, type, and take the best match, as a person does."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(pilot.app)
    await pilot.press(*typed)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_command_palette_starts_routines_exports_and_themes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        titles = [name for name, _, _ in palette(app)]
        assert "Start: Back-safe foundations" in titles and "Start: Quick check" in titles
        assert {"Export history", "Settings", "Theme: High contrast"} <= set(titles)
        await choose(pilot, "export history")
        exported = list((tmp_path / "home").glob("coretimer-export-*.csv"))
        assert len(exported) == 1
        rows = list(csv.DictReader(io.StringIO(exported[0].read_text())))
        assert {r["session_id"] for r in rows} == {f"seed-{i}" for i in range(7)}
        await choose(pilot, "clinician report")
        assert not CommandPalette.is_open(app)
        (written,) = (tmp_path / "home").glob("coretimer-report-*.html")
        assert '<section id="pain-reports">' in written.read_text()
        await choose(pilot, "theme: high contrast")
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
        assert palette(app) == []


@pytest.mark.parametrize("bad", [3, "", "x" * 65, "dark\x1b[0m"])
def test_a_theme_in_the_settings_file_is_a_name(bad: object) -> None:
    from coretimer.settings import Settings

    with pytest.raises(ValueError, match="theme must be a name"):
        Settings.from_dict({"theme": bad})


async def test_a_routine_name_with_brackets_reads_as_typed_in_the_palette(
        tmp_path: Path) -> None:
    """User text is text: a routine called "[b]Core[/b] day" is offered as just that, in
    the list the palette shows before anything is typed and in what a search finds."""
    folder = tmp_path / "config" / "routines"
    folder.mkdir(parents=True)
    (folder / "brackets.toml").write_text(
        'name = "[b]Core[/b] day"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = 10\n')
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        provider = CoretimerCommands(app.screen)
        shown = [hit.prompt for hit in [h async for h in provider.discover()]]
        found = [hit.prompt for hit in [h async for h in provider.search("core day")]]
        for prompts in (shown, found):
            # Content is drawn as it is; a str prompt would be read as markup
            assert all(isinstance(p, Content) for p in prompts), prompts
            assert "Start: [b]Core[/b] day" in [p.plain for p in prompts]  # type: ignore[union-attr]

"""Screens bound to the App's state (`CoretimerApp.bind_screen`): home to `home`, the history
to `history`, settings to `settings`, the preview to all three and the routines. Each takes
the App's value once as it opens, before it is first drawn. After that it follows every
change of the App's value until it is closed, and then it stops following."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from coretimer.ui.app import CoretimerApp
from coretimer.ui.screens.history import HistoryScreen
from coretimer.ui.screens.home import HomeScreen
from coretimer.ui.screens.preview import PreviewScreen
from coretimer.ui.screens.settings import SettingsScreen
from tests import scenarios
from tests.scenarios import build_app

SIZE = (100, 32)

#: Each bound screen's watchers, one per value it is bound to.
WATCHERS: dict[type[Any], tuple[str, ...]] = {
    HomeScreen: ("watch_data",),
    HistoryScreen: ("watch_summaries",),
    SettingsScreen: ("watch_settings",),
    PreviewScreen: ("watch_summaries", "watch_settings", "watch_catalogue"),
}

Runs = list[tuple[str, str, bool]]


def record_watchers(monkeypatch: pytest.MonkeyPatch) -> Runs:
    """Every run of a bound screen's watchers from now on: (screen, watcher, whether the
    screen was mounted then)."""
    runs: Runs = []
    for cls, names in WATCHERS.items():
        for name in names:
            monkeypatch.setattr(cls, name, recording(cls.__name__, name, getattr(cls, name),
                                                     runs))
    return runs


def recording(screen: str, name: str, real: Callable[..., None],
              runs: Runs) -> Callable[..., None]:
    # (Textual calls a watcher with as many values as it takes: keep its arity)
    if len(inspect.signature(real).parameters) == 1:
        def watcher(self: Any) -> None:
            runs.append((screen, name, self.is_mounted))
            real(self)
        return watcher

    def watcher_of(self: Any, value: object) -> None:
        runs.append((screen, name, self.is_mounted))
        real(self, value)
    return watcher_of


async def test_home_takes_its_first_value_once_and_is_drawn_once_with_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first start, with nothing read yet: home is bound to None ("Loading your
    history"). Its watcher takes that once, before home is mounted, and home is drawn once
    with it. It is drawn again only when the routines and the history come."""
    runs = record_watchers(monkeypatch)
    drawn = scenarios.home_draws(monkeypatch)
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.ready(pilot)
        assert app.home is not None
        assert drawn == [None, app.home]
        assert runs == [("HomeScreen", "watch_data", False), ("HomeScreen", "watch_data", True)]


@pytest.mark.parametrize(("key", "screen"), [
    ("h", HistoryScreen), ("o", SettingsScreen), ("v", PreviewScreen)])
async def test_a_screen_opened_takes_each_value_once_before_it_is_drawn(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, screen: type[Any]) -> None:
    """Each value a screen is bound to reaches its watcher once, before the screen is
    mounted. Its first drawing has it (the history's sessions, the preview's levels last
    done), and nothing is drawn a second time for the same value."""
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.ready(pilot)
        runs = record_watchers(monkeypatch)
        await pilot.press(key)
        await scenarios.settled(pilot)
        assert isinstance(app.screen, screen)
        assert sorted(runs) == sorted((screen.__name__, name, False)
                                      for name in WATCHERS[screen])


async def test_the_preview_is_filled_from_the_history_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview opened once the history is read: its table, advice and keys are worked
    out once, with the history already in them."""
    app, _ = build_app(tmp_path, history="pain-left")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.ready(pilot)
        filled: list[bool] = []
        real = PreviewScreen.history_loaded

        def history_loaded(self: PreviewScreen) -> None:
            filled.append(self.history is not None)
            real(self)

        monkeypatch.setattr(PreviewScreen, "history_loaded", history_loaded)
        await pilot.press("v")
        await scenarios.settled(pilot)
        assert isinstance(app.screen, PreviewScreen)
        assert filled == [True]


async def test_a_bound_screen_follows_the_apps_later_values(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.ready(pilot)
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        table = history.query_one(DataTable)
        before = table.row_count
        assert before > 1 and app.history is not None
        gone = app.history.shown()[0].id
        app.history = app.state.without(app.history, gone)
        await pilot.pause()
        assert history.summaries is app.history
        assert gone not in {s.id for s in history.sessions}
        assert table.row_count == before - 1

        await pilot.press("escape", "o")
        await pilot.pause()
        settings = app.screen
        assert isinstance(settings, SettingsScreen)
        target = app.settings.week_target + 1
        app.update_settings(weekly_target=target)
        await pilot.pause()
        assert settings.settings.weekly_target == target
        assert f"Weekly target: {target}" in str(
            settings.query_one("#weekly-target", Static).render())


def watchers_of(app: CoretimerApp, name: str) -> list[object]:
    """The nodes following the App's reactive `name` (Textual 8 keeps them on the App)."""
    return [node for node, _ in getattr(app, "__watchers", {}).get(name, [])]


async def test_a_closed_screen_stops_following(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The history opened and closed three times: once it is closed a change of the App's
    history reaches none of them (no error, no watcher run), and none is kept."""
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.ready(pilot)
        opened = []
        for _ in range(3):
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            opened.append(app.screen)
            assert [n for n in watchers_of(app, "history") if n is app.screen] == [app.screen]
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        runs = record_watchers(monkeypatch)
        assert app.history is not None
        app.history = app.state.without(app.history, app.history.shown()[0].id)
        await pilot.pause()
        assert [run for run in runs if run[0] == "HistoryScreen"] == []
        assert ("HomeScreen", "watch_data", True) in runs  # (home, still open, follows)
        assert not [n for n in watchers_of(app, "history") if n in opened]
        assert all(len(s.sessions) == len(app.history.shown()) + 1 for s in opened)

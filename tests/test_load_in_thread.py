"""Routines and history load in one worker thread, after the first frame and after each
change. Nothing may start, be shown or be lost because a load was still running: a start
waits for the history, a load that fails is a crash log (never silence), a load that began
before a delete does not bring the session back, and a session finished here stays shown
only while no load can see it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from coretimer.index.sync import Summaries
from coretimer.model.clock import FakeClock
from coretimer.ui import messages
from coretimer.ui.app import CoretimerApp
from coretimer.ui.loading import Loader
from coretimer.ui.screens.preview import PreviewScreen
from coretimer.ui.state import AppState, Loaded
from tests import scenarios
from tests.history_files import record
from tests.scenarios import build_app

SIZE = (100, 32)


@contextmanager
def loads_held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every full load reads the folder, then waits (in its thread) until the event is
    set before handing back what it read. `go.has_read` is set once one has read."""
    go = threading.Event()
    has_read = go.has_read = threading.Event()  # type: ignore[attr-defined]
    real = AppState.load

    def held(self: AppState, since: Summaries | None = None) -> Loaded:
        read = real(self, since)
        has_read.set()
        assert go.wait(30), "the test never let the load go on"
        return read

    monkeypatch.setattr(AppState, "load", held)
    try:
        yield go
    finally:
        go.set()


async def test_a_start_asked_for_before_the_history_is_read_waits_for_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plank hurt this morning: the session steps it back. Enter pressed while the
    history is still being read does not start the routine file's doses; the session
    starts once the history is here, with the step back in it."""
    app, _ = build_app(tmp_path, start="quick", history="pain-left")
    with loads_held(monkeypatch) as go:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            preview = app.screen
            assert isinstance(preview, PreviewScreen)
            await pilot.press("1", "enter")
            await pilot.pause()
            assert app.session is None
            assert "Reading your history" in str(
                preview.query_one("#checkin-warning").render())
            go.set()
            await scenarios.settled(pilot)
            for _ in range(20):
                if app.session is not None:
                    break
                await pilot.pause()
            assert app.session is not None, "the start was lost"
            assert any(s.direction == "down" for s in preview.suggestions)
            started = app.session.engine.routine
            assert started == preview.routine
            assert started != preview.loaded.routine  # not the file's doses


async def test_a_load_that_fails_is_a_crash_log_not_silence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: AppState, since: Summaries | None = None) -> Loaded:
        raise RuntimeError("the load broke")

    monkeypatch.setattr(AppState, "load", broken)
    app, _ = build_app(tmp_path)
    with pytest.raises(RuntimeError, match="the load broke"):
        async with app.run_test(size=SIZE) as pilot:
            await scenarios.settled(pilot)
            await pilot.pause()
    assert app.return_code == 1
    assert app._exit_renderables == []  # nothing for Textual to print
    assert app.crash_log is not None and "the load broke" in app.crash_log.read_text()


async def test_a_load_that_began_before_a_delete_does_not_bring_the_session_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = build_app(tmp_path)
    taken: list[set[str]] = []
    real_take = Loader.take

    def take(self: Loader, loaded: Loaded | Summaries, since: Summaries | None,
             began: int) -> bool:
        history = loaded.history if isinstance(loaded, Loaded) else loaded
        taken.append({s.id for s in history.shown()})
        return real_take(self, loaded, since, began)

    monkeypatch.setattr(Loader, "take", take)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.ready(pilot)
        assert app.history is not None
        gone = app.history.shown()[0].id
        with loads_held(monkeypatch) as go:
            app.load()  # this one reads the folder with the session still in it ...
            for _ in range(3000):  # (the loop must run for the worker to start)
                if go.has_read.is_set():  # type: ignore[attr-defined]
                    break
                await pilot.pause(0.01)
            await pilot.press("h")
            await pilot.pause()
            # ... while it is deleted (the history screen's d, then y)
            app.post_message(messages.DeleteSession(gone))
            await pilot.pause()
            assert gone not in {s.id for s in app.history.shown()}
            before = len(taken)
            go.set()
            await scenarios.settled(pilot)
        assert taken[before:], "no load was shown after the delete"
        assert all(gone not in ids for ids in taken[before:])
        assert gone not in {s.id for s in app.history.shown()}


def test_a_session_finished_here_stays_shown_only_while_no_load_can_see_it(
        tmp_path: Path) -> None:
    state = AppState(tmp_path / "data", tmp_path / "config", FakeClock(scenarios.START),
                     tmp_path / "cache")
    saved = record(1).model_copy(update={"id": "saved-here"})
    unsaved = record(2).model_copy(update={"id": "not-saved"})
    shown = state.with_finished(None, saved, saved=True)
    began = state.finishes
    shown = state.with_finished(shown, unsaved, saved=False)
    empty = Summaries()
    # A load that began before "saved-here" was finished could not see it: it is kept.
    assert {s.id for s in state.keep_shown(empty, shown, began - 1).shown()} == {
        "saved-here", "not-saved"}
    # A later load that does not find its file: it was deleted (by sync, by the CLI).
    # The one never saved has no file to find: it stays.
    assert {s.id for s in state.keep_shown(empty, shown, state.finishes).shown()} == {
        "not-saved"}
    assert state.without(shown, "not-saved") is not None  # (deleted: not kept any more)
    assert state.keep_shown(empty, shown, state.finishes).shown() == []


def test_the_app_is_one_class() -> None:
    """The session flow, the next-morning questions, the places and the loader are plain
    objects the App owns, not classes it inherits from."""
    assert [c.__name__ for c in CoretimerApp.__mro__[:2]] == ["CoretimerApp", "App"]


async def test_home_is_drawn_filled_the_first_time_once_the_caches_are_warm(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every start after the first: home is bound to the App's state with its value already
    in it, so its first drawing has the routines and the streak (a binding alone starts only
    once the screen runs, and the first frame would say "Loading your history")."""
    import os
    import time


    first, _ = build_app(tmp_path)
    async with first.run_test(size=SIZE) as pilot:
        await scenarios.ready(pilot)
    old = time.time() - 60  # older than the caches by more than a file-system clock tick
    sessions, routines = tmp_path / "data" / "sessions", tmp_path / "config" / "routines"
    for path in [*sessions.iterdir(), sessions, *routines.iterdir(), routines]:
        os.utime(path, (old, old))
    async with first.__class__(data_dir=tmp_path / "data", config_dir=tmp_path / "config",
                               cache_dir=tmp_path / "cache", handle_signals=False
                               ).run_test(size=SIZE) as pilot:
        await scenarios.ready(pilot)  # (the caches are written again, now trusted)
    drawn = scenarios.home_draws(monkeypatch)
    again = first.__class__(data_dir=tmp_path / "data", config_dir=tmp_path / "config",
                            cache_dir=tmp_path / "cache", handle_signals=False)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert drawn, "home was never drawn"
        assert again.loader.early_facts is not None, "home was not filled from the caches"
        assert drawn[0] is not None and drawn[0].routines and drawn[0].facts.count

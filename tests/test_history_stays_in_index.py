"""The App keeps no row of the history in memory: once read, the sessions stay in the index
(on disk, in the cache folder), and each screen asks it for what it shows when it opens.
What the App did since (a session finished, an answer, a delete) is laid over what the
index gives. An index that goes missing or is damaged after the load is rebuilt from the
files when a screen asks; one that cannot be written at all keeps the sessions in memory,
as before."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from coretimer.index.database import index_path
from coretimer.model.clock import FakeClock
from coretimer.ui.app import CoretimerApp
from coretimer.ui.screens.history import HistoryScreen
from coretimer.ui.state import AppState
from tests import scenarios
from tests.history_files import T0, put, record
from tests.scenarios import build_app

SIZE = (100, 32)
COUNT = 40


def filled(root: Path) -> tuple[CoretimerApp, Path]:
    app, _ = build_app(root, history=False)
    data = root / "data"
    for i in range(COUNT):
        put(data, record(i))
    return app, data


async def test_the_app_holds_no_session_once_the_history_is_read(tmp_path: Path) -> None:
    app, _ = filled(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.ready(pilot)
        history = app.history
        assert history is not None and history.kept is not None
        assert history.sessions == []  # (the rows stayed in the index)
        assert app._home.data is not None and app._home.data.facts.count == COUNT
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.query_one(DataTable).row_count == COUNT  # asked of the index


@pytest.mark.parametrize("harm", ["deleted", "damaged"])
async def test_an_index_lost_after_the_load_is_rebuilt_when_a_screen_asks(
        tmp_path: Path, harm: str) -> None:
    app, data = filled(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.ready(pilot)
        assert app.history is not None and app.history.kept is not None
        path = index_path(data, tmp_path / "cache")
        for file in path.parent.glob(path.name + "*"):  # (and its -wal, -shm)
            file.unlink()
        if harm == "damaged":
            path.write_bytes(b"not a database " * 300)
        assert len(app.history.shown()) == COUNT
        assert {s.id for s in app.history.shown()} == {record(i).id for i in range(COUNT)}


def test_an_index_that_cannot_be_written_keeps_the_sessions_in_memory(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    for i in range(COUNT):
        put(data, record(i))
    cache = tmp_path / "cache"
    cache.write_text("a file where the cache folder should be")
    state = AppState(data, tmp_path / "config", FakeClock(T0), cache)
    history = state.load_history()
    assert history.kept is None and len(history.sessions) == COUNT
    assert len(history.shown()) == COUNT


def test_what_the_app_did_is_laid_over_the_index(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for i in range(COUNT):
        put(data, record(i))
    state = AppState(data, tmp_path / "config", FakeClock(T0), tmp_path / "cache")
    history = state.load_history()
    assert history.kept is not None and history.sessions == []
    answered = state.with_answer(history, record(3).id, "better", 2)
    assert answered is not None
    found = answered.find(record(3).id)
    assert found is not None and (found.next_morning, found.next_morning_pain) == ("better", 2)
    assert [s.next_morning for s in answered.shown() if s.id == record(3).id] == ["better"]
    assert history.find(record(3).id) is not None  # (the one before is not changed)
    assert history.find(record(3).id).next_morning is None  # type: ignore[union-attr]
    deleted = state.without(answered, record(4).id)
    assert deleted is not None and deleted.find(record(4).id) is None
    assert len(deleted.shown()) == COUNT - 1
    new = record(COUNT + 5)
    finished = state.with_finished(deleted, new, saved=False)
    ids = [s.id for s in finished.shown()]
    assert len(ids) == len(set(ids)) == COUNT and new.id in ids
    # Those started at a moment or later, from the index and from what was laid over it:
    since = T0 + timedelta(days=COUNT - 10)
    assert {s.id for s in finished.shown(since)} == {
        s.id for s in finished.shown() if s.started_at >= since}
    assert new.id in {s.id for s in finished.shown(since)}
    assert len(finished.shown(since)) == 11  # (days 30-39, and the one finished here)

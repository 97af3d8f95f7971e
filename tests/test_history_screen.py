"""The history screen: a past session opens in full (sets, pain, the next morning), and one
can be deleted to the trash after a question, never erased."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from coretimer.store.history import Store
from coretimer.ui.screens.history import HistoryScreen
from coretimer.ui.screens.session_detail import ConfirmDelete, SessionDetailScreen
from tests import scenarios
from tests.scenarios import build_app

SIZE = (100, 32)


async def test_a_past_session_opens_with_its_sets_pain_and_next_morning(
        tmp_path: Path) -> None:
    app, clock = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.at_session_detail(pilot, clock)
        screen = app.screen
        assert isinstance(screen, SessionDetailScreen)
        assert screen.session.id == "seed-2" and screen.session.status == "stopped_for_pain"
        assert "stopped for pain" in str(screen.query_one("#detail-head").render())
        assert screen.query_one("#detail-sets", DataTable).row_count == 3
        pain = str(screen.query_one("#detail-pain").render())
        assert "Front plank" in pain and "6/10" in pain and "phase not recorded" in pain
        assert "the same" in str(screen.query_one("#detail-morning").render())
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_delete_asks_then_moves_the_session_to_the_trash(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.at_history(pilot, clock)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        newest = screen.sessions[0].id
        count = len(screen.sessions)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("n")  # keep it
        assert isinstance(app.screen, HistoryScreen) and len(screen.sessions) == count
        await pilot.press("d", "y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert len(screen.sessions) == count - 1 and newest not in {s.id for s in
                                                                    screen.sessions}
        assert screen.query_one(DataTable).row_count == count - 1
    data = tmp_path / "data"
    assert (data / "trash" / f"{newest}.json").is_file()
    assert newest not in {s.id for s in Store(data).load().sessions}


async def test_delete_from_the_opened_session(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.at_session_detail(pilot, clock)
        await pilot.press("d", "y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "seed-2" not in {s.id for s in app.screen.sessions}
    assert (tmp_path / "data" / "trash" / "seed-2.json").is_file()

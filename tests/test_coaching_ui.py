"""The coaching of issue 13 as a person meets it: the preview shows pain per exercise over 4
weeks and why there is no step up, offers the warm-up, marks an exercise "not for me" (also
from the summary), names levels, and picks the supported test hold after recent pain."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from textual.widgets import DataTable

from coretimer.model.record import SessionRecord
from coretimer.routine.plan import PhaseKind
from coretimer.store.history import Store
from coretimer.ui.screens.preview import PreviewScreen
from coretimer.ui.screens.session import SessionScreen
from coretimer.ui.screens.summary import SummaryScreen
from tests import scenarios
from tests.scenarios import START, build_app, ready

SIZE = (100, 32)


def rows(screen: PreviewScreen) -> list[list[str]]:
    table = screen.query_one("#exercises", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def details(screen: PreviewScreen) -> str:
    return str(screen.query_one("#exercise-cues").render())


async def open_shipped(pilot: object, routine_id: str) -> PreviewScreen:
    app = pilot.app  # type: ignore[attr-defined]
    await ready(pilot)  # type: ignore[arg-type]
    found = app.routines().find(routine_id)
    assert found is not None
    app.places.preview(found)
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, PreviewScreen)
    return app.screen


async def test_the_preview_shows_pain_during_each_exercise_over_four_weeks(
        tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, start="quick")  # the seeded plank had pain (6/10) 15 days ago
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        table = rows(screen)
        assert [r[1] for r in table] == ["Front plank", "Bird dog", "Glute bridge", "Side plank"]
        assert [r[2] for r in table] == ["1×", "—", "—", "—"]
        assert "pain reported during it 1 time in the last 4 weeks (06 Nov: 6/10)" in details(
            screen)


async def test_not_for_me_from_the_preview_leaves_it_out_until_unmarked(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        await pilot.press("n")  # the highlighted row: the front plank
        await pilot.pause()
        assert app.settings.not_for_me == ("front-plank",)
        saved = json.loads((tmp_path / "config" / "settings.json").read_text())
        assert saved["not_for_me"] == ["front-plank"]
        assert rows(screen)[0][1] == "Front plank (not for me: left out)"
        assert "Marked not for me" in details(screen)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        engine = app.session.engine  # type: ignore[union-attr]
        assert [ex.name for ex in engine.routine.exercises] == [
            "Bird dog", "Glute bridge", "Side plank"]
    # Next time, in another app, it is still left out; n takes the mark back.
    again, _ = build_app(tmp_path, start="quick")
    again.settings = again.settings.replace(not_for_me=("front-plank",))
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = again.screen
        assert isinstance(screen, PreviewScreen)
        assert "not for me" in rows(screen)[0][1]
        await pilot.press("n")
        await pilot.pause()
        assert again.settings.not_for_me == ()
        assert rows(screen)[0][1] == "Front plank"


async def test_not_for_me_from_the_summary(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.at_summary(pilot, clock)
        assert isinstance(app.screen, SummaryScreen)
        table = app.screen.query_one("#summary-sets", DataTable)
        table.move_cursor(row=2)  # the bird dog, left side
        await pilot.press("n")
        await pilot.pause()
        assert app.settings.not_for_me == ("bird-dog",)


async def test_the_warm_up_is_offered_before_any_routine(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        assert "Warm-up first" in {b.binding.description
                                   for b in screen.active_bindings.values() if b.enabled}
        await pilot.press("w")
        await pilot.pause()
        assert rows(screen)[0][:2] == ["w", "Cat-camel (warm-up)"]
        await pilot.press("1", "enter")
        await pilot.pause()
        engine = app.session.engine  # type: ignore[union-attr]
        assert [ex.name for ex in engine.routine.exercises][:2] == ["Cat-camel", "Front plank"]


def climbing_history(data_dir: Path) -> None:
    """Check-ins of 1, 2 then 3 over three weeks: pain climbing week to week."""
    store = Store(data_dir)
    for weeks_ago, checkin in ((2, 1), (1, 2), (0, 3)):
        start = START - timedelta(weeks=weeks_ago, hours=3)
        store.save(SessionRecord(
            id=f"climb-{weeks_ago}", routine="quick", routine_name="Quick check",
            started_at=start, ended_at=start + timedelta(minutes=6), status="completed",
            baseline_pain=checkin, next_morning="same"))


async def test_the_preview_says_why_there_is_no_step_up_while_pain_climbs(
        tmp_path: Path) -> None:
    climbing_history(tmp_path / "data")
    app, _ = build_app(tmp_path, start="quick", history=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        text = str(screen.query_one("#suggestions").render())
        assert "No step up for now" in text and "1.0 → 2.0 → 3.0 out of 10" in text
        assert not [s for s in screen.suggestions if s.direction == "up"]


async def test_levels_are_named_and_the_supported_hold_follows_recent_pain(
        tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_shipped(pilot, "endurance-test")
        assert rows(screen)[2][1] == "Back-extensor hold: over a bench edge"
        assert rows(screen)[0][1] == "Trunk flexor hold: at 60°"
        # The rests are the published protocol's 5 minutes, and the preview says why.
        assert rows(screen)[1][4] == "300 s"
        assert "You rest 5 minutes between the holds, as the published test does" in (
            details(screen))
    # The seeded history has a pain report 15 days ago: the supported versions, and why.
    app, _ = build_app(tmp_path / "pained")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_shipped(pilot, "endurance-test")
        assert rows(screen)[0][1] == "Trunk flexor hold: supported"
        text = details(screen)
        assert "Lie on your back" in text and "a curl-up hold" in text
        assert "Level 1 of 2: supported → at 60°" in text
        assert "because pain was reported in the last 4 weeks" in text
        assert rows(screen)[2][1] == "Back-extensor hold: supported"
        screen.query_one("#exercises", DataTable).move_cursor(row=2)
        await pilot.pause()
        text = details(screen)
        assert "Level 1 of 2: supported → over a bench edge" in text
        assert "because pain was reported in the last 4 weeks" in text
        assert "Source: McGill" in text


async def test_the_session_and_the_summary_name_the_level(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_shipped(pilot, "big-three")
        assert rows(screen)[1][1] == "Side bridge: from the knees"
        await pilot.press("1", "enter")
        await pilot.pause()
        engine = app.session.engine  # type: ignore[union-attr]
        while not (engine.view().phase is PhaseKind.WORK and engine.view().exercise_index == 1):
            engine.skip()
        await scenarios.advance(pilot, clock, 0.5)
        assert "Side bridge: from the knees" in str(
            app.screen.query_one("#exercise-line").render())
        engine.skip()
        assert engine.sets[-1].level_name == "from the knees"


async def test_the_warm_up_row_is_not_marked_and_the_highlight_stays(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        await pilot.press("down")  # the bird dog
        await pilot.press("w")
        await pilot.pause()
        table = screen.query_one("#exercises", DataTable)
        assert rows(screen)[table.cursor_row][1] == "Bird dog"  # still the bird dog
        table.move_cursor(row=0)  # the warm-up row
        await pilot.press("n")
        await pilot.pause()
        assert app.settings.not_for_me == ()
        await pilot.press("w")
        await pilot.pause()
        assert rows(screen)[0][1] == "Front plank"


async def test_the_next_morning_answer_is_kept_when_the_app_closes_at_the_number(
        tmp_path: Path) -> None:
    from tests.test_app import _one_session

    _one_session(tmp_path / "data", hours_ago=20)
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("w")  # worse; then the app closes before any number
        await pilot.pause()
    (record,) = Store(tmp_path / "data").load().sessions
    assert (record.next_morning, record.next_morning_pain) == ("worse", None)

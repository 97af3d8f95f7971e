"""Touch and mouse: every session button does exactly what its key does, the check-in and the
pain prompt answer with one tap on 0-10, a tap on a routine opens it. Clicks go through the
real mouse path (pilot.click), as a mouse in a terminal or a tap in the browser would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable

from coretimer.ui.screens.session import SessionScreen
from tests import scenarios
from tests.scenarios import build_app, ready

#: A terminal, a phone in a browser (narrow and tall), and the sizes the page gives real
#: devices (issue 23): phones upright, one on its side, a tablet; then the other terminals.
#: The normal tier taps at a terminal, a phone upright, one on its side and a tablet; the
#: slow tier (`-m slow`) at every size.
SAMPLE = {(80, 24), (40, 29), (94, 20), (68, 43)}
SIZES = [size if size in SAMPLE else pytest.param(size, marks=pytest.mark.slow)
         for size in [(80, 24), (40, 44), (40, 29), (40, 38), (42, 37), (44, 38), (94, 20),
                      (68, 43), (60, 20), (120, 40)]]


def journal_entries(root: Path) -> list[dict[str, object]]:
    files = list((root / "data" / "journal").glob("*.jsonl"))
    assert len(files) == 1
    return [json.loads(line) for line in files[0].read_text().splitlines()]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_start_by_taps_then_pain_then_seven_stops_and_saves(
        tmp_path: Path, size: tuple[int, int]) -> None:
    app, clock = build_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        # Tap the quick routine (the last row) on home: its preview opens.
        table = app.screen.query_one("#routines", DataTable)
        last = table.row_count - 1
        table.scroll_to(y=last, animate=False)  # a short screen shows it once scrolled to
        await pilot.pause()
        await pilot.click(table, offset=(4, 1 + last - round(table.scroll_y)))
        await pilot.pause()
        assert type(app.screen).__name__ == "PreviewScreen"
        await pilot.click("#rate-2")  # the check-in, one tap
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await scenarios.advance(pilot, clock, 4.0)
        await pilot.click("#touch-pain")
        await pilot.pause()
        assert type(app.screen).__name__ == "PainPrompt"
        assert [e["type"] for e in journal_entries(tmp_path)][-1] == "pain"  # saved first
        await pilot.click("#rate-7")
        await pilot.pause()
        assert type(app.screen).__name__ == "PainStopScreen"
    saved = max((tmp_path / "data" / "sessions").glob("*.json"),
                key=lambda f: f.stat().st_mtime_ns)  # this session (the others are seeded)
    record = json.loads(saved.read_text())
    assert record["baseline_pain"] == 2 and record["status"] == "stopped_for_pain"
    assert [p["level"] for p in record["pain"]] == [7]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_tap_on_the_third_routine_opens_it(tmp_path: Path,
                                                   size: tuple[int, int]) -> None:
    app, _ = build_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        home = app.screen
        table = home.query_one("#routines", DataTable)
        third = home.routines[2]  # type: ignore[attr-defined]
        await pilot.click(table, offset=(4, 1 + 2))
        await pilot.pause()
        assert type(app.screen).__name__ == "PreviewScreen"
        assert app.screen.loaded.id == third.id  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_from_the_stop_screen_to_home_by_taps(tmp_path: Path,
                                                    size: tuple[int, int]) -> None:
    """The stop screen's See summary, then the summary's Home: each a button."""
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=size) as pilot:
        await scenarios.at_pain_stop(pilot, clock)
        assert type(app.screen).__name__ == "PainStopScreen"
        await pilot.click("#pain-stop-summary")
        await pilot.pause()
        assert type(app.screen).__name__ == "SummaryScreen"
        await pilot.click("#summary-home")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


@pytest.mark.parametrize(("button", "key"), [("touch-toggle_pause", "space"),
                                             ("touch-done", "enter"), ("touch-skip", "s"),
                                             ("touch-end", "q")])
async def test_each_button_does_what_its_key_does(tmp_path: Path, button: str,
                                                  key: str) -> None:
    async def state_after(how: str, root: Path) -> tuple[object, ...]:
        app, clock = build_app(root, start="quick")
        async with app.run_test(size=(80, 24)) as pilot:
            await scenarios.in_hold(pilot, clock)
            if how == "click":
                await pilot.click(f"#{button}")
            else:
                await pilot.press(key)
            await pilot.pause()
            session = app.session
            assert session is not None
            view = session.engine.view()
            return (type(app.screen).__name__, view.phase, view.set, view.paused,
                    [(s.set, s.ended_by) for s in session.engine.sets])

    clicked = await state_after("click", tmp_path / "click")
    pressed = await state_after("key", tmp_path / "key")
    assert clicked == pressed
    assert clicked != ("SessionScreen", "work", 1, False, [])  # it did something


async def test_the_buttons_never_take_the_keyboard(tmp_path: Path) -> None:
    """Enter and space stay the session's keys after a click on a button."""
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await scenarios.in_hold(pilot, clock)
        await pilot.click("#touch-toggle_pause")
        await pilot.pause()
        assert app.session is not None and app.session.engine.paused
        await pilot.press("space")  # resumes (a focused button would have been pressed again)
        assert not app.session.engine.paused
        assert app.focused is None or not app.focused.id or not app.focused.id.startswith(
            "touch-")


async def test_export_in_a_browser_downloads_the_file(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `coretimer serve` there is no home folder to write to that the person can see:
    the summary's export goes to the browser as a download (Textual's deliver_text)."""
    app, clock = build_app(tmp_path, start="quick")
    monkeypatch.setattr(type(app), "is_web", property(lambda self: True))
    delivered: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "deliver_text", lambda file, **kw: delivered.append(
        (kw["save_filename"], file.read())))
    async with app.run_test(size=(80, 24)) as pilot:
        await scenarios.at_summary(pilot, clock)
        await pilot.press("x")
        await pilot.pause()
    ((name, text),) = delivered
    record = json.loads(text)
    assert name == f"coretimer-session-{record['id']}.json"
    assert record["status"] == "completed"
    assert not list(Path.home().glob(f"coretimer-session-{record['id']}.json"))


@pytest.mark.parametrize("name", ["settings", "history", "stats", "help", "confirm-end",
                                  "next-morning", "pain-stop", "summary", "preview"])
async def test_on_a_phone_the_way_back_is_always_tappable(tmp_path: Path, name: str) -> None:
    """At 40 columns the key bar is cut on the right: the key that leaves a screen (Esc, or
    Enter where that is the way on) must be in what is shown, and a tap on it must work."""
    from textual.widgets._footer import FooterKey

    options, scenario = scenarios.SCREENS[name]
    app, clock = build_app(tmp_path, **options)  # type: ignore[arg-type]
    async with app.run_test(size=(40, 44)) as pilot:
        await scenario(pilot, clock)
        await pilot.pause()
        before = app.screen
        keys = [k for k in app.screen.query(FooterKey)
                if k.region.width and k.region.right <= 40]
        leave = [k for k in keys if k.key in ("escape", "enter", "n")]
        assert leave, [(k.key, k.region) for k in app.screen.query(FooterKey)]
        await pilot.click(leave[0])
        await pilot.pause()
        assert app.screen is not before


async def test_on_a_phone_the_morning_question_is_answered_by_taps(tmp_path: Path) -> None:
    """Issue 22: in `coretimer serve` the next-morning question and the history's m work by
    taps: the word in the key bar, then the 0-10 as a button."""
    from textual.widgets._footer import FooterKey

    from coretimer.store.history import Store

    app, _ = build_app(tmp_path, history="asking")
    async with app.run_test(size=(40, 44)) as pilot:
        await ready(pilot)
        assert type(app.screen).__name__ == "NextMorningPrompt"
        same = [k for k in app.screen.query(FooterKey) if k.key == "s"]
        assert same and same[0].region.right <= 40
        await pilot.click(same[0])
        await pilot.pause()
        await pilot.click("#rate-2")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    answers = {s.id: (s.next_morning, s.next_morning_pain)
               for s in Store(tmp_path / "data").load().sessions}
    assert answers["seed-6"] == ("same", 2)


@pytest.mark.parametrize("size", [(40, 29), (94, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_morning_answers_are_buttons(tmp_path: Path, size: tuple[int, int]) -> None:
    """Better, the same or worse by a tap on a big button, then the number."""
    from coretimer.store.history import Store

    app, _ = build_app(tmp_path, history="asking")
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        assert type(app.screen).__name__ == "NextMorningPrompt"
        await pilot.click("#morning-worse")
        await pilot.pause()
        assert not app.screen.query_one("#morning-answers").display  # answered once
        await pilot.click("#rate-5")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    answers = {s.id: (s.next_morning, s.next_morning_pain)
               for s in Store(tmp_path / "data").load().sessions}
    assert answers["seed-6"] == ("worse", 5)


async def test_on_a_phone_the_history_answers_a_morning_by_a_tap(tmp_path: Path) -> None:
    from textual.widgets._footer import FooterKey

    from coretimer.store.history import Store

    app, _ = build_app(tmp_path, history="asking")
    async with app.run_test(size=(40, 44)) as pilot:
        await ready(pilot)
        await pilot.press("escape")  # not now: asked once, answerable from the history
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
        morning = [k for k in app.screen.query(FooterKey) if k.key == "m"]
        assert morning and morning[0].region.right <= 40, [
            (k.key, k.region) for k in app.screen.query(FooterKey)]
        await pilot.click(morning[0])
        await pilot.pause()
        assert type(app.screen).__name__ == "NextMorningPrompt"
        await pilot.press("b", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
    answers = {s.id: s.next_morning for s in Store(tmp_path / "data").load().sessions}
    assert answers["seed-6"] == "better"

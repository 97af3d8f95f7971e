"""The app driven like a person would, with a fake clock: a full routine, pause, skip, done,
every pain path, quitting, the bell, signals, small terminals, and no traceback from any key."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from coretimer.model.clock import FakeClock
from coretimer.routine.plan import PhaseKind
from coretimer.settings import load_settings
from coretimer.store.history import Store
from coretimer.ui.app import CoretimerApp
from coretimer.ui.screens.confirm import ConfirmEnd
from coretimer.ui.screens.home import HomeScreen
from coretimer.ui.screens.pain import PainNextChoice, PainPrompt, PainStopScreen
from coretimer.ui.screens.preview import PreviewScreen
from coretimer.ui.screens.safety import SafetyNotice
from coretimer.ui.screens.session import SessionScreen
from coretimer.ui.screens.summary import SummaryScreen
from tests import scenarios
from tests.scenarios import GET_READY, PLANK, advance, build_app, ready, to_session

SIZE = (100, 32)


def saved(root: Path) -> list[dict[str, object]]:
    """Sessions on disk (not the seeded ones), oldest first."""
    sessions = Store(root / "data").load().sessions
    return [s.public_json() for s in sorted(sessions, key=lambda s: s.started_at)
            if not s.id.startswith("seed-")]


def engine_of(app: CoretimerApp):  # type: ignore[no-untyped-def]
    assert app.session is not None
    return app.session.engine


async def test_safety_notice_is_shown_once(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, acknowledged=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, SafetyNotice)
        text = app.screen.text
        for words in ("not a medical device", "sharp pain", "numbness", "weakness",
                      "see a clinician"):
            assert words in text
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    settings, _ = load_settings(tmp_path / "config")
    assert settings.safety_notice_acknowledged
    again = scenarios.make_app(data_dir=tmp_path / "data", config_dir=tmp_path / "config",
                               clock=FakeClock(), handle_signals=False)
    async with again.run_test(size=SIZE):
        assert isinstance(again.screen, HomeScreen)


async def test_home_lists_routines_streak_and_last_session(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        ids = [r.id for r in home.routines]
        assert ids[0] == "foundations" and "quick" in ids and len(ids) >= 6
        box = str(home.query_one("#streak-box").render())
        assert "This week: 2 of 3 sessions · streak 6 days" in box and "yesterday" in box
        assert "Quick check" in box
        table = home.query_one("#routines")
        quick_row = table.get_row("quick")  # type: ignore[attr-defined]
        assert str(quick_row[0]) == "Quick check" and str(quick_row[3]) == "yesterday"


async def test_home_at_a_zero_weekly_streak_says_how_far_this_week_is(tmp_path: Path) -> None:
    """No "Streak: 0 weeks of 3+": at zero, home says this week's sessions of the target
    (two this week in the seeded history); a streak still under way keeps its weeks."""
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        box = str(app.screen.query_one("#streak-box").render())
        assert box.startswith("This week: 2 of 3 sessions · streak 6 days\n"), box
        assert "0 weeks" not in box
    going, _ = build_app(tmp_path / "months", history="months")
    async with going.run_test(size=SIZE) as pilot:
        await ready(pilot)
        box = str(going.screen.query_one("#streak-box").render())
        assert box.startswith("Streak: 1 week of 3+ · 5 days\n"), box
    empty, _ = build_app(tmp_path / "empty", history=False)
    async with empty.run_test(size=SIZE) as pilot:
        await ready(pilot)
        box = str(empty.screen.query_one("#streak-box").render())
        assert box.startswith("This week: 0 of 3 sessions\n"), box


async def test_start_from_home_goes_through_preview_and_check_in(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, PreviewScreen)
        assert app.screen.loaded.id == "foundations"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("down", "v")
        assert isinstance(app.screen, PreviewScreen) and app.screen.loaded.id == "big-three"
        await pilot.press("3", "enter")
        assert isinstance(app.screen, SessionScreen)
        assert engine_of(app).baseline_pain == 3


async def test_enter_alone_skips_the_check_in(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await scenarios.ready(pilot)  # (a start waits for the history, read in a thread)
        await pilot.pause()
        assert engine_of(app).baseline_pain is None


async def test_full_routine_with_done_on_free_reps_and_max_hold(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.at_summary(pilot, clock)
        assert isinstance(app.screen, SummaryScreen)
        text = str(app.screen.query_one("#summary-compare").render())
        assert "Front plank: best hold 10 s today · last time 10 s · best so far 10 s" in text
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 1
    (session,) = saved(tmp_path)
    assert session["status"] == "completed" and session["baseline_pain"] == 1
    sets = [(s["exercise"], s["side"], s["set"], s["achieved"], s["completed"])
            for s in session["sets"]]  # type: ignore[union-attr]
    assert sets == [
        ("Front plank", None, 1, 10.0, True), ("Front plank", None, 2, 10.0, True),
        ("Bird dog", "left", 1, 4.0, True), ("Bird dog", "right", 1, 4.0, True),
        ("Glute bridge", None, 1, 8.0, True), ("Side plank", None, 1, 42.3, True),
    ]


async def test_screen_shows_the_engine_state(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.query_one("#phase-banner").has_class("-get-ready")
        clock_widget = screen.query_one("#clock")
        assert clock_widget.value == "3"  # type: ignore[attr-defined]
        await advance(pilot, clock, GET_READY + 2.2)
        assert screen.query_one("#phase-banner").has_class("-work")
        assert str(screen.query_one("#phase-banner").render()) == "WORK"
        assert clock_widget.value == "8"  # type: ignore[attr-defined]
        assert "Breathe in" in screen.query_one("#breath").text  # type: ignore[attr-defined]
        assert "Front plank" in str(screen.query_one("#exercise-line").render())
        assert "set 1 of 2" in str(screen.query_one("#exercise-line").render())
        await advance(pilot, clock, 8)
        assert screen.query_one("#phase-banner").has_class("-rest")
        assert "Next: Front plank — set 2 of 2" in str(screen.query_one("#next-up").render())


async def test_pause_freezes_the_clock(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        await advance(pilot, clock, GET_READY + 4)
        await pilot.press("space")
        screen = app.screen
        assert screen.query_one("#phase-banner").has_class("-paused")
        assert "PAUSED" in str(screen.query_one("#phase-banner").render())
        await advance(pilot, clock, 300)
        assert engine_of(app).view().remaining == pytest.approx(6)
        await pilot.press("space")
        await advance(pilot, clock, 6)
        assert engine_of(app).view().phase is PhaseKind.REST


async def test_done_and_skip(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        await pilot.press("enter")  # cut the get-ready short
        await advance(pilot, clock, 4.3)
        await pilot.press("enter")  # end the hold early
        engine = engine_of(app)
        assert (engine.sets[-1].achieved, engine.sets[-1].completed) == (4.3, False)
        assert engine.view().phase is PhaseKind.REST
        await pilot.press("s")  # skip the rest
        assert engine.view().phase is PhaseKind.WORK and engine.view().set == 2
        await pilot.press("s")  # skip set 2 at once: recorded as skipped, no amount
        assert (engine.sets[-1].achieved, engine.sets[-1].completed) == (None, False)
        assert engine.sets[-1].skipped


async def test_pain_spike_stops_and_is_saved_before_the_prompt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, clock = build_app(tmp_path, start="quick")
    seen_on_disk: list[list[str]] = []
    real_push = app.push_screen

    def push_screen(screen, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(screen, PainPrompt):
            journal = next((tmp_path / "data" / "journal").glob("*.jsonl"))
            seen_on_disk.append([json.loads(x)["type"] for x in journal.read_text().splitlines()])
        return real_push(screen, *args, **kwargs)

    monkeypatch.setattr(app, "push_screen", push_screen)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        await pilot.press("p")
        assert seen_on_disk == [["start", "pain"]]
        assert isinstance(app.screen, PainPrompt)
        assert engine_of(app).paused
        await advance(pilot, clock, 60)
        assert engine_of(app).view().remaining == pytest.approx(6.5)
        await pilot.press("7", "enter")
        assert isinstance(app.screen, PainStopScreen)
        text = str(app.screen.query_one("#pain-stop-text").render())
        assert "pain reported during Front plank: 7/10" in text and "smaller range" in text
        assert "clinician" in text
        await pilot.press("enter")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    (session,) = saved(tmp_path)
    assert session["status"] == "stopped_for_pain"
    assert [(p["exercise"], p["level"]) for p in session["pain"]] == [("Front plank", 7)]  # type: ignore[index, union-attr]
    assert [(s["achieved"], s["completed"]) for s in session["sets"]] == [(3.5, False)]  # type: ignore[index, union-attr]


async def test_the_pain_stop_shows_before_today_is_compared_with_the_history(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Comparing today with every earlier session reads them all from the index: that waits
    until the summary is asked for, never delaying the screen that answers a pain spike."""
    import coretimer.coaching.comparison as comparison

    calls: list[int] = []
    real = comparison.compare

    def compare(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(comparison, "compare", compare)
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        await pilot.press("p", "7", "enter")
        assert isinstance(app.screen, PainStopScreen)
        assert calls == []
        await pilot.press("enter")
        assert isinstance(app.screen, SummaryScreen)
        assert calls == [1]


async def test_escape_at_the_pain_prompt_is_a_spike(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        await pilot.press("p", "escape")
        assert isinstance(app.screen, PainStopScreen)
    (session,) = saved(tmp_path)
    assert session["status"] == "stopped_for_pain"
    assert session["pain"][0]["level"] is None  # type: ignore[index]


async def test_rise_over_baseline_is_a_spike(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot, baseline="1")
        await advance(pilot, clock, GET_READY + 2)
        await pilot.press("p", "3", "enter")
        assert isinstance(app.screen, PainStopScreen)


async def test_low_pain_ends_the_exercise_then_continue_or_end(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot, baseline="2")
        await advance(pilot, clock, GET_READY + 2)
        await pilot.press("p", "3", "enter")
        assert isinstance(app.screen, PainNextChoice)
        assert "Bird dog" in str(app.screen.query_one("Static").render())
        await pilot.press("enter")
        assert isinstance(app.screen, SessionScreen)
        engine = engine_of(app)
        view = engine.view()
        assert not view.paused and view.exercise is not None
        assert view.exercise.name == "Bird dog" and view.phase is PhaseKind.GET_READY
        await advance(pilot, clock, GET_READY + 1)
        await pilot.press("p", "1", "enter")
        assert isinstance(app.screen, PainNextChoice)
        await pilot.press("e")
        assert isinstance(app.screen, SummaryScreen)
    (session,) = saved(tmp_path)
    assert session["status"] == "ended_early"
    assert [p["level"] for p in session["pain"]] == [3, 1]  # type: ignore[union-attr, index]
    assert [(s["exercise"], s["completed"]) for s in session["sets"]] == [  # type: ignore[union-attr, index]
        ("Front plank", False), ("Bird dog", False)]


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
async def test_quit_asks_first_and_keeps_what_was_done(tmp_path: Path, key: str) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        await advance(pilot, clock, GET_READY + PLANK + 2)
        await pilot.press(key)
        assert isinstance(app.screen, ConfirmEnd)
        assert engine_of(app).paused
        await pilot.press("n")
        assert isinstance(app.screen, SessionScreen) and not engine_of(app).paused
        await pilot.press(key)
        await pilot.press("y")
        assert isinstance(app.screen, SummaryScreen)
    (session,) = saved(tmp_path)
    assert session["status"] == "ended_early"
    assert [s["completed"] for s in session["sets"]] == [True]  # type: ignore[union-attr, index]


async def test_ctrl_c_on_home_quits(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+c")
    assert app.return_code == 0


async def test_help_opens_and_closes(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.at_help(pilot, clock)
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert isinstance(app.screen, SessionScreen)


@pytest.mark.parametrize(("quiet", "player"), [(False, True), (False, False), (True, True),
                                               (True, False)])
async def test_sounds_at_phase_changes_and_before_the_end_of_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: bool, player: bool
) -> None:
    """Tones through the player; without a player, the terminal bell at the same moments;
    with --quiet, nothing at all (no tone, no bell, no speech)."""
    from coretimer.session.audio import Tones

    app, clock = build_app(tmp_path, start="quick", quiet=quiet)
    if not player:
        app.page.player = Tones(None, tmp_path / "cache")
    sounds: list[tuple[float, str]] = []
    monkeypatch.setattr(app, "bell", lambda: sounds.append((clock.monotonic(), "bell")))
    voice = scenarios.heard(app)
    monkeypatch.setattr(voice, "play",
                        lambda s: sounds.append((clock.monotonic(), s)) or True)
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        start = clock.monotonic()
        await advance(pilot, clock, GET_READY + PLANK + 1, step=0.25)
    if quiet:
        assert sounds == [] and voice.said == []
        return
    # get ready starts (0), work starts (3), 3-2-1 at 10, 11, 12 s, rest starts (13).
    # The get-ready's own 2-1 do not sound: only work has a 3-2-1.
    times = [0.0, 3.0, 10.0, 11.0, 12.0, 13.0]
    kinds = ["rest", "go", "tick", "tick", "tick", "rest"] if player else ["bell"] * 6
    assert [(round(t - start, 2), k) for t, k in sounds] == list(zip(times, kinds, strict=True))
    assert voice.said[:6] == ["Front plank, 10 second hold", "Go", "3", "2", "1",
                             "Rest, 4 seconds"]


@pytest.mark.parametrize(("keys", "sound", "voice"), [("b", False, True), ("v", True, False),
                                                    ("bv", False, False)])
async def test_sound_and_voice_settings_turn_them_off(
        tmp_path: Path, keys: str, sound: bool, voice: bool) -> None:
    from coretimer.session.cues import Cue

    app, _ = build_app(tmp_path)
    heard = scenarios.heard(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o", *keys)
        text = " ".join(str(w.render()) for w in app.screen.query(".setting-note"))
        assert "test-voice" in text  # the engine in use is named
        await pilot.press("escape")
        assert (app.settings.sound, app.settings.voice) == (sound, voice)
        app.announcer.announce(Cue("go", "Go"))
    assert heard.played == (["go"] if sound else [])
    assert heard.said == (["Go"] if voice else [])
    saved = load_settings(tmp_path / "config")[0]
    assert (saved.sound, saved.voice) == (sound, voice)


async def test_settings_say_when_no_speech_engine_is_installed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    app, _ = build_app(tmp_path)
    app.page.speaker = app.page.player = None
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o")
        text = " ".join(str(w.render()) for w in app.screen.query(".setting-note"))
    assert "No speech engine installed" in text and "terminal bell" in text


async def test_interrupt_saves_the_session_as_interrupted(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        await advance(pilot, clock, GET_READY + PLANK + PLANK_REST_PLUS_TWO)
        app.interrupt()  # what SIGTERM / SIGHUP call
        await pilot.pause()
    (session,) = saved(tmp_path)
    assert session["status"] == "interrupted"
    assert [(s["set"], s["achieved"], s["completed"]) for s in session["sets"]] == [  # type: ignore[union-attr, index]
        (1, 10.0, True), (2, 2.0, False)]
    assert not list((tmp_path / "data" / "journal").glob("*.jsonl"))


PLANK_REST_PLUS_TWO = scenarios.PLANK_REST + 2


@pytest.mark.parametrize("name", ["home", "preview", "hold", "reps", "pain-prompt", "summary"])
async def test_everything_fits_in_80_by_24(tmp_path: Path, name: str) -> None:
    options, scenario = scenarios.SCREENS[name]
    app, clock = build_app(tmp_path, **options)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await scenario(pilot, clock)
        screen = app.screen
        region = screen.region
        important = [w for w in screen.query("Footer, #clock, #cue, #phase-banner, "
                                             "#checkin, #pain-prompt, #summary-title, #routines")
                     if w.display]
        assert important
        for widget in important:
            assert region.contains_region(widget.region), (widget, widget.region)
            assert widget.region.height > 0


@pytest.mark.parametrize(("seed", "presses"), [
    (20261121, 60), pytest.param(20261204, 400, marks=pytest.mark.slow)])
async def test_no_key_produces_a_traceback(tmp_path: Path, seed: int, presses: int) -> None:
    """Mash keys across every screen; the app must keep running (run_test re-raises errors).
    A sample of presses in the normal tier, many more in the slow one."""
    app, clock = build_app(tmp_path, start="quick")
    keys = ["enter", "escape", "space", "p", "s", "q", "y", "n", "e", "c", "h", "o", "v", "b",
            "question_mark", "up", "down", "backspace", "1", "0", "7", "5", "tab", "ctrl+c"]
    rng = random.Random(seed)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(presses):
            key = rng.choice(keys)
            if (key == "q" and isinstance(app.screen, HomeScreen)) or (
                    key == "ctrl+c" and app.session is None):
                continue  # these quit outside a session: correct, but it ends the test
            await pilot.press(key)
            await advance(pilot, clock, rng.choice([0.0, 0.3, 2.0, 9.0]))
        assert app.is_running
        seen = {type(s).__name__ for s in app.screen_stack}
    assert app.return_code in (None, 0), seen


async def test_digits_and_enter_arriving_together_are_taken_in_order(tmp_path: Path) -> None:
    """A fast typist's "4⏎" must start with baseline 4, not race the Enter ahead."""
    app, _ = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        from textual import events

        # As the terminal driver delivers them: both keys queued on the app at once.
        app.post_message(events.Key("4", "4"))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert engine_of(app).baseline_pain == 4


class RichError(RuntimeError):
    """An exception that renders itself: Textual sends these to its panic screen."""

    def __rich__(self) -> str:
        return "[b]a bug that renders itself[/b]"


@pytest.mark.parametrize("error", [RuntimeError("a bug"), RichError("a bug")],
                         ids=["ordinary", "with __rich__"])
async def test_an_unexpected_error_saves_the_session_and_shows_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: RuntimeError
) -> None:
    app, clock = build_app(tmp_path, start="quick")
    with pytest.raises(RuntimeError, match="a bug"):
        async with app.run_test(size=SIZE) as pilot:
            await to_session(pilot)
            await advance(pilot, clock, GET_READY + PLANK + 1)
            engine = engine_of(app)

            def broken() -> list[object]:
                raise error

            monkeypatch.setattr(engine, "update", broken)
            app.call_later(app.tick)
            await pilot.pause()
    assert app.return_code == 1
    assert app._exit_renderables == []  # nothing for Textual to print
    assert app.crash_log is not None
    log = app.crash_log.read_text()
    assert f"{type(error).__name__}: a bug" in log and "in broken" in log
    (session,) = saved(tmp_path)
    assert session["status"] == "interrupted"
    assert [s["completed"] for s in session["sets"]] == [True]  # type: ignore[union-attr, index]


class FullDisk:
    """Every fsync fails with ENOSPC while `full`; install() puts it in place of os.fsync."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import os

        self.full = True
        self._real = os.fsync
        self._monkeypatch = monkeypatch

    def fsync(self, fd: int) -> None:
        import errno

        if self.full:
            raise OSError(errno.ENOSPC, "No space left on device")
        self._real(fd)

    def install(self) -> None:
        import os

        self._monkeypatch.setattr(os, "fsync", self.fsync)


async def test_full_disk_keeps_the_session_and_saves_it_when_space_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, clock = build_app(tmp_path, start="quick")
    disk = FullDisk(monkeypatch)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        disk.install()
        await advance(pilot, clock, GET_READY + PLANK + 1)
        engine = engine_of(app)
        assert engine.storage_error and engine.storage_error == "the disk is full"
        assert engine.view().phase is PhaseKind.REST  # the session goes on
        await pilot.press("q", "y")
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and not summary.saved
        assert "Not saved to disk" in str(summary.query_one("#summary-title").render())
        assert saved(tmp_path) == []
        await pilot.press("w")  # still full
        assert not summary.saved and saved(tmp_path) == []
        await pilot.press("x")  # export elsewhere... also fails while fsync fails
        disk.full = False
        await pilot.press("x")
        exported = list((tmp_path / "home").glob("coretimer-session-*.json"))
        assert len(exported) == 1 and json.loads(exported[0].read_text())["sets"]
        await pilot.press("w")
        assert summary.saved
    (session,) = saved(tmp_path)
    assert session["status"] == "ended_early"
    assert [s["completed"] for s in session["sets"]] == [True]  # type: ignore[union-attr, index]
    assert not list((tmp_path / "data" / "journal").glob("*.jsonl"))


async def test_an_unsaved_session_left_behind_is_saved_at_the_next_reload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, clock = build_app(tmp_path, start="quick")
    disk = FullDisk(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        disk.install()
        await advance(pilot, clock, GET_READY + PLANK + 1)
        await pilot.press("q", "y", "enter")  # leave the summary without saving
        assert isinstance(app.screen, HomeScreen) and len(app.state.unsaved) == 1
        disk.full = False
        app.load()
        await scenarios.settled(pilot)
        assert app.state.unsaved == []
    (session,) = saved(tmp_path)
    assert [s["completed"] for s in session["sets"]] == [True]  # type: ignore[union-attr, index]


def _one_session(data_dir: Path, hours_ago: float) -> str:
    from datetime import timedelta

    from coretimer.model.record import SessionRecord
    from tests.scenarios import START

    start = START - timedelta(hours=hours_ago)
    Store(data_dir).save(SessionRecord(
        id="one", routine="quick", routine_name="Quick check", started_at=start,
        ended_at=start, status="completed", baseline_pain=2))
    return "one"


@pytest.mark.parametrize(("keys", "answer", "pain"), [
    (("b", "2", "enter"), "better", 2), (("s", "3", "enter"), "same", 3),
    # 10/10 (and 4/10) are 2 or more above the check-in's 2/10: counted as worse, and the
    # screen says why before Enter closes it
    (("s", "1", "0", "enter", "enter"), "same", 10),
    (("w", "enter"), "worse", None), (("w", "escape"), "worse", None),
    (("s", "b", "4", "enter", "enter"), "same", 4),  # b once answered is not a new answer
    (("escape",), None, None)])  # not now: nothing saved, asked no more, answerable later
async def test_next_morning_is_asked_once_and_saved(tmp_path: Path, keys: tuple[str, ...],
                                                    answer: str | None,
                                                    pain: int | None) -> None:
    from coretimer.ui.screens.next_morning import NextMorningPrompt

    _one_session(tmp_path / "data", hours_ago=20)
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, NextMorningPrompt)
        if len(keys) > 1:  # the 0-10 question, with the scale's anchors
            await pilot.press(keys[0])
            keys = keys[1:]
            text = str(app.screen.query_one("#next-morning-pain Static").render())
            assert "from 0 to 10" in text and "worst imaginable" in text
        await pilot.press(*keys)
        assert isinstance(app.screen, HomeScreen)
    (record,) = Store(tmp_path / "data").load().sessions
    assert (record.next_morning, record.next_morning_pain) == (answer, pain)
    again, _ = build_app(tmp_path, history=False)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(again.screen, HomeScreen)


async def test_a_same_morning_well_above_the_check_in_is_counted_as_worse_and_says_why(
        tmp_path: Path) -> None:
    from coretimer.ui.screens.next_morning import NextMorningPrompt

    _one_session(tmp_path / "data", hours_ago=20)  # checked in at 2/10
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s", "4", "enter")
        prompt = app.screen
        assert isinstance(prompt, NextMorningPrompt)
        text = str(prompt.query_one("#next-morning-verdict").render())
        assert "Counted as a worse morning" in text
        assert "4/10 that morning is 2 points above the 2/10 you gave before" in text
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    (record,) = Store(tmp_path / "data").load().sessions
    assert (record.next_morning, record.next_morning_pain) == ("same", 4)


@pytest.mark.parametrize(("hours_ago", "asked"), [
    (6, False), (11.9, False), (12.1, True), (48.1, True), (100, True), (167.9, True),
    (168.1, False)])
async def test_next_morning_is_asked_from_12_hours_to_7_days(tmp_path: Path, hours_ago: float,
                                                             asked: bool) -> None:
    from coretimer.ui.screens.next_morning import NextMorningPrompt

    _one_session(tmp_path / "data", hours_ago=hours_ago)
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, NextMorningPrompt if asked else HomeScreen)


async def test_preview_offers_pain_gated_steps_and_a_applies_them(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        assert [(s.exercise, s.direction, s.current, s.suggested)
                for s in preview.suggestions] == [("Front plank", "up", 10, 15),
                                                  ("Bird dog", "up", 4, 5)]
        assert "Step up: Front plank 10 → 15 s" in str(
            preview.query_one("#suggestions").render())
        await pilot.press("a")
        assert preview.routine.exercises[0].hold == 15
        await pilot.press("a")  # changed my mind
        assert preview.routine.exercises[0].hold == 10
        await pilot.press("a", "1", "enter")
        engine = engine_of(app)
        assert engine.routine.exercises[0].hold == 15 and engine.routine.exercises[1].reps == 5
        await advance(pilot, clock, GET_READY + 15)
        assert engine.sets[0].target == 15.0 and engine.sets[0].completed


@pytest.mark.parametrize(("level", "moves", "words"), [
    (3, [("Front plank", "down")], "No step up for now: you reported 3/10 during"),
    # Issue 22: low pain holds back only the exercise it counts against, and says so.
    (2, [("Front plank", "stay"), ("Bird dog", "up")],
     "Stays: Front plank at 10 s (you reported 2/10 during it on Friday: it stays at 10 s "
     "until a week has passed without that"),
])
async def test_no_step_up_is_offered_after_pain(tmp_path: Path, level: int,
                                                moves: list[tuple[str, str]],
                                                words: str) -> None:
    from datetime import timedelta

    from coretimer.model.record import PainReport

    app, _ = build_app(tmp_path, start="quick")
    store = Store(tmp_path / "data")
    latest = max(store.load().sessions, key=lambda s: s.started_at)
    store.save(latest.model_copy(update={"pain": [PainReport(
        at=latest.started_at + timedelta(minutes=2), exercise="Front plank", level=level)]}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        assert [(s.exercise, s.direction) for s in preview.suggestions] == moves
        assert words in str(preview.query_one("#suggestions").render()).replace("\n", " ")
        # A step back is used without a key; a step up only with a.
        routine = preview.routine
        assert routine is not None
        assert routine.exercises[0].hold == (5 if level == 3 else 10)
        assert routine.exercises[1].reps == 4
        if level == 2:
            await pilot.press("a")
            assert preview.routine is not None and preview.routine.exercises[1].reps == 5


async def test_weekly_target_is_settable(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o", "minus", "minus", "plus")
        assert app.settings.weekly_target == 2
        for _ in range(8):
            await pilot.press("plus")
        assert app.settings.weekly_target == 7
    assert load_settings(tmp_path / "config")[0].weekly_target == 7


async def test_home_counts_the_session_just_finished_while_its_summary_is_open(
        tmp_path: Path) -> None:
    """Home is drawn again when a setting changes; with the summary still open, the session
    just finished is in the history already, and home's facts must count it too (a review
    of issue 26: they were the facts of the history before it)."""
    from coretimer.ui import messages

    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=(100, 32)) as pilot:
        await scenarios.at_summary(pilot, clock)
        assert isinstance(app.screen, SummaryScreen)
        app.post_message(messages.ChangeSettings(weekly_target=4))
        await pilot.pause()
        assert app.history is not None and app._home.data is not None
        assert app._home.data.facts.count == len(app.history.shown())


async def test_home_says_what_the_plan_asks_for_next(tmp_path: Path) -> None:
    """Issue 27: a plan for Saturdays at 18:00 (the fake clock's Saturday morning, nothing
    done yet today) says today is planned; one for Mondays and Wednesdays names the next
    day and the last routine done, and makes the weekly target two."""
    from datetime import time

    from coretimer.coaching.plan import Plan

    app, _ = build_app(tmp_path, plan=Plan((5,), time(18, 0), "foundations"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        box = str(app.screen.query_one("#streak-box").render())
        assert "\nToday: planned · 18:00 · Back-safe foundations\n" in box, box
        assert box.startswith("Streak: 4 weeks of 1+"), box  # (the plan: one a week)
    other, _ = build_app(tmp_path / "other", plan=Plan((0, 2)))
    async with other.run_test(size=SIZE) as pilot:
        await ready(pilot)
        box = str(other.screen.query_one("#streak-box").render())
        assert "\nNext: Monday · Quick check\n" in box, box
        assert box.startswith("Streak: 1 week of 2+"), box


async def test_the_settings_say_when_the_weekly_target_follows_the_plan(tmp_path: Path) -> None:
    """Issue 27: with a plan and no target set on its own, the target is the plan's number of
    days and the settings say so; changing it there sets it on its own."""
    from coretimer.coaching.plan import Plan

    app, _ = build_app(tmp_path, plan=Plan((0, 2)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await pilot.pause()
        text = str(app.screen.query_one("#weekly-target").render())
        assert "Weekly target: 2 sessions a week (your plan's days)" in text, text
        await pilot.press("plus")
        await pilot.pause()
        text = str(app.screen.query_one("#weekly-target").render())
        assert "Weekly target: 3 sessions a week (+" in text, text
        assert app.settings.weekly_target == 3

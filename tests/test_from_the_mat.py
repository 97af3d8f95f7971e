"""Following a session from the mat: paced reps shown step by step, the flash at every phase
change, the breathing bar only where it belongs, the words the app speaks."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from coretimer.model.routine import Routine
from coretimer.ui.screens.session import SessionScreen
from coretimer.ui.widgets.breathing import BreathPacer
from coretimer.ui.widgets.countdown import BigCountdown
from tests import scenarios
from tests.scenarios import GET_READY, PLANK_DONE, advance, build_app, to_session

SIZE = (80, 24)


def banner_text(screen: SessionScreen) -> str:
    shown = screen.query_one("#phase-banner").render()
    return getattr(shown, "plain", str(shown))


async def test_paced_reps_show_each_step_with_the_rep_number_large(tmp_path: Path) -> None:
    """Bird dog: tempo 2, rep_hold 1 → lift 1 s, hold 1 s (counted down), lower 1 s."""
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        await advance(pilot, clock, PLANK_DONE + GET_READY + 0.2, step=0.2)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        big = screen.query_one(BigCountdown)
        seen = []
        for _ in range(7):  # two reps and a bit, in 0.5 s steps
            seen.append((banner_text(screen), big.value, big.caption))
            await advance(pilot, clock, 0.5, step=0.5)
        assert seen == [
            ("LIFT", "1", "rep 1 of 4"), ("LIFT", "1", "rep 1 of 4"),
            ("HOLD · 1", "1", "rep 1 of 4"), ("HOLD · 1", "1", "rep 1 of 4"),
            ("LOWER", "1", "rep 1 of 4"), ("LOWER", "1", "rep 1 of 4"),
            ("LIFT", "2", "rep 2 of 4")]
        assert big.rows >= 7  # the rep number is drawn in the big block digits
        # Reps show no breathing bar (the routine does not ask for one).
        assert screen.query_one(BreathPacer).text == ""
        said = scenarios.heard(app).said
        assert said[-5:] == ["Bird dog, 4 reps, left side first", "Go. lift", "hold", "lower",
                             "lift"]


async def test_a_phase_change_flashes_the_banner_once(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick", flash=True)
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        banner = screen.query_one("#phase-banner")
        await pilot.pause(0.5)
        assert not banner.has_class("-flash")  # over: it lasts a moment
        await advance(pilot, clock, GET_READY - 0.5)  # still getting ready: no change
        assert not banner.has_class("-flash")
        await advance(pilot, clock, 0.6)  # work starts
        assert banner.has_class("-flash")
        await pilot.pause(0.5)
        assert not banner.has_class("-flash")


def test_the_breathing_bar_shows_in_reps_only_when_the_routine_asks() -> None:
    base = {"name": "R", "exercises": [{"name": "Bridge", "kind": "reps", "reps": 5,
                                        "tempo": 2}]}
    assert not Routine.model_validate(base).exercises[0].shows_breathing
    base["exercises"][0]["breathing_bar"] = True  # type: ignore[index]
    assert Routine.model_validate(base).exercises[0].shows_breathing
    hold = {"name": "R", "exercises": [{"name": "Plank", "kind": "hold", "hold": 20}]}
    assert Routine.model_validate(hold).exercises[0].shows_breathing


async def test_a_routine_that_asks_gets_the_breathing_bar_during_reps(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asks = scenarios.QUICK_ROUTINE.replace('reps = 4\ntempo = 2',
                                           'reps = 4\nbreathing_bar = true\ntempo = 2')
    assert asks != scenarios.QUICK_ROUTINE
    monkeypatch.setattr(scenarios, "QUICK_ROUTINE", asks)
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        await advance(pilot, clock, PLANK_DONE + GET_READY + 1.2)
        assert app.screen.query_one(BreathPacer).text.startswith("Breathe")


@pytest.mark.parametrize(("cues", "problem"), [
    (["up", "down"], "three words"),
    (["up", "hold", "down", "again"], "three words"),
    (["", "hold", "down"], "must not be empty"),
    (["up\x1b", "hold", "down"], "control characters"),
])
def test_rep_cues_are_checked(tmp_path: Path, cues: list[str], problem: str) -> None:
    from coretimer.routine.files import check_files

    path = tmp_path / "r.toml"
    words = ", ".join(f'"{w}"' for w in cues).replace("\x1b", "\\u001b")
    path.write_text(f'name = "R"\n[[exercises]]\nname = "Bridge"\nkind = "reps"\nreps = 5\n'
                    f'tempo = 2\nrep_cues = [{words}]\n')
    problems = [str(p) for p in check_files([path])]
    assert problems and problem in " ".join(problems), problems
    assert "rep_cues" in " ".join(problems)


def test_rep_cues_need_paced_reps(tmp_path: Path) -> None:
    from coretimer.routine.files import check_files

    path = tmp_path / "r.toml"
    path.write_text('name = "R"\n[[exercises]]\nname = "Bridge"\nkind = "reps"\nreps = 5\n'
                    'rep_cues = ["up", "hold", "down"]\n')
    problems = " ".join(str(p) for p in check_files([path]))
    assert "rep_cues only apply to paced reps" in problems


async def test_a_pain_stop_is_said_once_it_is_saved(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        voice = scenarios.heard(app)
        await pilot.press("p")
        assert voice.said[-1] == "Paused. How strong is the pain, from 0 to 10?"
        await pilot.press("6", "enter")
        await pilot.pause()
        assert voice.said[-1] == "Pain saved. Session stopped."
        assert type(app.screen).__name__ == "PainStopScreen"


async def test_nothing_says_go_while_the_clock_is_stopped(tmp_path: Path) -> None:
    """After a low pain rating the next exercise is entered with the clock stopped, while the
    app asks whether to go on: no "Go", no intro, no tone until the person chooses to go on."""
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        voice = scenarios.heard(app)
        await pilot.press("p")
        said, played = len(voice.said), len(voice.played)
        stops = voice.stops
        assert stops >= 1  # the report stopped the clock: speech hushed
        await pilot.press("2", "enter")  # low: that exercise is over; go on or end?
        await pilot.pause()
        assert type(app.screen).__name__ == "PainNextChoice"
        assert voice.said[said:] == [] and voice.played[played:] == []
        await pilot.press("enter")  # go on
        await pilot.pause()
        assert voice.said[said:] == ["Bird dog, 4 reps, left side first"]
        assert voice.played[played:] == ["rest"]


async def test_the_app_wakes_at_the_next_change_not_on_a_fixed_beat(tmp_path: Path) -> None:
    """3.5 s into a 10 s hold the clock shows 7 until 4.0 s: the next wake is 0.5 s away
    (plus a hair), not a fixed tick."""
    from coretimer.ui.session_flow import LATE_BY

    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        timer = app.flow.tick_timer
        assert timer is not None
        assert timer._interval == pytest.approx(0.5 + LATE_BY, abs=1e-6)
        await pilot.press("space")  # paused: nothing changes, nothing wakes
        assert app.flow.tick_timer is None


# --- The Big Three: 10 s holds counted on the big digits, the rep beside them ---------------


async def test_a_big_three_hold_counts_down_on_the_big_digits_with_the_rep_beside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The curl-up's second rep, every half second: the rep number big while lifting and
    lowering; during the 10 s hold its seconds left big, "REP 2/6" smaller beside them (in
    block letters, not the muted caption), the banner the step's word. The digits redraw
    only when what they show changes, and the voice counts the hold's last 3 s before
    "lower"."""
    from coretimer.ui.widgets.countdown import BlockDigits

    redraws: list[tuple[str, tuple[str, ...]]] = []
    original = BlockDigits.refresh

    def refresh(self: BlockDigits, *args: Any, **kwargs: Any) -> Any:
        redraws.append((self.text, self.aside))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(BlockDigits, "refresh", refresh)
    app, clock = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.to_big_three(pilot)
        rep_2 = scenarios.BIG_THREE_GET_READY + scenarios.BIG_THREE_REP
        await advance(pilot, clock, rep_2 + 0.2, step=0.2)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        big = screen.query_one(BigCountdown)
        voice = scenarios.heard(app)
        said = len(voice.said)
        redraws.clear()
        seen = []
        for _ in range(24):  # 12 s in half seconds: lift, hold, lower of rep 2
            seen.append((banner_text(screen), big.value, big.aside, big.caption))
            await advance(pilot, clock, 0.5, step=0.1)  # ticks five times as often as needed
        hold = [("HOLD", str(math.ceil(10 - k / 2)), ("REP", "2/6"),
                 "rep 2 of 6 · seconds left in the hold") for k in range(20)]
        assert seen == [("LIFT", "2", (), "rep 2 of 6")] * 2 + hold + [
            ("LOWER", "2", (), "rep 2 of 6")] * 2
        assert [v for v, _ in redraws] == ["10", "9", "8", "7", "6", "5", "4", "3", "2", "1",
                                          "2", "3"]
        digits = screen.query_one(BlockDigits)
        assert digits.rows >= 7  # 80x24: the hold's seconds as big as any clock
        assert voice.said[said:] == ["hold", "3", "2", "1", "lower", "lift"]


async def test_the_big_three_get_ready_shows_the_dose_it_says(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.to_big_three(pilot)
        await advance(pilot, clock, 1.0)
        big = app.screen.query_one(BigCountdown)
        assert big.caption == "6 reps of 10-second holds, then 4, then 2"
        assert scenarios.heard(app).said[-1] == (
            "Curl-up, 6 reps of 10-second holds, then 4, then 2")


async def test_pain_in_a_big_three_hold_freezes_the_digits_and_the_voice(
        tmp_path: Path) -> None:
    """p 3.4 s into a hold: while the rating is asked, the digits stay on 7, nothing is said
    or played and the app does not wake; 0 goes on from 7."""
    app, clock = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_big_three_hold(pilot, clock)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        big = screen.query_one(BigCountdown)
        assert (big.value, big.aside) == ("7", ("REP", "3/6"))
        voice = scenarios.heard(app)
        await pilot.press("p")
        said, played = len(voice.said), len(voice.played)
        await advance(pilot, clock, 20)  # the rating takes a while
        assert app.flow.tick_timer is None
        assert (big.value, big.aside) == ("7", ("REP", "3/6"))
        assert banner_text(screen) == "PAUSED FOR PAIN"
        assert voice.said[said:] == [] and voice.played[played:] == []
        await pilot.press("0", "enter")
        await pilot.pause()
        assert app.screen is screen and banner_text(screen) == "HOLD"
        assert (big.value, big.aside) == ("7", ("REP", "3/6"))
        await advance(pilot, clock, 3.7)  # 7.1 s into the hold: "3"
        assert big.value == "3" and voice.said[-1] == "3"

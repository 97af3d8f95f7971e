"""What a session says: the exact sequence of spoken cues for every shipped routine, on a fake
clock, driven the way the App drives it (waking at `next_change()`)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coretimer.model.clock import FakeClock
from coretimer.model.exercise import Exercise
from coretimer.model.routine import Routine
from coretimer.routine.files import discover
from coretimer.routine.plan import PhaseKind, rep_steps
from coretimer.session.cues import Cue, cue_for, dose, introduce
from coretimer.session.engine import Engine
from coretimer.session.events import Event
from coretimer.session.moments import HALFWAY_FROM
from coretimer.session.rules import Pacing
from tests.helpers import hold, reps, routine

SHIPPED = {r.id: r for r in discover(Path("/nonexistent")).routines}
USER_SECONDS = 7.0  # how long the test "holds" a max hold or does unpaced reps


def drive(engine: Engine, clock: FakeClock) -> list[Cue]:
    """Run a session as the App does: wake at each next_change(), turn each step's events
    into a cue. Phases only the user ends are ended after USER_SECONDS."""
    cues: list[Cue] = []
    get_ready = engine.routine.get_ready > 0

    def heard(events: list[Event]) -> None:
        cue = cue_for(events, get_ready=get_ready)
        if cue is not None:
            cues.append(cue)

    heard(engine.start())
    for _ in range(200_000):
        if engine.finished:
            return cues
        view = engine.view()
        spec = view.spec
        if spec is not None and spec.kind is PhaseKind.WORK and (
                spec.duration is None or spec.counts_up) and view.elapsed >= USER_SECONDS:
            heard(engine.done())
            continue
        delay = engine.next_change()
        assert delay is not None and 0 < delay <= 1.0 + 1e-9, delay
        clock.advance(delay)
        heard(engine.update())
    raise AssertionError("the session never ended")


def spoken(r: Routine) -> list[str]:
    clock = FakeClock()
    return [c.say for c in drive(Engine(r, clock), clock) if c.say]


def expected(r: Routine) -> list[str]:
    """What should be said, worked out from the routine alone (not from the engine)."""
    out: list[str] = []
    for i, ex in enumerate(r.exercises):
        if r.get_ready > 0:
            out.append(introduce(ex))
        for s in range(1, ex.sets + 1):
            for k in range(len(ex.side_list)):
                first = s == 1 and k == 0
                go = f"{introduce(ex)}. Go" if (first and r.get_ready == 0) else "Go"
                if ex.sides == "both" and ex.rest == 0 and not first:
                    go = f"{'Left' if k == 0 else 'Right'} side. Go"
                out.extend(work_words(ex.for_set(s), go))
                if k < len(ex.side_list) - 1 and ex.rest > 0:
                    out.append(f"Switch to your {ex.side_list[k + 1]} side")
            if s < ex.sets and ex.rest > 0:
                out.append(rest_words(ex.rest))
        if i < len(r.exercises) - 1 and r.rest_between_exercises > 0:
            out.append(rest_words(r.rest_between_exercises))
    out.append("Session complete. Well done.")
    return out


def rest_words(seconds: int) -> str:
    return "Rest, 1 second" if seconds == 1 else f"Rest, {seconds} seconds"


#: A paced rep's hold of this many seconds or more is counted down (written out, not taken
#: from the code under test).
COUNTED_HOLD = 5


def work_words(ex: Exercise, go: str) -> list[str]:
    if ex.is_paced:
        words = []
        for move in range(ex.movements):
            side = ("Left", "Right")[move % 2] if ex.alternates else None
            for st in rep_steps(ex):  # alternating sides: the side is said with the move
                words.append(f"{side}, {st.word}" if side and st.name == "lift" else st.word)
                if st.name == "hold" and st.seconds >= COUNTED_HOLD:
                    words += ["3", "2", "1"]  # then the return step's word
        return [f"{go}. {words[0]}", *words[1:]]
    if ex.kind == "hold" and not ex.is_max_hold:
        assert isinstance(ex.hold, int)
        middle = ["Halfway"] if ex.hold >= HALFWAY_FROM else []
        count = [str(n) for n in (3, 2, 1) if ex.hold - n > 0]
        return [go, *middle, *count]
    return [go]


@pytest.mark.parametrize("routine_id", sorted(SHIPPED))
def test_every_shipped_routine_says_exactly_what_its_exercises_call_for(
        routine_id: str) -> None:
    r = SHIPPED[routine_id].routine
    said = spoken(r)
    want = expected(r)
    assert said == want


def test_the_first_words_of_the_foundations_routine() -> None:
    said = spoken(SHIPPED["foundations"].routine)
    assert said[:5] == ["Drawing-in (abdominal vacuum), 10 reps", "Go. draw in", "hold",
                        "let go", "draw in"]
    assert "Dead bug, 10 reps each side, alternating" in said
    assert "Left, lower" in said and "Right, reach" in said  # the dead bug, the bird dog
    assert "Rest, 20 seconds" in said and "Rest, 30 seconds" in said


def test_the_big_three_word_for_word() -> None:
    """Written out by hand (not derived from the code under test): the dose of each exercise
    at its get-ready, pyramid and all, and every 10 s hold counted down, the rep's return
    word said after "1"."""

    def reps_of(count: int, words: tuple[str, str, str] = ("lift", "hold", "lower"), *,
                alternate: bool = False) -> list[str]:
        out: list[str] = []
        for _ in range(count):
            for side in ("Left", "Right") if alternate else (None,):
                move, hold_word, back = words
                out += [f"{side}, {move}" if side else move, hold_word, "3", "2", "1", back]
        return [f"Go. {out[0]}", *out[1:]]

    rest, switch = "Rest, 15 seconds", "Switch to your right side"
    curl_up = [*reps_of(6), rest, *reps_of(4), rest, *reps_of(2)]
    side_bridge = [*reps_of(6), switch, *reps_of(6), rest, *reps_of(4), switch, *reps_of(4),
                   rest, *reps_of(2), switch, *reps_of(2)]
    bird = ("reach", "hold", "return")
    bird_dog = [*reps_of(6, bird, alternate=True), rest, *reps_of(4, bird, alternate=True),
                rest, *reps_of(2, bird, alternate=True)]
    said = spoken(SHIPPED["big-three"].routine)
    assert said == [
        "Curl-up, 6 reps of 10-second holds, then 4, then 2", *curl_up, "Rest, 30 seconds",
        "Side bridge, from the knees, 6 reps of 10-second holds, then 4, then 2, "
        "left side first", *side_bridge, "Rest, 30 seconds",
        "Bird dog, 6 reps of 10-second holds each side, alternating, then 4, then 2",
        *bird_dog, "Session complete. Well done."]
    assert said[1:8] == ["Go. lift", "hold", "3", "2", "1", "lower", "lift"]


def test_a_rep_hold_is_counted_from_five_seconds() -> None:
    """Five seconds leave room for "3" after the hold's word; a 4 s hold is not counted."""
    five = routine(reps("Pelvic tilt", 1, tempo=2, rep_hold=5), get_ready=0)
    four = routine(reps("Pelvic tilt", 1, tempo=2, rep_hold=4), get_ready=0)
    assert spoken(five) == ["Pelvic tilt, 1 rep of a 5-second hold. Go. lift", "hold", "3",
                            "2", "1", "lower", "Session complete. Well done."]
    assert spoken(four) == ["Pelvic tilt, 1 rep. Go. lift", "hold", "lower",
                            "Session complete. Well done."]


def test_the_countdown_of_a_rep_hold_falls_on_its_last_seconds() -> None:
    """"3" 3 s before the hold ends, "1" 1 s before, the return word at its end: each its own
    cue, on the engine's clock (pauses left out), never on a count of ticks."""
    clock = FakeClock()
    engine = Engine(routine(reps("Curl-up", 2, tempo=2, rep_hold=10), get_ready=0), clock)
    heard = [(0.0, cue_for(engine.start(), get_ready=False))]
    while engine.active() < 13.5:
        if engine.active() == pytest.approx(4.0):
            engine.pause()
            clock.advance(100)  # paused: no time passes for the session
            engine.resume()
        clock.advance(engine.next_change() or 1.0)
        cue = cue_for(engine.update(), get_ready=False)
        if cue is not None:
            heard.append((round(engine.active(), 6), cue))
    assert heard == [
        (0.0, Cue("go", "Curl-up, 2 reps of 10-second holds. Go. lift")),
        (1.0, Cue("step", "hold")), (8.0, Cue("tick", "3")), (9.0, Cue("tick", "2")),
        (10.0, Cue("tick", "1")), (11.0, Cue("step", "lower")), (12.0, Cue("step", "lift")),
        (13.0, Cue("step", "hold"))]


def test_a_stall_through_1_still_says_the_return_word() -> None:
    """Woken late, past "1" (at 10 s) and "lower" (at 11 s) in one step: the stale "1" is
    dropped, the return word is said."""
    clock = FakeClock()
    engine = Engine(routine(reps("Curl-up", 1, tempo=2, rep_hold=10), get_ready=0), clock)
    engine.start()
    clock.advance(9.9)
    engine.update()
    clock.advance(1.2)
    events = engine.update()
    assert [type(e).__name__ for e in events] == ["Countdown", "RepPhase"]
    assert cue_for(events, now=engine.active()) == Cue("step", "lower")


def test_without_a_get_ready_a_pyramid_is_named_whole_at_go() -> None:
    r = routine(reps("Curl-up", [6, 4, 2], tempo=2, rep_hold=10, rest=15), get_ready=0)
    assert spoken(r)[0] == "Curl-up, 6 reps of 10-second holds, then 4, then 2. Go. lift"


@pytest.mark.parametrize(("fields", "words"), [
    ({"kind": "reps", "reps": 6, "tempo": 2, "rep_hold": 10}, "6 reps of 10-second holds"),
    ({"kind": "reps", "reps": [6, 4, 2], "tempo": 2, "rep_hold": 10},
     "6 reps of 10-second holds, then 4, then 2"),
    ({"kind": "reps", "reps": [6, 6, 6], "tempo": 2, "rep_hold": 10},
     "6 reps of 10-second holds"),
    ({"kind": "reps", "reps": [5, 3, 1], "tempo": 2, "rep_hold": 7.5},
     "5 reps of 7.5-second holds, then 3, then 1"),
    ({"kind": "reps", "reps": 1, "tempo": 2, "rep_hold": 10}, "1 rep of a 10-second hold"),
    ({"kind": "reps", "reps": [6, 4, 2], "tempo": 2, "rep_hold": 10, "sides": "alternate"},
     "6 reps of 10-second holds each side, alternating, then 4, then 2"),
    ({"kind": "reps", "reps": 10, "tempo": 3, "rep_hold": 2}, "10 reps"),
    ({"kind": "reps", "reps": [8, 6, 4]}, "8 reps, then 6, then 4"),
    ({"kind": "hold", "hold": [30, 20, 10]}, "30 second hold, then 20, then 10"),
    ({"kind": "hold", "hold": 30}, "30 second hold"),
])
def test_the_dose_in_words(fields: dict[str, Any], words: str) -> None:
    ex = routine({"name": "X", **fields}).exercises[0]
    assert dose(ex) == words
    side = routine({"name": "X", **fields, "sides": "both"}) if "sides" not in fields else None
    if side is not None:
        assert introduce(side.exercises[0]) == f"X, {words}, left side first"


def test_a_hold_says_go_halfway_and_counts_down() -> None:
    r = routine(hold("Plank", 30), get_ready=5)
    assert spoken(r) == ["Plank, 30 second hold", "Go", "Halfway", "3", "2",
                         "1", "Session complete. Well done."]


def test_a_short_hold_has_no_halfway() -> None:
    r = routine(hold("Plank", int(HALFWAY_FROM) - 1), get_ready=5)
    assert "Halfway" not in spoken(r)


def test_without_a_get_ready_the_exercise_is_named_when_work_starts() -> None:
    r = routine(reps("Dead bug", 2, tempo=4, sides="both", rest=10), get_ready=0)
    assert spoken(r) == [
        "Dead bug, 2 reps, left side first. Go. lift", "lower", "lift", "lower",
        "Switch to your right side", "Go. lift", "lower", "lift", "lower",
        "Session complete. Well done."]


def test_routine_step_words_are_said() -> None:
    r = routine(reps("Bridge", 1, tempo=2, rep_hold=3, rep_cues=["up", "squeeze", "down"]),
                get_ready=0)
    assert spoken(r) == ["Bridge, 1 rep. Go. up", "squeeze", "down",
                         "Session complete. Well done."]


def test_sounds_go_rest_and_ticks() -> None:
    clock = FakeClock()
    r = routine(hold("Plank", 10, sets=2, rest=5), reps("Bird dog", 2, tempo=2), get_ready=3)
    sounds = [c.sound for c in drive(Engine(r, clock), clock)]
    assert sounds == ["rest", "go", "tick", "tick", "tick", "rest", "go", "tick", "tick",
                      "tick", "rest", "rest", "go", "step", "step", "step", "rest"]


def test_a_pain_stop_says_saved_only_when_it_was() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold("Plank", 30)), clock)
    engine.start()
    clock.advance(8)
    engine.update()
    engine.report_pain()
    events = engine.rate_pain(8)
    assert cue_for(events) == Cue(None, "Pain saved. Session stopped.")
    assert cue_for(events, pain_saved=False) == Cue(
        None, "Pain noted, not saved yet. Session stopped.")


def test_stale_events_of_a_stalled_step_are_not_said() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold("Plank", 30), get_ready=0), clock)
    engine.start()
    clock.advance(29.5)  # the UI stalled through halfway, 3 and 2
    cue = cue_for(engine.update())
    assert cue is not None and cue.say == "1"


# -- next_change: wake exactly when something shown changes, never miss one -----------------

def shown(engine: Engine) -> tuple[Any, ...]:
    """What the session screen draws from a view, at the resolution it draws it."""
    v = engine.view()
    return (v.phase, v.spec, None if v.remaining is None else math.ceil(v.remaining - 1e-9),
            math.floor(v.elapsed + 1e-9) if v.counts_up else None, v.cue, v.breath,
            int(v.breath_fraction * Pacing().breath_steps + 1e-9) if v.breath else None, v.rep_word,
            None if v.rep_step_left is None else math.ceil(v.rep_step_left - 1e-9),
            v.reps_done, v.hold_countdown, v.rep_number, v.rep_step_frame)


@settings(max_examples=40, deadline=None)
@given(
    hold_s=st.integers(1, 45), tempo=st.integers(1, 6),
    rep_hold=st.sampled_from([None, 1, 2, 3, 5, 7.5, 10]),
    count=st.integers(1, 4), get_ready=st.integers(0, 5),
    offsets=st.lists(st.floats(0.01, 0.99), min_size=1, max_size=3),
    name=st.sampled_from(["Bridge", "Bird dog"]),  # the bird dog's figure moves in frames
)
def test_nothing_shown_changes_before_next_change(
        hold_s: int, tempo: int, rep_hold: float | None, count: int, get_ready: int,
        offsets: list[float], name: str) -> None:
    kw: dict[str, Any] = {"tempo": tempo}
    if rep_hold:
        kw["rep_hold"] = rep_hold
    r = routine(hold("Plank", hold_s, cues=["a", "b"]), reps(name, count, **kw),
                get_ready=get_ready, rest_between_exercises=3)
    clock = FakeClock()
    engine = Engine(r, clock)
    engine.start()
    while not engine.finished:
        delay = engine.next_change()
        assert delay is not None and delay > 0
        before = shown(engine)
        start = clock.monotonic()
        for f in offsets:  # look inside the interval (view() only reads): nothing changed yet
            clock._now = start + delay * f
            assert shown(engine) == before, (delay, f)
        clock._now = start
        clock.advance(delay)
        engine.update()


def test_a_one_second_rest_is_singular() -> None:
    r = routine(hold("Plank", 2, sets=2, rest=1), get_ready=0)
    assert "Rest, 1 second" in spoken(r)


def test_the_breathing_bar_moves_when_the_engine_says_it_does() -> None:
    """next_change() wakes the app at each breathing step; the widget must draw the same steps."""
    from coretimer.ui.widgets.breathing import STEPS

    assert Pacing().breath_steps == STEPS


def test_with_no_rest_between_sides_the_side_is_said_at_go() -> None:
    r = routine(hold("Side plank", 5, sides="both", sets=2, rest=0), get_ready=3)
    assert spoken(r) == [
        "Side plank, 5 second hold, left side first", "Go", "3", "2", "1",
        "Right side. Go", "3", "2", "1", "Left side. Go", "3", "2", "1",
        "Right side. Go", "3", "2", "1", "Session complete. Well done."]


def test_a_late_event_is_not_said_long_after_it_happened() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold("Plank", 30), get_ready=0), clock)
    engine.start()
    clock.advance(16.0)  # halfway was at 15 s; the UI was stalled for a second
    events = engine.update()
    assert [type(e).__name__ for e in events] == ["Halfway"]
    assert cue_for(events, now=engine.active()) is None
    assert cue_for(events) == Cue(None, "Halfway")  # without `now`, only relative staleness


def test_the_quick_routine_word_for_word() -> None:
    """Written out by hand (not derived from the code under test): a hold in two sets, paced
    reps on both sides with a hold in each rep, reps at your own pace, a max hold."""
    import tomllib

    from tests.scenarios import QUICK_ROUTINE

    steps = ["lift", "hold", "lower"] * 4
    assert spoken(Routine.model_validate(tomllib.loads(QUICK_ROUTINE))) == [
        "Front plank, 10 second hold", "Go", "3", "2", "1", "Rest, 4 seconds",
        "Go", "3", "2", "1", "Rest, 5 seconds",
        "Bird dog, 4 reps, left side first", "Go. lift", *steps[1:],
        "Switch to your right side", "Go. lift", *steps[1:], "Rest, 5 seconds",
        "Glute bridge, 8 reps", "Go", "Rest, 5 seconds",
        "Side plank, hold as long as your form stays good", "Go",
        "Session complete. Well done."]

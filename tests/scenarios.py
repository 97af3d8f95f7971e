"""Apps in known states, shared by the pilot tests, the snapshot tests and
`scripts/screenshots.py`, so the README's pictures show exactly what the tests check.

Everything runs on a FakeClock: the screen moves only when a scenario advances the clock.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button

from coretimer.coaching.plan import Plan
from coretimer.model.clock import FakeClock
from coretimer.model.record import NotDoneSet, PainReport, SessionRecord, SetResult
from coretimer.routine.files import load_routine_file
from coretimer.settings import Settings
from coretimer.store.history import Store
from coretimer.ui.app import CoretimerApp
from coretimer.ui.factory import make_app
from coretimer.ui.screens.home import HomeData, HomeScreen

QUICK_ROUTINE = '''\
name = "Quick check"
description = "A short routine for tests and screenshots: hold, paced reps, free reps, max hold."
rest_between_exercises = 5
get_ready = 3

[[exercises]]
name = "Front plank"
kind = "hold"
hold = 10
sets = 2
rest = 4
setup = "Forearms down, elbows under shoulders."
cues = ["Brace, then keep breathing", "Lower back stays flat",
        "Squeeze your glutes and keep your ribs down, so that your lower back stays long and flat"]

[[exercises]]
name = "Bird dog"
kind = "reps"
reps = 4
tempo = 2
rep_hold = 1
sides = "both"
rest = 3
cues = ["Reach long, hips level", "Pause and breathe"]

[[exercises]]
name = "Glute bridge"
kind = "reps"
reps = 8
rest = 3
cues = ["Lift with the glutes, not the lower back"]

[[exercises]]
name = "Side plank"
kind = "hold"
hold = "max"
cues = ["Hips up, keep breathing"]
'''

START = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)

# Durations of the quick routine's phases, for walking to a given screen.
GET_READY = 3
PLANK = 10
PLANK_REST = 4
BETWEEN = 5


def write_quick_routine(config_dir: Path) -> Path:
    folder = config_dir / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "quick.toml"
    path.write_text(QUICK_ROUTINE)
    return path


def seed_history(data_dir: Path, *, asking: bool = False) -> None:
    """A few weeks of sessions: a growing plank, one stop for pain. With `asking`, the last
    session (yesterday) has no next-morning answer yet, so the app asks."""
    store = Store(data_dir)
    for i, (days_ago, plank, status, pain) in enumerate([
        (20, 20.0, "completed", None), (18, 25.0, "completed", None),
        (15, 25.0, "stopped_for_pain", 6), (13, 30.0, "completed", None),
        (6, 30.0, "completed", None), (2, 35.0, "completed", None),
        (1, 40.0, "completed", None),
    ]):
        start = START - timedelta(days=days_ago, hours=1)
        # The quick routine's 10 s holds, done in full (a stopped session's second set was
        # cut short by the pain).
        sets = [SetResult(exercise="Front plank", kind="hold", side=None, set=n, target=10.0,
                          achieved=10.0 if n == 1 or status == "completed" else plank / 5,
                          completed=n == 1 or status == "completed")
                for n in (1, 2)]
        sets.append(SetResult(exercise="Bird dog", kind="reps", side="left", set=1,
                              target=4.0, achieved=4.0, completed=True))
        reports = [] if pain is None else [
            PainReport(at=start + timedelta(minutes=4), exercise="Front plank", level=pain)]
        store.save(SessionRecord(
            id=f"seed-{i}", routine="quick", routine_name="Quick check", started_at=start,
            ended_at=start + timedelta(minutes=6), status=status,  # type: ignore[arg-type]
            baseline_pain=1, sets=sets, pain=reports,
            next_morning=None if asking and days_ago == 1 else "same"))


def seed_pain_left(data_dir: Path) -> None:
    """This morning: pain rated 3 in the plank's first set; its second set not done, the bird
    dog done on both sides, then the session ended."""
    start = START - timedelta(hours=2)
    plank = {"exercise": "Front plank", "exercise_id": "front-plank", "kind": "hold",
             "target": 10.0}
    bird = {"exercise": "Bird dog", "exercise_id": "bird-dog", "kind": "reps", "target": 4.0,
            "set": 1, "achieved": 4.0, "completed": True, "ended_by": "time"}
    Store(data_dir).save(SessionRecord(
        id="pain-left", routine="quick", routine_name="Quick check", started_at=start,
        ended_at=start + timedelta(minutes=2), status="ended_early", baseline_pain=2,
        sets=[SetResult(**plank, set=1, achieved=4.0, completed=False,  # type: ignore[arg-type]
                        ended_by="pain"),
              SetResult(**bird, side="left"),  # type: ignore[arg-type]
              SetResult(**bird, side="right")],  # type: ignore[arg-type]
        pain=[PainReport(at=start + timedelta(seconds=7), exercise="Front plank", level=3,
                         phase="work", counts_against=["front-plank"],
                         exercise_id="front-plank")],
        not_done=[NotDoneSet(**plank, set=2, after_sets=1)]))  # type: ignore[arg-type]


def seed_months(data_dir: Path) -> None:
    """About three months: three sessions most weeks, a plank growing from 20 s to 45 s, a few
    pain reports, and an endurance test each month."""
    store = Store(data_dir)
    day = START - timedelta(days=84)
    i = 0
    while day < START:
        if day.weekday() in (0, 2, 4) and i % 11 != 10:
            plank = 20.0 + i * 0.7
            sets = [SetResult(exercise="Front plank", kind="hold", set=n, target=round(plank),
                              achieved=plank, completed=True) for n in (1, 2)]
            sets += [SetResult(exercise="Bird dog", kind="reps", side=side, set=1, target=10.0,
                               achieved=float(6 + i // 8), completed=i // 8 >= 4)
                     for side in ("left", "right")]
            pain = [PainReport(at=day, exercise="Bird dog", level=3)] if i % 9 == 4 else []
            store.save(SessionRecord(
                id=f"m-{i:03d}", routine="quick", routine_name="Quick check",
                started_at=day.replace(hour=7), ended_at=day.replace(hour=7, minute=20),
                status="stopped_for_pain" if i == 13 else "completed",
                baseline_pain=max(0, 3 - i // 10), sets=sets, pain=pain,
                next_morning="worse" if pain else "better",
                next_morning_pain=max(0, 3 - i // 8) + (1 if pain else 0)))
        if day.day == 6:
            n = (day.month - 8) * 6
            published = day.month == 11  # the last test: the published one, the others adapted
            holds = [("Front plank", None, 55.0 + n), ("Side plank", "left", 38.0 + n),
                     ("Side plank", "right", 44.0 + n / 2), ("Back-extensor hold", None, 70.0 + n)]
            ids = (["trunk-flexor-hold", "side-bridge-test", "side-bridge-test",
                    "back-extensor-test"] if published else [None] * 4)
            names = (["Trunk flexor hold", "Side bridge", "Side bridge", "Back-extensor hold"]
                     if published else [e for e, _, _ in holds])
            store.save(SessionRecord(
                id=f"t-{day:%m%d}", routine="endurance-test", routine_name="Endurance test",
                started_at=day.replace(hour=18), ended_at=day.replace(hour=18, minute=15),
                status="completed", baseline_pain=1, next_morning="same",
                sets=[SetResult(exercise=name, exercise_id=key, kind="hold", side=side,  # type: ignore[arg-type]
                                set=1, target=None, achieved=v, completed=True,
                                level=2 if published and key == "back-extensor-test" else None,
                                level_name="over a bench edge" if published and
                                key == "back-extensor-test" else None)
                      for (_, side, v), key, name in zip(holds, ids, names, strict=True)]))
        i += 1 if day.weekday() in (0, 2, 4) else 0
        day += timedelta(days=1)


class Heard:
    """A speaker and a sound player that record what the app would say and play."""

    name = "test-voice"

    def __init__(self) -> None:
        self.said: list[str] = []
        self.played: list[str] = []
        self.stops = 0

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        self.stops += 1

    def prepare(self) -> None:
        return None

    def play(self, sound: str) -> bool:
        self.played.append(sound)
        return True


def heard(app: CoretimerApp) -> Heard:
    speaker = app.announcer.speaker
    assert isinstance(speaker, Heard)
    return speaker


def build_app(
    root: Path, *, acknowledged: bool = True, history: bool | str = True,
    start: str | None = None, quiet: bool = False, flash: bool = False,
    theme: str = "textual-dark", plan: Plan | None = None,
) -> tuple[CoretimerApp, FakeClock]:
    """A test app on a fake clock with the quick routine installed as a user routine.
    `history`: True for a few sessions, "asking" for those with yesterday's next morning not
    answered yet, "pain-left" for those and one this morning whose plank was ended by pain
    rated 3, "months" for about three months, False for none."""
    data_dir, config_dir = root / "data", root / "config"
    routine_path = write_quick_routine(config_dir)
    if history == "months":
        seed_months(data_dir)
    elif history:
        seed_history(data_dir, asking=history == "asking")
        if history == "pain-left":
            seed_pain_left(data_dir)
    clock = FakeClock(START)
    app = make_app(
        data_dir=data_dir, config_dir=config_dir, clock=clock, quiet=quiet,
        start_routine=load_routine_file(routine_path, source="user") if start else None,
        handle_signals=False,
        settings=Settings(safety_notice_acknowledged=acknowledged, theme=theme, plan=plan),
        speaker=(voice := Heard()), player=voice, cache_dir=root / "cache",
        flash_seconds=0.3 if flash else 0.0,  # a flash in a snapshot depends on timing
    )
    return app, clock


async def advance(pilot: Pilot[None], clock: FakeClock, seconds: float, step: float = 0.5) -> None:
    """Move the fake clock forward, ticking the app as its timer would."""
    app = pilot.app
    assert isinstance(app, CoretimerApp)
    remaining = seconds
    while remaining > 1e-9:
        dt = min(step, remaining)
        clock.advance(dt)
        remaining -= dt
        app.tick()
    await pilot.pause()


async def tap(pilot: Pilot[None], selector: str) -> None:
    """Tap a button as a person does. Textual's Button ignores a press while its 0.2 s press
    effect shows (a double tap is one tap); a person's next tap comes later than a test's, so
    wait the effect out first, on the real clock it runs on."""
    button = pilot.app.screen.query_one(selector, Button)
    for _ in range(100):
        if not button.has_class("-active"):
            break
        await pilot.pause(0.05)
    assert not button.has_class("-active"), f"{selector} stayed pressed"
    await pilot.click(selector)
    await pilot.pause()


async def settled(pilot: Pilot[None]) -> None:
    """Wait until no load of routines and history runs (they load in a thread just after
    the first frame, and again after each change), and what it read is shown."""
    app = pilot.app
    assert isinstance(app, CoretimerApp)
    await pilot.pause()
    await app.settled()
    await pilot.pause()


async def ready(pilot: Pilot[None]) -> None:
    """Wait until routines and history are loaded (they load just after the first frame)."""
    app = pilot.app
    assert isinstance(app, CoretimerApp)
    for _ in range(100):
        await settled(pilot)
        if app.loaded:
            break
    assert app.loaded, "routines and history never loaded"
    await pilot.pause()


async def to_session(pilot: Pilot[None], baseline: str = "1") -> None:
    """From the preview (started with start="quick"): check in and start."""
    await ready(pilot)
    for key in baseline:
        await pilot.press(key)
    await pilot.press("enter")
    await pilot.pause()


Scenario = Callable[[Pilot[None], FakeClock], Awaitable[None]]


async def at_home(pilot: Pilot[None], clock: FakeClock) -> None:
    await ready(pilot)


async def at_preview(pilot: Pilot[None], clock: FakeClock) -> None:
    await ready(pilot)
    await pilot.press("2")
    await pilot.pause()


async def at_preview_bird_dog(pilot: Pilot[None], clock: FakeClock) -> None:
    """The preview with the bird dog highlighted: its figure in its top pose beside."""
    await at_preview(pilot, clock)
    await pilot.press("down")
    await pilot.pause()


async def in_hold(pilot: Pilot[None], clock: FakeClock) -> None:
    await to_session(pilot)
    await advance(pilot, clock, GET_READY + 3.5)


async def in_rest(pilot: Pilot[None], clock: FakeClock) -> None:
    await to_session(pilot)
    await advance(pilot, clock, GET_READY + PLANK + 1.2)


async def in_reps(pilot: Pilot[None], clock: FakeClock) -> None:
    await to_session(pilot)
    await advance(pilot, clock, PLANK_DONE + GET_READY + 7.2)


#: Seconds from the start to the end of the plank (both sets), then of the bird dog.
PLANK_DONE = GET_READY + 2 * PLANK + PLANK_REST + BETWEEN
BIRD_DOG_DONE = PLANK_DONE + GET_READY + 12 + 3 + 12 + BETWEEN


async def at_get_ready(pilot: Pilot[None], clock: FakeClock) -> None:
    await to_session(pilot)
    await advance(pilot, clock, 1.2)


async def in_switch_side(pilot: Pilot[None], clock: FakeClock) -> None:
    await to_session(pilot)
    await advance(pilot, clock, PLANK_DONE + GET_READY + 12 + 1.1)


async def in_free_reps(pilot: Pilot[None], clock: FakeClock) -> None:
    await to_session(pilot)
    await advance(pilot, clock, BIRD_DOG_DONE + GET_READY + 4)


async def in_max_hold(pilot: Pilot[None], clock: FakeClock) -> None:
    await in_free_reps(pilot, clock)
    await pilot.press("enter")  # free reps done: how many?
    await pilot.press("enter")  # all of them
    await advance(pilot, clock, BETWEEN + GET_READY + 65.3, step=1.0)


async def paused(pilot: Pilot[None], clock: FakeClock) -> None:
    await in_hold(pilot, clock)
    await pilot.press("space")
    await pilot.pause()


async def at_pain_prompt(pilot: Pilot[None], clock: FakeClock) -> None:
    await in_hold(pilot, clock)
    await pilot.press("p")
    await pilot.press("6")
    await pilot.pause()


async def rated_zero(pilot: Pilot[None], clock: FakeClock) -> None:
    """Pain pressed by mistake and rated 0: the set goes on, and a notice says so."""
    await in_hold(pilot, clock)
    await pilot.press("p", "0", "enter")
    await pilot.pause()
    await advance(pilot, clock, 1.0)


async def at_pain_stop(pilot: Pilot[None], clock: FakeClock) -> None:
    await at_pain_prompt(pilot, clock)
    await pilot.press("enter")
    await pilot.pause()


async def at_summary(pilot: Pilot[None], clock: FakeClock) -> None:
    """The whole quick routine: free reps and the max hold are ended with Enter."""
    await to_session(pilot)
    await advance(pilot, clock, GET_READY + 2 * PLANK + PLANK_REST + BETWEEN)  # plank done
    await advance(pilot, clock, GET_READY + 12 + 3 + 12 + BETWEEN)  # bird dog both sides
    await advance(pilot, clock, GET_READY + 25)
    await pilot.press("enter")  # free reps done: how many?
    await pilot.press("enter")  # Enter alone: all 8
    await advance(pilot, clock, BETWEEN + GET_READY + 42.3)
    await pilot.press("enter")  # side plank held 42 s
    await pilot.pause()


async def at_summary_cut_short(pilot: Pilot[None], clock: FakeClock) -> None:
    """Issue 25's "last time": the plank done in full, then the session ended 7 s into the
    bird dog's left side (done in full, 4 reps, in the seeded history): a set cut short by
    ending the session, not compared with the full ones."""
    await to_session(pilot)
    await advance(pilot, clock, GET_READY + 2 * PLANK + PLANK_REST + BETWEEN)  # plank done
    await advance(pilot, clock, GET_READY + 7)
    await pilot.press("q", "y")
    await pilot.pause()


async def at_summary_pain_left(pilot: Pilot[None], clock: FakeClock) -> None:
    """Pain rated 3 in the plank's first set: the plank is over (its second set not done),
    the bird dog done on both sides, then the session ended. (2 before the session: a 3 is
    below the spike rule.)"""
    await to_session(pilot, baseline="2")
    await advance(pilot, clock, GET_READY + 3.5)
    await pilot.press("p", "3", "enter")
    await pilot.pause()
    await pilot.press("enter")  # continue with the bird dog
    await advance(pilot, clock, GET_READY + 12 + 3 + 12 + 1)
    await pilot.press("q", "y")
    await pilot.pause()


async def at_confirm_end(pilot: Pilot[None], clock: FakeClock) -> None:
    await in_hold(pilot, clock)
    await pilot.press("q")
    await pilot.pause()


async def at_help(pilot: Pilot[None], clock: FakeClock) -> None:
    await in_hold(pilot, clock)
    await pilot.press("question_mark")
    await pilot.pause()


async def at_history(pilot: Pilot[None], clock: FakeClock) -> None:
    await ready(pilot)
    await pilot.press("h")
    await pilot.pause()


async def at_session_detail(pilot: Pilot[None], clock: FakeClock) -> None:
    """A past session opened from the history: the one stopped for pain 15 days ago."""
    await at_history(pilot, clock)
    await pilot.press("down", "down", "down", "down", "enter")
    await pilot.pause()


async def at_pain_left_detail(pilot: Pilot[None], clock: FakeClock) -> None:
    """The newest session opened from the history: a set left out because of pain."""
    await at_history(pilot, clock)
    await pilot.press("enter")
    await pilot.pause()


async def at_settings(pilot: Pilot[None], clock: FakeClock) -> None:
    await ready(pilot)
    await pilot.press("o")
    await pilot.pause()


async def at_stats(pilot: Pilot[None], clock: FakeClock) -> None:
    await ready(pilot)
    await pilot.press("t")
    await pilot.pause()


async def at_stats_end(pilot: Pilot[None], clock: FakeClock) -> None:
    """The bottom of the progress screen: pain week by week and the endurance test, with the
    published reference values shown (a setting)."""
    app = pilot.app
    assert isinstance(app, CoretimerApp)
    await ready(pilot)
    app.settings = app.settings.replace(endurance_reference=True)
    await pilot.press("t")
    await pilot.pause()
    app.screen.query_one("#stats-body").scroll_end(animate=False)
    await pilot.pause()


async def to_shipped_preview(pilot: Pilot[None], routine_id: str) -> None:
    """The preview of a shipped routine, once routines and history are loaded."""
    app = pilot.app
    assert isinstance(app, CoretimerApp)
    await ready(pilot)
    catalogue = app.routines()
    found = catalogue.find(routine_id) if catalogue is not None else None
    assert found is not None
    app.places.preview(found)
    await pilot.pause()


async def settle_tables(pilot: Pilot[None]) -> None:
    """Wait until every table on the screen has measured its rows. A DataTable sizes its
    columns when it is next idle; on a busy machine a snapshot could catch the frame before,
    its columns as narrow as their headings ("Cat-came")."""
    from textual.widgets import DataTable

    for _ in range(50):
        await pilot.pause()
        tables = pilot.app.screen.query(DataTable)
        if not any(getattr(t, "_require_update_dimensions", False) or getattr(t, "_new_rows", ())
                   for t in tables):
            return


async def at_big_three_preview(pilot: Pilot[None], clock: FakeClock) -> None:
    """The Big Three in the preview, with the warm-up first: levels, pyramids, sources."""
    await to_shipped_preview(pilot, "big-three")
    await pilot.press("w")  # the highlight stays on the curl-up, now the second row
    await pilot.press("down")
    await settle_tables(pilot)


async def at_foundations_preview(pilot: Pilot[None], clock: FakeClock) -> None:
    """The first shipped routine in the preview: long names and doses, the check-in below."""
    await to_shipped_preview(pilot, "foundations")


async def at_endurance_preview(pilot: Pilot[None], clock: FakeClock) -> None:
    """The endurance list in the preview: equipment, and an exercise not offered yet."""
    await to_shipped_preview(pilot, "endurance")


#: The Big Three's timing: get-ready, then reps of lift 1 s, hold 10 s, lower 1 s.
BIG_THREE_GET_READY = 10
BIG_THREE_REP = 12
#: The bird dog's get-ready: the curl-up (12 reps, two rests of 15 s), 30 s between, the
#: side bridge's get-ready and its 24 reps (12 a side) with three side switches and two
#: rests of 15 s, 30 s between.
BIRD_DOG_GET_READY_AT = (BIG_THREE_GET_READY + 12 * BIG_THREE_REP + 2 * 15 + 30
                         + BIG_THREE_GET_READY + 24 * BIG_THREE_REP + 5 * 15 + 30)


async def to_big_three(pilot: Pilot[None]) -> None:
    """The shipped Big Three started from its preview, with no history (no suggestions)."""
    await to_shipped_preview(pilot, "big-three")
    await to_session(pilot)


async def in_big_three_hold(pilot: Pilot[None], clock: FakeClock) -> None:
    """The curl-up's third rep, 3.4 s into its 10 s hold: 7 on the big digits, "3/6" beside."""
    await to_big_three(pilot)
    await advance(pilot, clock, BIG_THREE_GET_READY + 2 * BIG_THREE_REP + 1 + 3.4)


async def at_big_three_bird_dog_get_ready(pilot: Pilot[None], clock: FakeClock) -> None:
    """The bird dog's get-ready: the longest dose of the Big Three under the digits."""
    await to_big_three(pilot)
    await advance(pilot, clock, BIRD_DOG_GET_READY_AT + 2.2, step=1.0)


async def in_cat_camel_hollow(pilot: Pilot[None], clock: FakeClock) -> None:
    """The warm-up's cat-camel, 4 s into its first rep: the back sinking, and the cue says
    so (round 3 s, then hollow 3 s, after 8 s to get ready)."""
    await to_shipped_preview(pilot, "warm-up")
    await to_session(pilot)
    await advance(pilot, clock, 8 + 4)


async def at_next_morning_pain(pilot: Pilot[None], clock: FakeClock) -> None:
    await ready(pilot)
    await pilot.press("s")
    await pilot.pause()


async def at_safety_notice(pilot: Pilot[None], clock: FakeClock) -> None:
    await ready(pilot)


#: name → (build options, scenario). The screenshot script and snapshot tests use this table.
SCREENS: dict[str, tuple[dict[str, object], Scenario]] = {
    "home": ({}, at_home),
    "safety-notice": ({"acknowledged": False}, at_safety_notice),
    "preview": ({"start": "quick"}, at_preview),
    "preview-bird-dog": ({"start": "quick"}, at_preview_bird_dog),
    "hold": ({"start": "quick"}, in_hold),
    "reps": ({"start": "quick"}, in_reps),
    "rest": ({"start": "quick"}, in_rest),
    "get-ready": ({"start": "quick"}, at_get_ready),
    "switch-side": ({"start": "quick"}, in_switch_side),
    "free-reps": ({"start": "quick"}, in_free_reps),
    "max-hold": ({"start": "quick"}, in_max_hold),
    "paused": ({"start": "quick"}, paused),
    "pain-prompt": ({"start": "quick"}, at_pain_prompt),
    "pain-stop": ({"start": "quick"}, at_pain_stop),
    "rated-zero": ({"start": "quick"}, rated_zero),
    "summary": ({"start": "quick"}, at_summary),
    "summary-cut-short": ({"start": "quick"}, at_summary_cut_short),
    "summary-pain-left": ({"start": "quick"}, at_summary_pain_left),
    "confirm-end": ({"start": "quick"}, at_confirm_end),
    "help": ({"start": "quick"}, at_help),
    "history": ({}, at_history),
    "settings": ({}, at_settings),
    "stats": ({"history": "months"}, at_stats),
    "home-months": ({"history": "months"}, at_home),
    "home-plan": ({"plan": Plan((5,), time(18, 0), "foundations")}, at_home),
    "next-morning": ({"history": "asking"}, at_home),
    "next-morning-pain": ({"history": "asking"}, at_next_morning_pain),
    "stats-end": ({"history": "months"}, at_stats_end),
    "preview-levels": ({}, at_big_three_preview),
    "preview-foundations": ({}, at_foundations_preview),
    "preview-endurance": ({}, at_endurance_preview),
    "big-three-hold": ({"history": False}, in_big_three_hold),
    "big-three-get-ready": ({"history": False}, at_big_three_bird_dog_get_ready),
    "session-detail": ({}, at_session_detail),
    "session-detail-pain-left": ({"history": "pain-left"}, at_pain_left_detail),
    "history-pain-left": ({"history": "pain-left"}, at_history),
    "cat-camel-hollow": ({"history": False}, in_cat_camel_hollow),
    "hold-high-contrast": ({"start": "quick", "theme": "coretimer-high-contrast"}, in_hold),
    "preview-high-contrast": ({"start": "quick", "theme": "coretimer-high-contrast"},
                              at_preview),
}


def home_draws(monkeypatch: pytest.MonkeyPatch) -> list[HomeData | None]:
    """What home is drawn with, each time it is drawn, from now on."""
    drawn: list[HomeData | None] = []
    real = HomeScreen._show

    def show(self: HomeScreen, data: HomeData | None) -> None:
        drawn.append(data)
        real(self, data)

    monkeypatch.setattr(HomeScreen, "_show", show)
    return drawn

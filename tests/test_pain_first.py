"""Issue 8, "Pain first, everywhere": one test (or table) per defect it lists. Each failed on the
main branch before the fix."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coretimer.coaching.endurance import endurance_results
from coretimer.coaching.stats import all_stats, summary
from coretimer.coaching.trends import pain_trend, trends
from coretimer.model.clock import FakeClock
from coretimer.model.record import PainReport, SessionRecord, SetResult
from coretimer.routine.plan import PhaseKind
from coretimer.routine.problems import parse_routine
from coretimer.session.engine import Engine
from coretimer.settings import Settings, load_settings
from coretimer.store.history import Store
from coretimer.store.journal import replay
from coretimer.text.present import pain_line, plural
from coretimer.ui.app import CoretimerApp
from coretimer.ui.screens.help import HelpScreen
from coretimer.ui.screens.pain import PainNextChoice, PainPrompt, PainStopScreen, stop_message
from coretimer.ui.screens.preview import PreviewScreen
from coretimer.ui.screens.reps import RepCountPrompt
from coretimer.ui.screens.safety import SafetyNotice
from coretimer.ui.screens.session import SessionScreen
from coretimer.ui.screens.summary import SummaryScreen
from tests import scenarios
from tests.helpers import hold, reps, routine
from tests.scenarios import GET_READY, PLANK, advance, build_app, ready, to_session

SIZE = (100, 32)


def engine_of(app: CoretimerApp) -> Engine:
    assert app.session is not None
    return app.session.engine


def journal_types(root: Path) -> list[str]:
    (journal,) = (root / "data" / "journal").glob("*.jsonl")
    return [json.loads(line)["type"] for line in journal.read_text().splitlines()]


def saved_sessions(root: Path) -> list[SessionRecord]:
    return [s for s in Store(root / "data").load().sessions if not s.id.startswith("seed-")]


# --- The pain key works wherever a session is running -------------------------------------------


async def _cover(pilot: object, app: CoretimerApp, clock: FakeClock, how: str) -> None:
    """Put a screen over a running hold: help, the end question, or the low-pain choice;
    or pause it."""
    if how == "low-pain choice":
        await to_session(pilot, baseline="2")  # type: ignore[arg-type]
        await advance(pilot, clock, GET_READY + 2)  # type: ignore[arg-type]
        await pilot.press("p", "3", "enter")  # type: ignore[attr-defined]
        assert isinstance(app.screen, PainNextChoice)
        return
    await scenarios.in_hold(pilot, clock)  # type: ignore[arg-type]
    key = {"help": "question_mark", "end question": "q", "paused": "space"}[how]
    await pilot.press(key)  # type: ignore[attr-defined]


@pytest.mark.parametrize("how", ["help", "end question", "low-pain choice", "paused"])
async def test_p_reports_pain_from_everything_that_covers_a_session(
        tmp_path: Path, how: str) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await _cover(pilot, app, clock, how)
        before = len(engine_of(app).pain)
        await pilot.press("p")
        assert isinstance(app.screen, PainPrompt)
        assert [type(s).__name__ for s in app.screen_stack[-2:]] == ["SessionScreen",
                                                                      "PainPrompt"]
        engine = engine_of(app)
        assert engine.pain_pending and engine.paused and len(engine.pain) == before + 1
        assert journal_types(tmp_path).count("pain") == before + 1
        await pilot.press("8", "enter")
        assert isinstance(app.screen, PainStopScreen)


async def test_help_stops_the_clock_and_closing_it_resumes_only_a_running_one(
        tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        engine = engine_of(app)
        left = engine.view().remaining
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen) and engine.paused
        await advance(pilot, clock, 30)
        assert engine.view().remaining == left  # the hold did not count on behind help
        await pilot.press("escape")
        assert isinstance(app.screen, SessionScreen) and not engine.paused
        await advance(pilot, clock, 1)
        assert engine.view().remaining == pytest.approx((left or 0) - 1)
        await pilot.press("space")  # paused by the user, then help: stays paused after it
        await pilot.press("question_mark", "escape")
        assert isinstance(app.screen, SessionScreen) and engine.paused


# --- Records tell the truth ---------------------------------------------------------------------


async def test_a_zero_rating_resumes_the_frozen_set_and_counts_as_pain_nowhere(
        tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)  # 3.5 s into a 10 s hold
        await pilot.press("p")
        await advance(pilot, clock, 20)  # the rating takes a while: the clock stays frozen
        await pilot.press("0", "enter")
        assert isinstance(app.screen, SessionScreen)
        engine = engine_of(app)
        view = engine.view()
        assert not view.paused and view.phase is PhaseKind.WORK and view.set == 1
        assert view.remaining == pytest.approx(6.5)
        await advance(pilot, clock, 6.5)
        assert (engine.sets[0].achieved, engine.sets[0].completed) == (10.0, True)
        await pilot.press("q", "y")
    (session,) = saved_sessions(tmp_path)
    assert [p.level for p in session.pain] == [0] and session.real_pain == []
    today = session.started_at.date()
    assert summary([session], today).pain_free_sessions == 1
    assert pain_trend([session])[0].reports == ()


async def test_unpaced_reps_record_the_reps_done(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        engine = engine_of(app)
        while engine.view().exercise is None or engine.view().exercise.name != "Glute bridge" \
                or engine.view().phase is not PhaseKind.WORK:
            await pilot.press("s")
        await advance(pilot, clock, 20)
        await pilot.press("enter")
        assert isinstance(app.screen, RepCountPrompt) and engine.paused
        await advance(pilot, clock, 30)  # answering takes no work time
        await pilot.press("6", "enter")
        assert isinstance(app.screen, SessionScreen) and not engine.paused
        last = engine.sets[-1]
        assert (last.exercise, last.achieved, last.completed) == ("Glute bridge", 6.0, False)
        assert engine.work_seconds == pytest.approx(20)


def test_a_skipped_set_is_skipped_in_the_json_and_never_a_zero() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold("Plank", 30, sets=2, rest=0), reps("Curl", 8), get_ready=0,
                            rest_between_exercises=0), clock)
    engine.start()
    engine.skip()  # plank set 1
    clock.advance(30)
    engine.update()  # plank set 2 done
    engine.skip()  # curl skipped
    record = replay(engine.recorder.entries)
    sets = record.public_json()["sets"]
    assert [(s["skipped"], s["achieved"], s["completed"]) for s in sets] == [
        (True, None, False), (False, 30.0, True), (True, None, False)]
    found = trends([record])
    assert list(found) == [("plank", "hold")]  # the curl: skipped, no point
    assert [p.value for p in found[("plank", "hold")].points] == [30.0]
    stats = summary([record], record.started_at.date()).to_json()
    assert stats["exercises"] == {"Plank": {"best_hold_seconds": 30.0, "last_hold_seconds": 30.0,
                                            "best_reps": None, "sessions": 1, "id": "plank",
                                            "kind": "hold"}}


def _set(name: str, achieved: float | None, completed: bool, ended: str) -> SetResult:
    return SetResult(exercise=name, kind="hold", set=1, target=30.0, achieved=achieved,
                     completed=completed, skipped=ended == "skip", ended_by=ended)  # type: ignore[arg-type]


def _day(day: int, *sets: SetResult, pain: list[PainReport] | None = None) -> SessionRecord:
    start = datetime(2026, 11, day, 8, tzinfo=UTC)
    return SessionRecord(id=f"d{day}", routine="r", routine_name="R", started_at=start,
                         ended_at=start, status="completed", sets=list(sets), pain=pain or [])


def test_latest_is_the_last_completed_set_and_best_ignores_pain_cut_sets() -> None:
    history = [
        _day(1, _set("Plank", 30, True, "time")),
        _day(2, _set("Plank", 55, False, "pain")),  # held longer, but pain cut it
        _day(3, _set("Plank", 12, False, "end")),  # ended early: no completed set
        _day(4, _set("Plank", None, False, "skip")),
    ]
    (plank,) = trends(history, UTC).values()
    assert plank.best == 30.0 and plank.latest == 30.0


def test_the_end_of_a_routine_with_nothing_completed_is_ended_early() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(sets=2, rest=0), get_ready=0), clock)
    engine.start()
    engine.skip()
    engine.skip()
    assert engine.status == "ended_early"


# --- Pain outside work counts against both neighbours -------------------------------------------


@pytest.mark.parametrize(("seconds", "phase", "against"), [
    (3, "get_ready", ["plank"]),  # the first get-ready: nothing was done before it
    (8, "work", ["plank"]),
    (16, "rest", ["plank"]),  # between sets of the plank
    (46, "rest", ["plank", "bird-dog"]),  # between exercises
    (62, "get_ready", ["plank", "bird-dog"]),
    (79, "switch_side", ["bird-dog"]),
])
def test_where_pain_is_reported_decides_what_it_counts_against(
        seconds: float, phase: str, against: list[str]) -> None:
    # get ready 5, plank 10, rest 5, plank 10, between 30, get ready 5, bird dog 12 (left),
    # switch 5, bird dog 12 (right)
    r = routine(hold("Plank", 10, sets=2, rest=5), reps("Bird dog", 6, tempo=2, sides="both",
                                                        rest=5))
    clock = FakeClock()
    engine = Engine(r, clock)
    engine.start()
    clock.advance(seconds)
    engine.update()
    engine.report_pain()
    report = engine.pain[-1]
    assert (report.phase, report.counts_against) == (phase, against)


# --- An honest endurance test -------------------------------------------------------------------


def _endurance(ext_ended: str, ext_seconds: float) -> SessionRecord:
    start = datetime(2026, 11, 20, 18, tzinfo=UTC)

    def h(name: str, side: str | None, value: float, ended: str = "done") -> SetResult:
        return SetResult(exercise=name, kind="hold", side=side, set=1, target=None,  # type: ignore[arg-type]
                         achieved=value, completed=ended == "done", ended_by=ended)  # type: ignore[arg-type]

    return SessionRecord(
        id="t1", routine="endurance-test", routine_name="Endurance test", started_at=start,
        ended_at=start, status="stopped_for_pain" if ext_ended == "pain" else "completed",
        next_morning="same",
        sets=[h("Front plank", None, 60), h("Side plank", "left", 44.0),
              h("Side plank", "right", 45.0), h("Back-extensor hold", None, ext_seconds,
                                                ext_ended)])


def test_a_hold_cut_by_pain_gives_no_ratios_anywhere(tmp_path: Path) -> None:
    """Today: a back-extensor hold cut at 4 s by pain gave "side plank to back-extensor 11.12"
    on the stats screen, the home screen and in `stats --json`."""
    record = _endurance("pain", 4.0)
    (result,) = endurance_results([record])
    assert not result.complete and result.left_to_extensor is None
    data = all_stats([record], record.started_at.date()).summary.to_json()["endurance_test"]
    assert data["complete"] is False  # type: ignore[index]
    assert all(data[k] is None for k in ("right_left", "left_to_extensor",  # type: ignore[index]
                                         "right_to_extensor", "front_to_extensor", "side_gap"))
    assert "11.12" not in json.dumps(data)
    done = all_stats([_endurance("done", 90.0)], record.started_at.date())
    assert done.summary.to_json()["endurance_test"]["complete"] is True  # type: ignore[index]


async def test_the_stats_and_home_screens_say_an_incomplete_test_is_incomplete(
        tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, history=False)
    Store(tmp_path / "data").save(_endurance("pain", 4.0))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        box = str(app.screen.query_one("#streak-box").render())
        assert "(incomplete)" in box
        await pilot.press("t")
        text = str(app.screen.query_one("#endurance-result").render())
        assert "incomplete" in text and "11.12" not in text and "Adapted from published" in text


# --- The scale and the safety texts -------------------------------------------------------------


async def test_the_check_in_and_the_pain_prompt_show_the_scale_anchors(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        anchors = str(app.screen.query_one("#checkin-anchors").render())
        assert anchors == "0 = no pain · 10 = worst imaginable"
        await pilot.press("1", "enter")
        await advance(pilot, clock, GET_READY + 2)
        await pilot.press("p")
        assert str(app.screen.query_one("#pain-anchors").render()) == anchors


async def test_a_check_in_of_7_or_more_advises_rest_and_needs_a_second_key(
        tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("7", "enter")
        assert isinstance(app.screen, PreviewScreen) and app.session is None
        warning = str(app.screen.query_one("#checkin-warning").render())
        assert "day to rest" in warning and "gentlest routine" in warning
        await pilot.press("enter")  # Enter again is not the deliberate key
        assert isinstance(app.screen, PreviewScreen) and app.session is None
        await pilot.press("y")
        assert isinstance(app.screen, SessionScreen) and engine_of(app).baseline_pain == 7


URGENT_WORDS = ("groin", "inner thighs", "bladder", "bowel", "leg weakness that is getting worse",
                "urgent care today", "back surgery", "recent injury", "go-ahead",
                "muscle burn is fine", "Back pain is the signal to stop")


async def test_the_first_run_notice_has_the_urgent_tier(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, acknowledged=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, SafetyNotice)
        text = app.screen.text
        for words in URGENT_WORDS:
            assert words in text, words


def test_the_pain_stop_screen_has_the_urgent_tier_and_good_grammar() -> None:
    start = datetime(2026, 11, 21, 10, tzinfo=UTC)
    record = SessionRecord(
        id="x", routine="r", routine_name="R", started_at=start, ended_at=start,
        status="stopped_for_pain",
        sets=[SetResult(exercise="Plank", kind="hold", set=1, target=10, achieved=10,
                        completed=True)],
        pain=[PainReport(at=start, exercise="Front plank", level=None)])
    text = stop_message(record)
    for words in URGENT_WORDS:
        assert words in text, words
    assert "The set you completed before it is saved too." in text
    assert "pain reported during Front plank (no rating given)" in text
    assert "The 1 set" not in text and "pain no rating" not in text


def test_counts_are_singular_and_plural() -> None:
    assert [plural(n, "set") for n in (0, 1, 2)] == ["0 sets", "1 set", "2 sets"]
    assert plural(1, "rep") == "1 rep" and plural(1, "week") == "1 week"
    at = datetime(2026, 11, 21, tzinfo=UTC)
    assert pain_line(PainReport(at=at, exercise="Front plank", level=None)) == (
        "Pain reported during Front plank (no rating given)")
    assert pain_line(PainReport(at=at, exercise="Bird dog", level=4, phase="get_ready")) == (
        "Pain reported while getting ready for Bird dog: 4/10")
    assert parse_routine(b'name="x"\n[[exercises]]\nname="a"\nkind="reps"\nreps=1\n',
                         "f").exercises[0].dose() == "1 rep"  # type: ignore[union-attr]


@pytest.mark.parametrize(("written", "expected", "clamped"), [
    ({"spike_level": 8, "rise_over_baseline": 2}, (5, 2), True),
    ({"spike_level": 5, "rise_over_baseline": 4}, (5, 2), True),
    ({"spike_level": 4, "rise_over_baseline": 1}, (4, 1), False),
])
def test_a_looser_pain_rule_in_the_settings_file_is_clamped_and_said_once(
        tmp_path: Path, written: dict[str, int], expected: tuple[int, int],
        clamped: bool) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps(written))
    settings, message = load_settings(config, fix=True)  # as the app does
    assert (settings.spike_level, settings.rise_over_baseline) == expected
    assert (message is not None) is clamped
    if clamped:
        assert "most allowed" in message  # type: ignore[operator]
        again, second = load_settings(config, fix=True)  # said once: the file now holds safe values
        assert second is None and again == settings


async def test_help_shows_the_pain_rule_in_force(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    app.settings = Settings(safety_notice_acknowledged=True, spike_level=4,
                            rise_over_baseline=1)
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-text").render())
        assert "A rating of 4 or more, 1 or more points above" in text
        # Issue 22: the step-up rules, each with its reason, as progression.RULES has them
        from coretimer.coaching.progression import RULES

        flat = " ".join(text.split())
        assert "When a step up is suggested" in flat
        for rule, why in RULES:
            assert " ".join(rule.split()) in flat and f"Why: {why}." in flat


async def test_the_summary_says_skipped_not_zero(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await to_session(pilot)
        await advance(pilot, clock, GET_READY + 1)
        await pilot.press("s")  # skip plank set 1
        await advance(pilot, clock, scenarios.PLANK_REST + PLANK + 0.5)
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        table = app.screen.query_one("#summary-sets")
        rows = [table.get_row_at(i) for i in range(table.row_count)]  # type: ignore[attr-defined]
        assert rows[0][4:] == ["—", "skipped"] and rows[1][5] == "✓"
        text = str(app.screen.query_one("#summary-compare").render())
        assert "Front plank: best hold 10 s today" in text and " 0 s" not in text

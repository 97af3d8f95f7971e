"""The session engine in simulated time: phases, timing, recording, pause, done, skip, pain."""

from __future__ import annotations

import math

import pytest

from coretimer.model.clock import FakeClock
from coretimer.model.fields import MAX_HOLD_CAP
from coretimer.model.record import SessionRecord
from coretimer.routine.files import discover, estimated_seconds
from coretimer.routine.plan import PhaseKind, build_plan
from coretimer.session.engine import Engine
from coretimer.session.events import Countdown, PhaseStarted, SessionEnded, StorageFailed
from coretimer.session.rules import PainRule
from coretimer.store.journal import Entry, MemoryJournal, replay
from tests.helpers import hold, reps, routine, run_through

SHIPPED = {r.id: r for r in discover(__import__("pathlib").Path("/nonexistent")).routines}


def record_of(engine: Engine) -> SessionRecord:
    """The session as the journal the engine wrote to tells it."""
    return replay(engine.recorder.entries, interrupted_at=engine.clock.wall())


def expected_sets(r: object) -> list[tuple[str, str | None, int, float | None]]:
    out = []
    for ex in r.exercises:  # type: ignore[attr-defined]
        for s in range(1, ex.sets + 1):
            for side in ex.side_list:
                target = ex.for_set(s).target
                out.append((ex.name, side, s, None if target is None else float(target)))
    return out


@pytest.mark.parametrize("routine_id", sorted(SHIPPED))
@pytest.mark.parametrize("tick", [0.1, 1.7, 60.0])
def test_every_shipped_routine_runs_start_to_finish(routine_id: str, tick: float) -> None:
    loaded = SHIPPED[routine_id]
    clock = FakeClock()
    engine = Engine(loaded.routine, clock, routine_id=routine_id, baseline_pain=1)
    run_through(engine, clock, tick=tick, user_seconds=45)
    record = record_of(engine)
    assert record.status == "completed"
    assert record.routine == routine_id and record.routine_name == loaded.name
    got = [(s.exercise, s.side, s.set, s.target) for s in record.sets]
    assert got == expected_sets(loaded.routine)
    for result in record.sets:
        assert result.completed, result
        if result.target is not None:
            assert result.achieved == result.target
        else:  # max hold, ended by the user after 45 s (to within one tick)
            assert 45 <= result.achieved <= 45 + tick
    assert record.pain == []


@pytest.mark.parametrize("routine_id", sorted(
    r for r, lr in SHIPPED.items()
    if all(not ex.is_max_hold and (ex.kind == "hold" or ex.is_paced)
           for ex in lr.routine.exercises)))
def test_fixed_routine_ends_exactly_at_its_duration(routine_id: str) -> None:
    r = SHIPPED[routine_id].routine
    clock = FakeClock()
    engine = Engine(r, clock)
    events = run_through(engine, clock, tick=0.37)
    ended = [e for e in events if isinstance(e, SessionEnded)]
    assert len(ended) == 1
    assert ended[0].at == pytest.approx(estimated_seconds(r), abs=1e-9)


def test_event_times_do_not_depend_on_tick_size() -> None:
    r = routine(hold(sets=2, rest=10, cues=["a", "b", "c"]),
                reps(count=4, tempo=2.5, rep_hold=1, sides="both", rest=7))

    def timeline(tick: float) -> list[tuple[str, float]]:
        clock = FakeClock()
        engine = Engine(r, clock)
        return [(type(e).__name__, round(e.at, 9)) for e in run_through(engine, clock, tick=tick)]

    reference = timeline(0.05)
    for tick in (0.3, 1.0, 7.77, 10_000):
        assert timeline(tick) == reference


def test_phase_sequence_follows_the_plan() -> None:
    r = routine(hold(sets=2, rest=10), reps(count=2, tempo=2, sides="both", rest=5))
    clock = FakeClock()
    engine = Engine(r, clock)
    events = run_through(engine, clock, tick=1.0)
    started = [(e.phase.kind, e.phase.exercise_index, e.phase.set, e.phase.side)
               for e in events if isinstance(e, PhaseStarted) and e.phase]
    assert started == [
        (PhaseKind.GET_READY, 0, 1, None), (PhaseKind.WORK, 0, 1, None),
        (PhaseKind.REST, 0, 1, None), (PhaseKind.WORK, 0, 2, None),
        (PhaseKind.REST, 0, 2, None),  # between exercises
        (PhaseKind.GET_READY, 1, 1, "left"), (PhaseKind.WORK, 1, 1, "left"),
        (PhaseKind.SWITCH_SIDE, 1, 1, "right"), (PhaseKind.WORK, 1, 1, "right"),
    ]
    assert [e.phase.duration for e in events if isinstance(e, PhaseStarted) and e.phase] == [
        5, 30, 10, 30, 30, 5, 4, 5, 4]


def test_zero_rests_are_left_out_of_the_plan() -> None:
    r = routine(hold(sets=2, rest=0, sides="both"), hold(seconds=5), get_ready=0,
                rest_between_exercises=0)
    kinds = [p.kind for p in build_plan(r)]
    assert kinds == [PhaseKind.WORK] * 5


def test_timing_events_of_a_hold() -> None:
    r = routine(hold(seconds=20, cues=["one", "two"]), get_ready=0)
    clock = FakeClock()
    engine = Engine(r, clock)
    events = run_through(engine, clock, tick=0.5)
    assert [(e.seconds, e.at) for e in events if isinstance(e, Countdown)] == [
        (3, 17), (2, 18), (1, 19)]
    again = Engine(r, FakeClock())
    again.start()
    cues, breaths = [], []
    for t in range(20):
        if t:
            again.clock.advance(1)  # type: ignore[attr-defined]
        view = again.view()
        cues.append(view.cue)
        breaths.append(view.breath)
    assert cues == ["one"] * 10 + ["two"] * 10
    assert breaths == (["in"] * 4 + ["out"] * 4) * 2 + ["in"] * 4


def test_breathing_pacer_only_during_holds_and_reps_are_counted() -> None:
    r = routine(reps(count=3, tempo=2, rep_hold=1), get_ready=0)
    clock = FakeClock()
    engine = Engine(r, clock)
    engine.start()
    clock.advance(4)
    assert engine.view().reps_done == 1 and engine.view().breath is None
    seen = []
    while not engine.finished:
        view = engine.view()
        assert view.breath is None
        seen.append((view.reps_done, engine.active()))
        clock.advance(0.5)
        engine.update()
    firsts: dict[int | None, float] = {}
    for done, at in seen:
        firsts.setdefault(done, at)
    assert firsts[2] == 6  # rep 2 counted at 2 × (tempo 2 + hold 1) s
    assert engine.sets[-1].achieved == 3 and engine.active() == 9


def test_view_breath_bar_and_cue_follow_the_clock() -> None:
    r = routine(hold(seconds=60, cues=["a", "b", "c"]), get_ready=0)
    clock = FakeClock()
    engine = Engine(r, clock)
    engine.start()
    clock.advance(6)
    view = engine.view()
    assert (view.breath, view.breath_fraction) == ("out", pytest.approx(0.5))
    assert view.cue == "a" and view.remaining == pytest.approx(54)
    clock.advance(15)
    assert engine.view().cue == "c"
    clock.advance(10)
    assert engine.view().cue == "a"


def test_pause_does_not_count_as_work() -> None:
    r = routine(hold(seconds=30), get_ready=5)
    clock = FakeClock()
    engine = Engine(r, clock)
    engine.start()
    clock.advance(15)  # 10 s into the hold
    engine.update()
    engine.pause()
    clock.advance(500)
    engine.update()
    assert engine.view().remaining == pytest.approx(20)
    assert engine.view().paused
    engine.resume()
    clock.advance(19.5)
    engine.update()
    assert not engine.sets and engine.view().remaining == pytest.approx(0.5)
    clock.advance(0.5)
    engine.update()
    assert [x.achieved for x in engine.sets] == [30.0]
    assert engine.finished and engine.active() == pytest.approx(35)


def test_pause_toggle_and_ignored_pause_while_paused() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold()), clock)
    engine.start()
    engine.toggle_pause()
    assert engine.paused
    assert engine.pause() == []
    engine.toggle_pause()
    assert not engine.paused
    assert engine.resume() == []


def test_done_ends_a_hold_early_with_seconds_held() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(seconds=30, sets=2), get_ready=0), clock)
    engine.start()
    clock.advance(12.34)
    engine.done()
    (rec,) = engine.sets
    assert (rec.achieved, rec.target, rec.completed) == (12.3, 30.0, False)
    assert engine.view().phase is PhaseKind.REST


def test_done_in_rest_or_get_ready_moves_on_without_a_set() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(sets=2, rest=60)), clock)
    engine.start()
    engine.done()
    assert engine.view().phase is PhaseKind.WORK and engine.sets == []
    clock.advance(30)
    engine.update()
    assert engine.view().phase is PhaseKind.REST
    engine.done()
    assert engine.view().phase is PhaseKind.WORK and engine.view().set == 2
    assert len(engine.sets) == 1


def test_max_hold_counts_up_and_done_completes_it() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(seconds="max"), get_ready=0), clock)
    engine.start()
    clock.advance(83.26)
    view = engine.view()
    assert view.counts_up and view.remaining is None and view.elapsed == pytest.approx(83.26)
    engine.done()
    (rec,) = engine.sets
    assert (rec.target, rec.achieved, rec.completed) == (None, 83.3, True)


def test_max_hold_is_capped() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(seconds="max"), get_ready=0), clock)
    engine.start()
    clock.advance(MAX_HOLD_CAP + 50)
    engine.update()
    (rec,) = engine.sets
    assert (rec.achieved, rec.completed) == (MAX_HOLD_CAP, True)
    assert engine.status == "completed"


def test_max_hold_cut_short_is_not_completed() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(seconds="max"), hold(), get_ready=0), clock)
    engine.start()
    clock.advance(20)
    engine.end_session()
    assert (engine.sets[0].achieved, engine.sets[0].completed) == (20.0, False)
    assert engine.sets[0].ended_by == "end"


def test_unpaced_reps_wait_for_done() -> None:
    clock = FakeClock()
    engine = Engine(routine(reps(count=12, sets=2), get_ready=0), clock)
    engine.start()
    clock.advance(3600)
    engine.update()
    view = engine.view()
    assert view.phase is PhaseKind.WORK and view.remaining is None and view.reps_done is None
    engine.done()
    clock.advance(20)
    engine.update()
    engine.done(reps=7)
    assert [(s.achieved, s.completed) for s in engine.sets] == [(12.0, True), (7.0, False)]


def test_paced_reps_done_early_records_reps_counted() -> None:
    clock = FakeClock()
    engine = Engine(routine(reps(count=10, tempo=3), get_ready=0), clock)
    engine.start()
    clock.advance(10)
    engine.done()
    (rec,) = engine.sets
    assert (rec.achieved, rec.target, rec.completed) == (3.0, 10.0, False)


def test_skip_in_work_records_a_skipped_set_and_moves_on() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(sides="both", rest=15), get_ready=0), clock)
    engine.start()
    clock.advance(8)
    engine.skip()
    assert engine.view().phase is PhaseKind.SWITCH_SIDE and engine.view().side == "right"
    engine.skip()
    assert engine.view().phase is PhaseKind.WORK and engine.view().side == "right"
    run_through(engine, clock)
    assert [(s.side, s.achieved, s.completed, s.skipped) for s in engine.sets] == [
        ("left", None, False, True), ("right", 30.0, True, False)]


def test_end_session_keeps_what_was_done() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(sets=3, rest=10), get_ready=0), clock)
    engine.start()
    clock.advance(30 + 10 + 12)
    events = engine.end_session()
    assert engine.status == "ended_early"
    assert [(s.set, s.achieved, s.completed) for s in engine.sets] == [
        (1, 30.0, True), (2, 12.0, False)]
    assert isinstance(events[-1], SessionEnded)
    assert engine.end_session() == [] and engine.update() == []


def test_end_session_in_rest_records_no_extra_set() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(sets=2, rest=10), get_ready=0), clock)
    engine.start()
    clock.advance(35)
    engine.end_session()
    assert len(engine.sets) == 1 and engine.status == "ended_early"


# --- Pain -------------------------------------------------------------------------------------

SPIKE_TABLE = [
    # (baseline, rating, rule, spike?)
    (None, None, PainRule(), True),
    (None, 5, PainRule(), True),
    (None, 10, PainRule(), True),
    (None, 4, PainRule(), False),
    (0, 0, PainRule(), False),
    (0, 1, PainRule(), False),
    (0, 2, PainRule(), True),
    (3, 4, PainRule(), False),
    (3, 5, PainRule(), True),
    (2, 4, PainRule(), True),
    (6, 3, PainRule(), False),
    (6, 5, PainRule(), True),  # the absolute limit holds even below a high baseline
    (None, 3, PainRule(spike_level=4, rise_over_baseline=1), False),
    (None, 4, PainRule(spike_level=4, rise_over_baseline=1), True),
    (0, 1, PainRule(spike_level=4, rise_over_baseline=1), True),
    (2, 2, PainRule(spike_level=4, rise_over_baseline=1), False),
    (4, None, PainRule(spike_level=4, rise_over_baseline=1), True),
]


@pytest.mark.parametrize(("spike", "rise"), [(6, 2), (5, 3), (10, 10), (0, 2), (5, 0)])
def test_a_looser_pain_rule_is_refused(spike: int, rise: int) -> None:
    with pytest.raises(ValueError, match="spike level of 1-5 and a rise of 1-2"):
        PainRule(spike_level=spike, rise_over_baseline=rise)


@pytest.mark.parametrize(("baseline", "level", "rule", "spike"), SPIKE_TABLE)
def test_spike_rule(baseline: int | None, level: int | None, rule: PainRule, spike: bool) -> None:
    assert rule.is_spike(level, baseline) is spike


def _in_first_hold(clock: FakeClock, **kw: object) -> Engine:
    r = routine(hold(seconds=30, sets=2, rest=10), reps(count=5, tempo=2), get_ready=5)
    engine = Engine(r, clock, **kw)  # type: ignore[arg-type]
    engine.start()
    clock.advance(5 + 11.06)
    engine.update()
    return engine


def test_pain_report_freezes_the_clock_and_is_recorded_at_once() -> None:
    clock = FakeClock()
    recorder = MemoryJournal()
    engine = _in_first_hold(clock, recorder=recorder)
    engine.report_pain()
    # Recorded before the call returns. The set stays open until the rating (0 resumes it).
    assert [e["type"] for e in recorder.entries] == ["start", "pain"]
    assert recorder.entries[1]["exercise"] == "Plank" and recorder.entries[1]["level"] is None
    assert recorder.entries[1]["phase"] == "work"
    assert recorder.entries[1]["counts_against"] == ["plank"]
    assert [p.level for p in engine.pain] == [None]
    assert engine.sets == []
    frozen = engine.active()
    clock.advance(300)
    assert engine.update() == [] and engine.active() == frozen
    # Other actions wait for the rating.
    assert engine.skip() == [] and engine.done() == [] and engine.resume() == []
    assert engine.pause() == [] and engine.report_pain() == []
    assert engine.pain_pending and engine.paused


@pytest.mark.parametrize("level", [None, 5, 9])
def test_pain_spike_stops_the_session(level: int | None) -> None:
    clock = FakeClock()
    engine = _in_first_hold(clock)
    engine.report_pain()
    events = engine.rate_pain(level)
    assert engine.status == "stopped_for_pain"
    assert isinstance(events[-1], SessionEnded)
    record = record_of(engine)
    assert record.status == "stopped_for_pain"
    assert [(p.exercise, p.level) for p in record.pain] == [("Plank", level)]
    assert [(s.achieved, s.completed, s.ended_by) for s in record.sets] == [
        (11.1, False, "pain")]


def test_rise_over_baseline_is_a_spike() -> None:
    clock = FakeClock()
    engine = _in_first_hold(clock, baseline_pain=1)
    engine.report_pain()
    engine.rate_pain(3)
    assert engine.status == "stopped_for_pain"


def test_low_pain_ends_the_exercise_and_moves_to_the_next_paused() -> None:
    clock = FakeClock()
    engine = _in_first_hold(clock, baseline_pain=2)
    engine.report_pain()
    engine.rate_pain(3)
    view = engine.view()
    assert not engine.finished and view.paused and not view.pain_pending
    assert (view.phase, view.exercise_index) == (PhaseKind.GET_READY, 1)
    engine.resume()
    run_through(engine, clock)
    record = record_of(engine)
    assert record.status == "completed"
    assert [(s.exercise, s.set, s.completed) for s in record.sets] == [
        ("Plank", 1, False), ("Bird dog", 1, True)]
    assert [p.level for p in record.pain] == [3]


def test_low_pain_in_the_last_exercise_finishes_the_session_as_completed() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold("Bridge", 10), hold(seconds=30), get_ready=0,
                            rest_between_exercises=0), clock)
    engine.start()
    clock.advance(13)
    engine.update()
    engine.report_pain()
    engine.rate_pain(1)
    assert engine.status == "completed"
    assert [p.level for p in record_of(engine).pain] == [1]


def test_pain_in_rest_records_no_set() -> None:
    clock = FakeClock()
    engine = _in_first_hold(clock)
    clock.advance(25)  # into the rest after set 1
    engine.update()
    assert engine.view().phase is PhaseKind.REST
    engine.report_pain()
    assert len(engine.sets) == 1 and engine.sets[0].completed
    engine.rate_pain(2)
    assert engine.view().exercise_index == 1


def test_pain_while_paused_keeps_the_pause_accounting() -> None:
    clock = FakeClock()
    engine = _in_first_hold(clock)
    engine.pause()
    clock.advance(40)
    engine.report_pain()
    clock.advance(40)
    engine.rate_pain(0)
    assert engine.active() == pytest.approx(16.06)
    engine.resume()
    clock.advance(1)
    assert engine.active() == pytest.approx(17.06)


def test_ending_with_an_unrated_report_is_a_spike() -> None:
    clock = FakeClock()
    engine = _in_first_hold(clock)
    engine.report_pain()
    engine.end_session()
    record = record_of(engine)
    assert record.status == "stopped_for_pain" and record.pain[0].level is None
    assert len(record.sets) == 1


def test_rating_out_of_range_is_refused() -> None:
    clock = FakeClock()
    engine = _in_first_hold(clock)
    engine.report_pain()
    with pytest.raises(ValueError):
        engine.rate_pain(11)
    assert engine.pain_pending


def test_pain_time_is_the_wall_time_of_the_report() -> None:
    clock = FakeClock()
    engine = _in_first_hold(clock)
    engine.report_pain()
    assert engine.pain[0].at == clock.wall()


# --- Recording --------------------------------------------------------------------------------


def test_the_journal_replays_into_what_the_engine_did() -> None:
    """The replayed record against the engine's own account of the session (its sets, pain
    reports, status and times), not against a second replay."""
    clock = FakeClock()
    recorder = MemoryJournal()
    r = routine(hold(sets=2, rest=5), reps(count=3, tempo=2, sides="both"))
    engine = Engine(r, clock, recorder=recorder, routine_id="t", baseline_pain=2)
    engine.start()
    clock.advance(20)
    engine.update()
    engine.report_pain()
    engine.rate_pain(2)
    engine.resume()
    run_through(engine, clock)
    assert recorder.entries[0]["type"] == "start" and recorder.entries[-1]["type"] == "end"
    record = replay(recorder.entries)
    assert record.sets == engine.sets and record.pain == engine.pain
    assert (record.id, record.routine, record.status, record.baseline_pain) == (
        engine.session_id, "t", engine.status, 2)
    assert (record.started_at, record.ended_at) == (engine.started_at, engine.ended_at)
    assert [x.ended_by for x in record.sets] == ["pain", "time", "time"]


class FailingRecorder(MemoryJournal):
    """Keeps every entry in memory, as the journal writer does, but fails to write after the
    first."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def append(self, entry: Entry) -> None:
        self.entries.append(entry)
        self.calls += 1
        if self.calls > 1:
            raise OSError(28, "No space left on device")


def test_storage_failure_keeps_the_session_running_in_memory() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(sets=2, rest=5), get_ready=0), clock,
                    recorder=FailingRecorder())
    events = run_through(engine, clock, tick=1)
    failures = [e for e in events if isinstance(e, StorageFailed)]
    assert len(failures) == 1 and failures[0].message == "the disk is full"
    assert engine.storage_error and engine.status == "completed"
    assert len(record_of(engine).sets) == 2


def test_progress_rises_to_one_and_next_up_names_the_next_work() -> None:
    clock = FakeClock()
    engine = Engine(routine(hold(sets=2, rest=10), reps(count=2, tempo=2, sides="both")), clock)
    engine.start()
    assert engine.view().next_up == "Plank — set 1 of 2"
    clock.advance(6)
    engine.update()
    assert engine.view().next_up == "Plank — set 2 of 2"
    last = 0.0
    while not engine.finished:
        clock.advance(0.5)
        engine.update()
        progress = engine.view().progress
        assert progress >= last - 1e-12
        last = progress
    assert engine.view().progress == 1.0 and math.isclose(last, 1.0)


def test_baseline_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        Engine(routine(hold()), FakeClock(), baseline_pain=11)


def test_the_benchmarks_thirty_minute_routine_ends_exactly_for_any_ticks() -> None:
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("bench_engine", ROOT / "bench" / "engine.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    r = bench.thirty_minute_routine()
    assert estimated_seconds(r) == 1800.0
    for ticks in (0.1, 1.0, [0.05, 0.33, 2.5], 5000.0):
        end_at, _wall, _updates = bench.run(r, ticks)
        assert end_at == pytest.approx(1800.0, abs=1e-9)


# -- the counted hold of a paced rep (the Big Three: lift 1 s, hold 10 s, lower 1 s) ---------

BIG_THREE = SHIPPED["big-three"].routine
#: Active seconds at which the curl-up's second rep begins: the 10 s get-ready and one rep.
REP_2 = 10 + 12


def _at(engine: Engine, clock: FakeClock, active: float) -> None:
    clock.advance(active - engine.active())
    engine.update()


def test_a_counted_hold_shows_its_seconds_left_second_by_second_and_the_rep() -> None:
    clock = FakeClock()
    engine = Engine(BIG_THREE, clock)
    engine.start()
    seen = []
    for half in range(25):  # rep 2 and the start of rep 3, every half second
        _at(engine, clock, REP_2 + half / 2)
        v = engine.view()
        seen.append((half / 2, v.rep_step, v.hold_countdown, v.rep_number, v.reps_target))
    hold = [(t, "hold", math.ceil(11 - t - 1e-9), 2, 6)
            for t in (1 + k / 2 for k in range(20))]
    assert seen == [(0.0, "lift", None, 2, 6), (0.5, "lift", None, 2, 6), *hold,
                    (11.0, "lower", None, 2, 6), (11.5, "lower", None, 2, 6),
                    (12.0, "lift", None, 3, 6)]
    # Written out: 10 at the hold's start, 1 in its last second.
    assert [c for t, _, c, _, _ in seen if t == int(t) and c is not None] == [
        10, 9, 8, 7, 6, 5, 4, 3, 2, 1]


def test_the_rep_number_of_a_counted_hold_is_per_set_and_per_side() -> None:
    """The bird dog alternates: rep 1 left, rep 1 right, ...; the side bridge's second set
    counts 1 of 4 again."""
    clock = FakeClock()
    engine = Engine(BIG_THREE, clock)
    engine.start()
    shown: list[tuple[int, int | None, int | None, str | None, int | None]] = []
    while not engine.finished:
        v = engine.view()
        if v.hold_countdown == 5:  # the middle of every hold
            now = (v.exercise_index, v.set, v.rep_number, v.side, v.reps_target)
            if not shown or shown[-1] != now:
                shown.append(now)
        clock.advance(0.5)
        engine.update()
    assert len(shown) == 12 + 24 + 24  # every rep's hold: 12, 12 a side, 12 a side
    assert shown[:7] == [(0, 1, n, None, 6) for n in range(1, 7)] + [(0, 2, 1, None, 4)]
    assert shown[12:15] == [(1, 1, 1, "left", 6), (1, 1, 2, "left", 6), (1, 1, 3, "left", 6)]
    assert shown[36:40] == [(2, 1, 1, "left", 6), (2, 1, 1, "right", 6),
                            (2, 1, 2, "left", 6), (2, 1, 2, "right", 6)]


def test_a_short_rep_hold_is_not_counted() -> None:
    """Below COUNTED_HOLD_FROM the big number stays the rep (a 4 s and a 2 s hold)."""
    from coretimer.routine.plan import COUNTED_HOLD_FROM

    assert COUNTED_HOLD_FROM == 5.0  # the threshold the README and the cues tests state
    for rep_hold, counted in ((2, False), (4, False), (5, True)):
        clock = FakeClock()
        engine = Engine(routine(reps(count=2, tempo=2, rep_hold=rep_hold), get_ready=0), clock)
        engine.start()
        _at(engine, clock, 1.5)
        v = engine.view()
        assert v.rep_step == "hold"
        assert (v.hold_countdown is not None) is counted, rep_hold
        countdowns = [e for e in run_through(engine, clock) if isinstance(e, Countdown)]
        assert bool(countdowns) is counted


def test_the_countdown_events_of_a_counted_hold() -> None:
    """3, 2, 1 on the last seconds of each hold (the engine's clock, not a count of ticks),
    each before the return step; none before the end of the set (the rep steps keep its
    time)."""
    r = routine(reps("Curl-up", 2, tempo=2, rep_hold=10), get_ready=0)
    for tick in (0.1, 0.7, 5.0):
        clock = FakeClock()
        events = run_through(Engine(r, clock), clock, tick=tick)
        timeline = [(type(e).__name__, round(e.at, 9), getattr(e, "seconds", None),
                     getattr(e, "rep", None)) for e in events
                    if isinstance(e, Countdown) or type(e).__name__ == "RepPhase"]
        assert timeline == [
            ("RepPhase", 0, 1.0, 1), ("RepPhase", 1, 10.0, 1),
            ("Countdown", 8, 3, 1), ("Countdown", 9, 2, 1), ("Countdown", 10, 1, 1),
            ("RepPhase", 11, 1.0, 1),
            ("RepPhase", 12, 1.0, 2), ("RepPhase", 13, 10.0, 2),
            ("Countdown", 20, 3, 2), ("Countdown", 21, 2, 2), ("Countdown", 22, 1, 2),
            ("RepPhase", 23, 1.0, 2)]


def test_pain_in_a_counted_hold_freezes_the_count_and_the_voice() -> None:
    """p 3.4 s into a hold: nothing moves while the rating is asked (no second, no "3", no
    wake-up); 0 goes on from the same second; a low rating ends the exercise."""
    clock = FakeClock()
    engine = Engine(BIG_THREE, clock)
    engine.start()
    _at(engine, clock, REP_2 + 1 + 3.4)
    assert engine.view().hold_countdown == 7
    engine.report_pain()
    for _ in range(30):
        clock.advance(1)
        assert engine.update() == []
        assert engine.next_change() is None
        v = engine.view()
        assert (v.pain_pending, v.hold_countdown, v.rep_number, v.rep_step) == (
            True, 7, 2, "hold")
    engine.rate_pain(0)
    assert engine.view().hold_countdown == 7 and not engine.view().paused
    clock.advance(0.6)  # 4 s into the hold
    assert engine.update() == [] and engine.view().hold_countdown == 6
    clock.advance(3.0)  # 7 s in: 3 s left
    (three,) = engine.update()
    assert isinstance(three, Countdown) and (three.seconds, three.rep) == (3, 2)
    engine.report_pain()
    engine.rate_pain(2)  # low: the curl-up ends, the side bridge's get-ready waits, paused
    v = engine.view()
    assert (v.phase, v.exercise_index, v.paused, v.hold_countdown) == (
        PhaseKind.GET_READY, 1, True, None)
    assert [(s.achieved, s.ended_by) for s in engine.sets] == [(1.0, "pain")]

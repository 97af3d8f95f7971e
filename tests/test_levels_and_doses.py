"""Levels, per-set doses and alternating sides: the routine format (every problem `check`
names), and the engine running a pyramid and an alternating exercise to the end."""

from __future__ import annotations

import pytest

from coretimer.model.clock import FakeClock
from coretimer.model.exercise import Exercise
from coretimer.model.routine import Routine
from coretimer.routine.plan import PhaseKind, build_plan
from coretimer.routine.problems import Problem, parse_routine
from coretimer.session.cues import cue_for
from coretimer.session.engine import Engine
from coretimer.session.events import RepPhase
from coretimer.store.journal import replay
from tests.helpers import run_through

HEAD = 'name = "R"\nget_ready = 0\nrest_between_exercises = 0\n[[exercises]]\nname = "Side plank"\n'

LEVELS = HEAD + '''kind = "hold"
hold = 20
sides = "both"
rest = 10
level = 2
cues = ["Hips up"]
[[exercises.levels]]
name = "from the knees"
setup = "On your side, knees bent"
[[exercises.levels]]
name = "from the feet"
hold = [10, 10, 10]
[[exercises.levels]]
name = "top leg raised"
hold = 10
max_hold = 30
cues = ["Lift the top leg a little", "Keep breathing"]
'''


def load(text: str) -> Routine:
    result = parse_routine(text.encode(), "r.toml")
    assert isinstance(result, Routine), [str(p) for p in result]
    return result


def problems(text: str) -> list[Problem]:
    result = parse_routine(text.encode(), "r.toml")
    assert isinstance(result, list), f"expected problems, got {result}"
    return result


# --- the format -----------------------------------------------------------------------------


def test_levels_start_where_the_routine_says_and_fill_in_from_the_exercise() -> None:
    (ex,) = load(LEVELS).exercises
    assert (ex.level, ex.level_name, ex.title) == (2, "from the feet",
                                                    "Side plank: from the feet")
    assert ex.hold == [10, 10, 10] and ex.sets == 3 and ex.cues == ["Hips up"]
    assert ex.key == "side-plank"  # one history for every level
    knees = ex.at_level(1)
    assert (knees.hold, knees.sets, knees.setup) == (20, 1, "On your side, knees bent")
    raised = ex.at_level(3)
    assert raised.hold == 10 and raised.max_hold == 30
    assert raised.cues == ["Lift the top leg a little", "Keep breathing"]
    assert raised.at_level(2) == ex  # a round trip changes nothing


def test_a_level_of_the_other_kind_takes_none_of_the_exercises_dose() -> None:
    text = HEAD + '''kind = "hold"
hold = 20
[[exercises.levels]]
name = "held"
[[exercises.levels]]
name = "as reps"
kind = "reps"
reps = 8
tempo = 2
'''
    ex = load(text).exercises[0]
    assert ex.kind == "hold" and ex.at_level(2).reps == 8 and ex.at_level(2).hold is None


def test_per_set_doses_give_the_sets_and_each_set_its_own_dose() -> None:
    text = HEAD + 'kind = "reps"\nreps = [8, 6, 4]\ntempo = 2\nrest = 15\n'
    (ex,) = load(text).exercises
    assert ex.sets == 3 and ex.dose() == "8-6-4 reps @ 2 s"
    assert [ex.for_set(s).reps for s in (1, 2, 3)] == [8, 6, 4]
    work = [p for p in build_plan(load(text)) if p.kind is PhaseKind.WORK]
    assert [p.duration for p in work] == [16.0, 12.0, 8.0]
    same = load(HEAD + 'kind = "hold"\nhold = [10, 10, 10]\n').exercises[0]
    assert same.dose() == "3 × 10 s"


def test_files_valid_before_mean_the_same() -> None:
    (ex,) = load(HEAD + 'kind = "hold"\nhold = 30\nsets = 2\nsides = "both"\n').exercises
    assert (ex.hold, ex.sets, ex.level, ex.levels, ex.level_name) == (30, 2, None, None, None)
    assert ex.for_set(2) is ex and ex.dose() == "2 × 30 s each side"


def test_alternating_sides_count_reps_per_side() -> None:
    (ex,) = load(HEAD + 'kind = "reps"\nreps = 10\ntempo = 3\nsides = "alternate"\n').exercises
    assert ex.movements == 20 and ex.side_list == (None,)
    assert ex.dose() == "10 reps @ 3 s each side, alternating"


@pytest.mark.parametrize(("body", "where", "words"), [
    # levels
    ('kind = "hold"\nhold = 5\nlevel = 2\n', "exercises[0]", "level needs levels"),
    ('kind = "hold"\nhold = 5\nlevel_name = "x"\n', "exercises[0]", "level_name needs levels"),
    ('kind = "hold"\nhold = 5\nlevels = "easy"\n', "exercises[0].levels", "a list"),
    ('kind = "hold"\nhold = 5\nlevels = [{name = "only one"}]\n', "exercises[0].levels",
     "at least 2"),
    ('kind = "hold"\nhold = 5\nlevels = [{name = "a"}, {name = "b"}]\nlevel = 3\n',
     "exercises[0]", "level must be from 1 to 2"),
    ('kind = "hold"\nhold = 5\nlevels = [{name = "a"}, {name = "b"}]\nlevel = "b"\n',
     "exercises[0]", "level must be a whole number"),
    ('kind = "hold"\nhold = 5\nlevels = [{name = "a"}, {hold = 10}]\n',
     "exercises[0].levels[1].name", "required"),
    ('kind = "hold"\nhold = 5\nlevels = [{name = "a"}, {name = "b", hodl = 10}]\n',
     "exercises[0].levels[1].hodl", "not a known"),
    ('kind = "hold"\nhold = 5\nlevels = [{name = "a"}, {name = "b", hold = 0}]\n',
     "exercises[0].levels[1].hold", "from 1 to 600"),
    ('kind = "hold"\nhold = 5\nlevels = [{name = "a"}, {name = "b", reps = 3}]\n',
     "exercises[0]", 'level 2 (b): reps only applies to kind = "reps"'),
    ('kind = "hold"\nhold = 5\nlevels = [{name = "a", kind = "reps"}, {name = "b"}]\n',
     "exercises[0]", 'needs reps'),
    # per-set doses
    ('kind = "hold"\nhold = []\n', "exercises[0].hold", "from 1 to 20 doses"),
    ('kind = "hold"\nhold = [10, 0]\n', "exercises[0].hold", "from 1 to 600 seconds, not 0"),
    ('kind = "hold"\nhold = [10, "max"]\n', "exercises[0].hold", "whole number of seconds"),
    ('kind = "reps"\nreps = [8, 6, 4]\nsets = 2\n', "exercises[0]",
     "sets = 2, but the dose lists 3 sets"),
    ('kind = "reps"\nreps = [8, 200]\n', "exercises[0].reps", "from 1 to 100 reps"),
    # alternating sides
    ('kind = "hold"\nhold = 5\nsides = "alternate"\n', "exercises[0]",
     'sides = "alternate" only applies to kind = "reps"'),
])
def test_every_problem_is_named_with_its_field(body: str, where: str, words: str) -> None:
    found = problems(HEAD + body)
    text = [str(p) for p in found]
    assert any(p.where == where and words in p.message for p in found), text
    assert all(p.file == "r.toml" for p in found)


# --- the engine -----------------------------------------------------------------------------


def test_a_pyramid_runs_to_the_end_with_each_set_its_own_dose() -> None:
    r = load(HEAD + 'kind = "reps"\nreps = [6, 4, 2]\ntempo = 2\nrep_hold = 10\nrest = 15\n')
    clock = FakeClock()
    engine = Engine(r, clock, routine_id="pyramid")
    events = run_through(engine, clock, tick=0.5)
    record = replay(engine.recorder.entries, interrupted_at=clock.wall())
    assert record.status == "completed"
    assert [(s.set, s.target, s.achieved, s.completed) for s in record.sets] == [
        (1, 6.0, 6.0, True), (2, 4.0, 4.0, True), (3, 2.0, 2.0, True)]
    holds = [e for e in events if isinstance(e, RepPhase) and e.step == "hold"]
    assert len(holds) == 12 and {e.seconds for e in holds} == {10.0}
    # 12 reps of 12 s, two rests of 15 s
    assert engine.active() == pytest.approx(12 * 12 + 2 * 15, abs=0.5)


def test_alternating_sides_run_left_then_right_to_the_end() -> None:
    r = load(HEAD + 'kind = "reps"\nreps = 3\ntempo = 2\nsides = "alternate"\nsets = 2\n'
                    'rest = 5\nsetup = "Left first: the left arm and the right leg"\n')
    clock = FakeClock()
    engine = Engine(r, clock, routine_id="alt")
    lifts = [e for e in engine.start() if isinstance(e, RepPhase) and e.step == "lift"]
    seen = []
    while not engine.finished:
        view = engine.view()
        now = (view.set, view.rep_number, view.side)
        if view.phase is PhaseKind.WORK and view.rep_number is not None and (
                not seen or seen[-1] != now):
            seen.append(now)
        clock.advance(0.25)
        lifts += [e for e in engine.update() if isinstance(e, RepPhase) and e.step == "lift"]
    assert seen[:6] == [(1, 1, "left"), (1, 1, "right"), (1, 2, "left"), (1, 2, "right"),
                        (1, 3, "left"), (1, 3, "right")]
    assert len(seen) == 12
    record = replay(engine.recorder.entries, interrupted_at=clock.wall())
    assert [(s.side, s.target, s.achieved, s.completed) for s in record.sets] == [
        (None, 3.0, 3.0, True), (None, 3.0, 3.0, True)]
    assert [e.side for e in lifts[:4]] == ["left", "right", "left", "right"]
    cue = cue_for([lifts[1]])
    assert cue is not None and cue.say == "Right, lift"


def test_an_alternating_set_ended_halfway_counts_whole_reps_per_side() -> None:
    r = load(HEAD + 'kind = "reps"\nreps = 5\ntempo = 2\nsides = "alternate"\n')
    clock = FakeClock()
    engine = Engine(r, clock, routine_id="alt")
    engine.start()
    clock.advance(2 * 5 + 0.5)  # five movements: left, right, left, right, left
    engine.update()
    engine.done()
    assert engine.sets[0].achieved == 2.0 and not engine.sets[0].completed


def test_a_set_records_its_level() -> None:
    r = load(LEVELS)
    clock = FakeClock()
    engine = Engine(r, clock, routine_id="levels")
    run_through(engine, clock, tick=1.0)
    assert {(s.level, s.level_name) for s in engine.sets} == {(2, "from the feet")}
    assert len(engine.sets) == 6  # three sets, each side


def test_exercise_models_are_the_same_built_in_code() -> None:
    ex = Exercise.model_validate({"name": "x", "kind": "hold", "hold": 5,
                                  "levels": [{"name": "a"}, {"name": "b", "hold": 9}]})
    assert ex.at_level(2).hold == 9 and ex.at_level(2).at_level(1).hold == 5


def test_the_csv_export_names_the_level() -> None:
    import csv
    import io

    from coretimer.text.export import csv_text

    r = load(LEVELS)
    clock = FakeClock()
    engine = Engine(r, clock, routine_id="levels")
    run_through(engine, clock, tick=1.0)
    record = replay(engine.recorder.entries, interrupted_at=clock.wall())
    rows = list(csv.DictReader(io.StringIO(csv_text([record]))))
    assert {(row["level"], row["level_name"]) for row in rows} == {("2", "from the feet")}


def test_a_max_hold_ends_by_itself_at_its_cap() -> None:
    r = load(HEAD.replace('"Side plank"', '"Back-extensor hold"')
             + 'kind = "hold"\nhold = "max"\nhold_cap = 120\n')
    clock = FakeClock()
    engine = Engine(r, clock, routine_id="test")
    engine.start()
    clock.advance(119.5)
    engine.update()
    assert not engine.finished
    clock.advance(1.0)
    engine.update()
    assert engine.finished
    (held,) = engine.sets
    assert (held.achieved, held.completed, held.ended_by) == (120.0, True, "time")


def test_max_hold_on_a_max_hold_still_means_nothing_and_hold_cap_ends_it() -> None:
    """Files valid before mean the same: `max_hold` on a "max" hold never ended it."""
    (old,) = load(HEAD + 'kind = "hold"\nhold = "max"\nmax_hold = 45\n').exercises
    assert old.cap_seconds == 600
    (new,) = load(HEAD + 'kind = "hold"\nhold = "max"\nhold_cap = 45\n').exercises
    assert new.cap_seconds == 45
    found = problems(HEAD + 'kind = "hold"\nhold = 30\nhold_cap = 45\n')
    assert any('hold_cap only applies to hold = "max"' in p.message for p in found)


@pytest.mark.parametrize(("body", "words"), [
    ('kind = "hold"\nhold = 5\nlevels = []\n', "at least 2"),
    ('kind = "hold"\nhold = 5\nlevel_after_pain = 3\n'
     'levels = [{name = "a"}, {name = "b"}]\n', "level_after_pain must be one of"),
    ('kind = "hold"\nhold = 5\nlevel_name = "x"\nlevels = [{name = "a"}, {name = "b"}]\n',
     "level_name is taken from levels"),
    ('kind = "reps"\nreps = [8, 6, 4]\nsets = 2\nlevels = [{name = "a"}, {name = "b"}]\n',
     "sets = 2, but the dose lists 3 sets"),
])
def test_level_problems_name_what_is_wrong(body: str, words: str) -> None:
    found = problems(HEAD + body)
    assert any(words in p.message for p in found), [str(p) for p in found]
    assert not any("level 2" in p.message for p in found if "level_after_pain" in words)


def test_a_level_with_one_dose_keeps_the_sets_the_exercise_lists() -> None:
    (ex,) = load(HEAD + 'kind = "hold"\nhold = [10, 10, 10]\n'
                        'levels = [{name = "a"}, {name = "b", hold = 30}]\n').exercises
    assert (ex.sets, ex.at_level(2).sets, ex.at_level(2).hold) == (3, 3, 30)

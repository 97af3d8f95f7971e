"""The README's "Writing a routine", "Your history" and "Development": every number they state
is checked against the code (issue 25).

Each claim is a phrase of the README and a check that asserts its numbers against the models,
the routine loader, the store, the index, the engine or the tests that the section names. The
routine format's limits and defaults in the example file (a fenced block, so not required by
`uncovered_numbers`) are checked too: they are the format's public contract."""

from __future__ import annotations

import ast
import itertools
import json
import os
import re
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from coretimer.coaching.doses import cap, floor, step_down, step_up
from coretimer.coaching.progression import AMBER, PAIN_HISTORY, at_levels_done, pain_reported
from coretimer.model.clock import ClockLooksWrong, FakeClock, plausible
from coretimer.model.exercise import Exercise
from coretimer.model.fields import MAX_HOLD_CAP
from coretimer.model.record import SESSION_SCHEMA_VERSION, NotDoneSet, PainReport, SessionRecord
from coretimer.model.routine import Routine
from coretimer.routine.files import RoutineError, load_routine_file, shipped_dir
from coretimer.routine.plan import COUNTED_HOLD_FROM
from coretimer.routine.problems import field_path, parse_routine
from coretimer.session.engine import Engine
from coretimer.session.events import Countdown
from coretimer.session.rules import Pacing
from coretimer.store.migrations import migrate
from coretimer.store.sessionfiles import (
    MAX_SESSION_BYTES,
    PAIN_ANSWER_SUFFIX,
    Answer,
    keep_answer,
    read_answer,
)
from tests.helpers import hold, reps, routine, run_through
from tests.readme_claims import README, Claim, flat, run_claims, section, uncovered_numbers

ROOT = Path(__file__).resolve().parents[1]


# --- Helpers ------------------------------------------------------------------------------------


def exercise(**fields: Any) -> Exercise:
    return Exercise.model_validate({"name": "Plank", **fields})


def accepts(**fields: Any) -> bool:
    """Whether an exercise with these fields is a valid one."""
    try:
        exercise(**fields)
    except ValidationError:
        return False
    return True


def bare_routine(**fields: Any) -> Routine:
    return Routine.model_validate({"name": "R", "exercises": [{"name": "Plank", "kind": "hold",
                                                              "hold": 30}], **fields})


def record(**fields: Any) -> SessionRecord:
    """A finished session, an hour long, on a plausible date."""
    start = fields.pop("started_at", datetime(2026, 11, 21, 10, 0, tzinfo=UTC))
    return SessionRecord.model_validate({
        "id": "s1", "routine": "r", "routine_name": "R", "started_at": start,
        "ended_at": start + timedelta(hours=1), "status": "completed", **fields})


def shipped(routine_id: str) -> Routine:
    return load_routine_file(shipped_dir() / f"{routine_id}.toml").routine


def every_level(ex: Exercise) -> list[Exercise]:
    return [ex.at_level(i) for i in range(1, ex.level_count + 1)] if ex.levels else [ex]


# --- Writing a routine --------------------------------------------------------------------------


def check_rest_between_exercises_default() -> None:
    assert bare_routine().rest_between_exercises == 30


def check_get_ready_default() -> None:
    assert bare_routine().get_ready == 5


def check_sets() -> None:
    assert exercise(kind="hold", hold=30).sets == 1
    assert accepts(kind="hold", hold=30, sets=1) and accepts(kind="hold", hold=30, sets=20)
    assert not accepts(kind="hold", hold=30, sets=0)
    assert not accepts(kind="hold", hold=30, sets=21)


def check_hold_bounds() -> None:
    assert accepts(kind="hold", hold=1) and accepts(kind="hold", hold=600)
    assert not accepts(kind="hold", hold=0) and not accepts(kind="hold", hold=601)
    assert accepts(kind="hold", hold=[1, 600]) and not accepts(kind="hold", hold=[601])
    assert exercise(kind="hold", hold="max").is_max_hold


def check_reps_bounds() -> None:
    assert accepts(kind="reps", reps=1) and accepts(kind="reps", reps=100)
    assert not accepts(kind="reps", reps=0) and not accepts(kind="reps", reps=101)
    assert accepts(kind="reps", reps=[100, 1]) and not accepts(kind="reps", reps=[101])


def counted_hold(rep_hold: float) -> tuple[bool, list[int]]:
    """One paced rep with this hold: whether the big digits count the hold down (mid-hold), and
    the numbers said before its end."""
    clock = FakeClock()
    engine = Engine(routine(reps(count=1, tempo=2, rep_hold=rep_hold), get_ready=0), clock)
    engine.start()
    clock.advance(1.5)  # a second out (half the tempo), then half a second into the hold
    engine.update()
    view = engine.view()
    assert view.rep_step == "hold"
    said = [e.seconds for e in run_through(engine, clock, tick=0.25)
            if isinstance(e, Countdown) and e.rep is not None]
    return view.hold_countdown is not None, said


def check_counted_rep_hold() -> None:
    assert COUNTED_HOLD_FROM == 5
    assert Pacing().countdown_from == 3
    assert counted_hold(5) == (True, [3, 2, 1])
    assert counted_hold(4) == (False, [])


def check_rest() -> None:
    assert exercise(kind="hold", hold=30).rest == 20
    assert accepts(kind="hold", hold=30, rest=0) and accepts(kind="hold", hold=30, rest=600)
    assert not accepts(kind="hold", hold=30, rest=-1)
    assert not accepts(kind="hold", hold=30, rest=601)


def check_max_hold_default() -> None:
    plain = exercise(kind="hold", hold=30)
    assert cap(plain) == 60 and step_up(plain, 60) == 60 and step_up(plain, 55) == 60
    own = exercise(kind="hold", hold=30, max_hold=45)
    assert cap(own) == 45 and step_up(own, 45) == 45


def check_max_reps_default() -> None:
    plain = exercise(kind="reps", reps=10)
    assert cap(plain) == 15 and step_up(plain, 15) == 15 and step_up(plain, 14) == 15
    own = exercise(kind="reps", reps=10, max_reps=12)
    assert cap(own) == 12 and step_up(own, 12) == 12


def back_extensor_holds() -> list[Exercise]:
    """Every version of the shipped tests' back-extensor holds (each level of each)."""
    found = [lv for rid in ("endurance-test", "endurance-test-adapted")
             for ex in shipped(rid).exercises if ex.key.startswith("back-extensor")
             for lv in every_level(ex)]
    assert len(found) >= 3, "the published test (two levels) and the adapted one"
    return found


def check_hold_cap() -> None:
    assert MAX_HOLD_CAP == 600
    assert exercise(kind="hold", hold="max").cap_seconds == 600
    assert exercise(kind="hold", hold="max", hold_cap=120).cap_seconds == 120
    clock = FakeClock()  # and the engine ends the hold there, by itself
    engine = Engine(routine(hold(seconds="max", hold_cap=120), get_ready=0), clock)
    engine.start()
    clock.advance(119.5)
    engine.update()
    assert not engine.finished
    clock.advance(1.0)
    engine.update()
    assert engine.finished and engine.sets[0].achieved == 120.0
    for ex in back_extensor_holds():  # 2 minutes
        assert ex.is_max_hold and ex.cap_seconds == 120, ex.title


def check_lowest_dose() -> None:
    """A step back stops at 5 s or 1 rep, and the easier version is shown there."""
    from coretimer.coaching.progression import _step_back

    held = exercise(kind="hold", hold=30, easier="Plank from the knees")
    done = exercise(kind="reps", reps=10, easier="Fewer")
    assert (floor(held), floor(done)) == (5, 1)
    assert (step_down(held, 10), step_down(held, 5)) == (5, 5)
    assert (step_down(done, 2), step_down(done, 1)) == (1, 1)
    back = _step_back(held, 10, "pain")
    assert back.suggested == 5 and back.at_floor and "Plank from the knees" in back.text()
    assert not _step_back(held, 15, "pain").at_floor


LEVELLED = {"name": "Side plank", "kind": "hold", "hold": 20, "max_hold": 45,
            "levels": [{"name": "from the knees", "max_hold": 30},
                       {"name": "from the feet", "hold": [10, 10, 10]}]}


def check_level_below() -> None:
    """A step back from a level's lowest dose is the level below, at that level's own dose."""
    from coretimer.coaching.progression import _step_back

    at_two = Exercise.model_validate({**LEVELLED, "level": 2})
    down = _step_back(at_two, 5, "pain")
    assert (down.level, down.level_to, down.suggested) == (1, "from the knees", 20)
    same = _step_back(at_two, 10, "pain")  # above the lowest dose: a step within the level
    assert (same.level, same.suggested, same.at_floor) == (2, 5, True)


def check_level_default() -> None:
    ex = Exercise.model_validate(LEVELLED)
    assert (ex.level, ex.level_name) == (1, "from the knees")


def check_level_after_pain_weeks() -> None:
    assert PAIN_HISTORY.days == 4 * 7
    r = Routine.model_validate({"name": "R", "exercises": [
        {**LEVELLED, "level": 2, "level_after_pain": 1}]})
    now = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)

    def level_after(ended_days_ago: float) -> int | None:
        start = now - timedelta(days=ended_days_ago, hours=1)
        return at_levels_done(r, [record(started_at=start, baseline_pain=5)], now) \
            .exercises[0].level

    assert level_after(27.9) == 1
    assert level_after(28.1) == 2


def check_pain_reported() -> None:
    """What counts as pain for `level_after_pain`: a report, a stop, a worse morning, or a
    check-in or next-morning rating of 4 or more."""
    at = datetime(2026, 11, 21, 10, 30, tzinfo=UTC)
    assert AMBER == 4
    assert not pain_reported(record(baseline_pain=3, next_morning_pain=3))
    assert pain_reported(record(baseline_pain=4))
    assert pain_reported(record(next_morning="same", next_morning_pain=4))
    assert pain_reported(record(next_morning="worse"))
    assert pain_reported(record(status="stopped_for_pain"))
    assert pain_reported(record(pain=[{"at": at, "exercise": "Plank", "level": 2}]))
    assert not pain_reported(record(pain=[{"at": at, "exercise": "Plank", "level": 0}]))


def check_level_after_pain() -> None:
    check_level_after_pain_weeks()
    check_pain_reported()


def check_offered_after() -> None:
    from coretimer.coaching.offering import CLEAN_SESSIONS

    assert CLEAN_SESSIONS == 2


def check_per_set_doses() -> None:
    pyramid = exercise(kind="reps", reps=[8, 6, 4])
    assert pyramid.sets == 3
    assert [pyramid.for_set(n).reps for n in (1, 2, 3)] == [8, 6, 4]
    assert exercise(kind="hold", hold=[10, 10, 10]).sets == 3
    assert not accepts(kind="reps", reps=[8, 6, 4], sets=2)  # a sets that says otherwise


ROUTINE_TEXT = 'name = "Byte"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = 30\n'


def check_odd_byte_in_a_name() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.fsencode(tmp) + b"/caf\xe9.toml"
        with open(raw, "wb") as fh:
            fh.write(ROUTINE_TEXT.encode())
        with pytest.raises(RoutineError) as caught:
            load_routine_file(Path(os.fsdecode(raw)))
    (problem,) = caught.value.problems
    assert "\\xe9" in str(problem) and "rename" in str(problem)


def check_problem_lines() -> None:
    """The field counts exercises from 0; the line counts from 1, the file's own."""
    lines = ['name = "Line check"', *["# a comment"] * 9]
    for i, seconds in enumerate((30, 30, 0)):
        lines += ["", "[[exercises]]", f'name = "Hold {i}"', 'kind = "hold"', f"hold = {seconds}"]
    assert lines[24] == "hold = 0"  # line 25
    found = parse_routine("\n".join(lines).encode(), "my.toml")
    assert isinstance(found, list)
    (problem,) = found
    assert field_path(("exercises", 2, "hold")) == "exercises[2].hold"
    assert str(problem).startswith("my.toml: exercises[2].hold: ")
    assert str(problem).endswith("(line 25)")


ROUTINE_CLAIMS: list[Claim] = [
    # The example file's limits and defaults (a fenced block: checked all the same).
    Claim("rest_between_exercises = 30 # seconds, optional (default 30)",
          check=check_rest_between_exercises_default),
    Claim('get_ready = 5 # seconds of "get ready" before each exercise (default 5)',
          check=check_get_ready_default),
    Claim("sets = 3 # default 1 (1–20)", check=check_sets),
    Claim('hold = 30 # seconds (1–600), for kind = "hold"; "max" = hold until you end it',
          check=check_hold_bounds),
    Claim('reps = 10 # for kind = "reps" (1–100)', check=check_reps_bounds),
    Claim("# 5 or more: the hold is counted down on the big digits # and its last 3 s are spoken",
          check=check_counted_rep_hold),
    Claim("rest = 20 # seconds between sets (and between sides), default 20 (0–600)",
          check=check_rest),
    Claim("max_hold = 45 # optional: where suggested steps up stop (default 60 s)",
          check=check_max_hold_default),
    Claim("max_reps = 12 # optional: likewise for reps (default 15)",
          check=check_max_reps_default),
    Claim('hold_cap = 120 # optional, "max" holds: end by itself after this (default 600)',
          check=check_hold_cap),
    Claim("# optional: shown when a step back reaches 5 s or 1 rep", check=check_lowest_dose),
    Claim("level = 1 # the level to start at (default 1)", check=check_level_default),
    Claim("level_after_pain = 1 # optional: the level to use after pain in the last 4 weeks",
          check=check_level_after_pain_weeks),
    Claim("this one is offered only once the last two sessions # with that one were clean",
          check=check_offered_after),
    # The prose.
    Claim("A routine file whose name is not valid UTF-8 is not loaded: coretimer names it (the "
          "odd byte shown as `\\xe9`) and asks you to rename it.",
          check=check_odd_byte_in_a_name),
    Claim("`reps = [8, 6, 4]` is a pyramid, `hold = [10, 10, 10]` three short holds. The list "
          "gives the number of sets (a `sets` that says otherwise is an error).",
          check=check_per_set_doses),
    Claim("A step back from the lowest dose (5 s or 1 rep) goes to the level below, at its own "
          "dose.", check=check_level_below),
    Claim("On a `\"max\"` hold, `hold_cap = 120` makes the hold end by itself after that many "
          "seconds (default 600): the shipped back-extensor test holds stop at 2 minutes.",
          check=check_hold_cap),
    Claim("`level_after_pain` is used while pain was reported in the last 4 weeks: a pain "
          "report, a stop for pain, a worse next morning, or a check-in or next-morning rating "
          "of 4 or more.", check=check_level_after_pain),
    Claim("the field (`exercises[2].hold`, counting from 0) and, at the end, the line it is on "
          "(`(line 25)`)", check=check_problem_lines),
]


# --- Your history -------------------------------------------------------------------------------


def check_history_refresh() -> None:
    from coretimer.ui.app import HISTORY_REFRESH_SECONDS

    assert HISTORY_REFRESH_SECONDS == 30


def rejected(**fields: Any) -> bool:
    try:
        record(**fields)
    except ValidationError:
        return True
    return False


def check_damaged_files() -> None:
    assert MAX_SESSION_BYTES == 1_000_000  # "1 MB"
    start = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    assert not rejected()
    assert rejected(started_at=datetime(1999, 12, 31, 23, 59, tzinfo=UTC))
    assert rejected(started_at=datetime(2200, 1, 2, tzinfo=UTC))
    assert rejected(started_at=start, ended_at=start - timedelta(seconds=1))
    for number in (float("nan"), float("inf")):
        assert rejected(sets=[{"exercise": "Plank", "kind": "hold", "set": 1, "target": 30.0,
                               "achieved": number, "completed": True}])


def check_wrong_clock() -> None:
    """A clock before 2000 or after 2200 (1970: no clock battery) stops a session before it
    starts; one inside them starts it."""
    assert not plausible(datetime(1999, 12, 31, 23, 59, tzinfo=UTC))
    assert plausible(datetime(2000, 1, 1, tzinfo=UTC))
    assert plausible(datetime(2200, 1, 1, tzinfo=UTC))
    assert not plausible(datetime(2200, 1, 1, 0, 1, tzinfo=UTC))
    r = routine(hold())
    for wrong in (datetime(1970, 1, 1, 0, 5, tzinfo=UTC), datetime(2300, 1, 1, tzinfo=UTC)):
        engine = Engine(r, FakeClock(wrong))
        with pytest.raises(ClockLooksWrong):
            engine.start()
        assert not engine.started
    assert Engine(r, FakeClock(datetime(2000, 1, 1, 0, 5, tzinfo=UTC))).start()


def check_cautious_answer() -> None:
    """Of two answers to one morning: worse over the same over better, and with one word the
    higher 0–10; an answer over "skipped"; in whatever order the files are read."""
    cases: list[tuple[list[Answer], Answer]] = [
        ([("s", "better", 9), ("s", "same", 2), ("s", "same", 6)], ("s", "same", 6)),
        ([("s", "same", 8), ("s", "worse", None)], ("s", "worse", None)),
        ([("s", "worse", 3), ("s", "worse", 10), ("s", "better", 0)], ("s", "worse", 10)),
        ([("s", "skipped", None), ("s", "better", 0)], ("s", "better", 0)),
    ]
    for answers, kept in cases:
        for order in itertools.permutations(answers):
            chosen: dict[str, Answer] = {}
            for answer in order:
                keep_answer(chosen, answer)
            assert chosen["s"] == kept, order


def check_pain_answer_file() -> None:
    """`<id>.pain.next-morning` holds the morning's 0–10 (anything else is not a rating)."""
    assert PAIN_ANSWER_SUFFIX == ".pain.next-morning"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"s{PAIN_ANSWER_SUFFIX}"
        for pain, read in ((0, 0), (10, 10), (11, None), (-1, None)):
            path.write_text(json.dumps({"session": "s", "next_morning": "same", "pain": pain}))
            assert read_answer(path) == ("s", "same", read)


def check_shutdown_grace() -> None:
    from coretimer.ui.quitting import SHUTDOWN_GRACE

    assert SHUTDOWN_GRACE == 2.0


FIXTURES = ROOT / "tests" / "fixtures" / "sessions"


def fixture(version: int) -> dict[str, Any]:
    """A session document as schema version `version` wrote it."""
    doc: dict[str, Any] = json.loads((FIXTURES / f"v{version}.json").read_text())
    assert doc["schema_version"] == version
    return doc


def check_version_3_fields() -> None:
    """`ended_by` and `exercise_id` came with schema version 3: null in older sessions."""
    assert all("ended_by" not in x and "exercise_id" not in x for x in fixture(2)["sets"])
    assert all("ended_by" in x and "exercise_id" in x for x in fixture(3)["sets"])
    old = SessionRecord.model_validate(migrate(fixture(2)))
    assert all(x.ended_by is None and x.exercise_id is None for x in old.sets)
    assert all(p.exercise_id is None and p.phase is None for p in old.pain)
    assert old.sets[0].key == "front-plank"  # matched by its name's slug


def check_pain_level() -> None:
    at = datetime(2026, 11, 21, 10, 30, tzinfo=UTC)
    assert PainReport(at=at, exercise="Plank", level=None).is_pain  # no rating: a spike
    assert not PainReport(at=at, exercise="Plank", level=0).is_pain  # pressed by mistake
    with pytest.raises(ValidationError):
        PainReport(at=at, exercise="Plank", level=11)


def check_version_4_morning_pain() -> None:
    assert "next_morning_pain" not in fixture(3)
    assert fixture(4)["next_morning_pain"] is not None
    assert SessionRecord.model_validate(migrate(fixture(3))).next_morning_pain is None
    assert record(next_morning="same", next_morning_pain=0).next_morning_pain == 0
    assert record(next_morning="same", next_morning_pain=10).next_morning_pain == 10
    assert rejected(next_morning="same", next_morning_pain=11)
    assert rejected(next_morning="same", next_morning_pain=-1)


def check_version_5_not_done() -> None:
    assert SESSION_SCHEMA_VERSION == 5
    assert "not_done" not in fixture(4) and "not_done" in fixture(5)
    assert SessionRecord.model_validate(migrate(fixture(4))).not_done == []
    assert set(NotDoneSet.model_fields) == {
        "exercise", "exercise_id", "kind", "side", "set", "target", "level", "level_name",
        "because", "after_sets"}
    assert NotDoneSet.model_fields["because"].default == "pain"


def check_extensor_cap() -> None:
    """The back-extensor test holds end by themselves at 2 minutes: that is the cap."""
    for ex in back_extensor_holds():
        assert ex.is_max_hold and ex.cap_seconds == 2 * 60, ex.title


HISTORY_CLAIMS: list[Claim] = [
    Claim("`<id>.pain.next-morning`: the 0–10 given just after the word",
          check=check_pain_answer_file),
    Claim("While the app is open it looks again every 30 seconds", check=check_history_refresh),
    Claim("is saved in the index for the state it was worked out from and the time zone",
          by="tests/test_saved_stats.py::"
             "test_stats_saved_in_another_time_zone_are_worked_out_again"),
    Claim("over 1 MB, with an impossible date (before 2000, after 2200, or ending before it "
          "starts) or a number that is not one (NaN, Infinity)", check=check_damaged_files),
    Claim("One that says a date before 2000 or after 2200 (a Raspberry Pi with no clock battery "
          "says 1970 until it is online) stops a session before it starts",
          check=check_wrong_clock),
    Claim("`history`, `stats` and `export` stop with an error that says so (exit 1)",
          by="tests/test_hostile.py::test_an_unreadable_history_is_not_an_empty_one"),
    Claim("the more cautious answer counts (worse over the same over better, and the higher "
          "0–10)", check=check_cautious_answer),
    Claim("the session is saved and the process ends within 2 s even if the terminal is gone",
          check=check_shutdown_grace),
    Claim("`ended_by` is how the set ended (`\"time\"`, `\"done\"`, `\"skip\"`, `\"pain\"`, "
          "`\"end\"`; null in sessions saved before schema version 3)",
          check=check_version_3_fields),
    Claim("A pain `level` is null when no rating was given and 0 when the key was pressed by "
          "mistake", check=check_pain_level),
    Claim("(null in sessions saved before schema version 3, which are matched by their name's "
          "slug)", check=check_version_3_fields),
    Claim("from schema version 4, `next_morning_pain` (0–10, or null when not given)",
          check=check_version_4_morning_pain),
    Claim("From schema version 5 a session also carries `not_done`: the sets left out after a "
          "pain rated below the spike rule, each with `exercise`, `exercise_id`, `kind`, "
          "`side`, `set`, `target`, `level`, `level_name`, `because` (`\"pain\"`) and "
          "`after_sets` (its place among `sets`).", check=check_version_5_not_done),
    Claim("`extensor_capped` (the hold ran to its 2-minute cap: ratios against it are upper "
          "bounds)", check=check_extensor_cap),
]


# --- Development --------------------------------------------------------------------------------


def check_session_sizes() -> None:
    """The session screen's snapshots: every size is met in the normal tier (each session
    screen at two of them), and every screen at every size in the slow tier."""
    from tests import test_snapshots

    sizes = [(60, 20), (80, 24), (120, 40), (200, 60)]
    assert sizes == test_snapshots.SESSION_SIZES
    marks = test_snapshots.test_session_at_size.pytestmark
    (grid,) = [m for m in marks if m.name == "parametrize"]
    cases = [(p.values, [m.name for m in p.marks]) for p in grid.args[1]]
    screens = {values[0] for values, _ in cases}
    assert {(name, size) for (name, size), _ in cases} == {
        (name, size) for name in screens for size in sizes}
    assert {size for (_, size), tier in cases if "slow" not in tier} == set(sizes)


def runs_on_every_core() -> None:
    """`-n 0` turns off what the suite does by default: a worker per core (pytest-xdist)."""
    text = (ROOT / "pyproject.toml").read_text()
    assert "-n auto" in text and '"pytest-xdist' in text


def test_functions(module: str) -> set[str]:
    tree = ast.parse((ROOT / "tests" / module).read_text())
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


test_functions.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def check_phone_screenshots() -> None:
    from tests.test_phone import SHOTS

    runs_on_every_core()
    assert "CORETIMER_PHONE_SCREENSHOTS" in (ROOT / "tests" / "test_phone.py").read_text()
    drawn = {f"{prefix}-{what}.png" for prefix, shots in SHOTS.values() for what in shots}
    assert drawn == {p.name for p in (ROOT / "screenshots").glob("phone-*.png")}
    chosen = {n for n in test_functions("test_phone.py") if "fits" in n or "every_target" in n}
    assert len(chosen) == 2, chosen  # the page fitting (home), the session and the pain prompt


def check_report_screenshot() -> None:
    runs_on_every_core()
    assert (ROOT / "screenshots" / "report.png").is_file()
    chosen = {n for n in test_functions("test_report.py") if "browser" in n}
    assert chosen == {"test_the_report_renders_in_a_browser"}
    assert "CORETIMER_REPORT_SCREENSHOT" in (ROOT / "tests" / "test_report.py").read_text()


def check_bench_parts() -> None:
    tree = ast.parse((ROOT / "bench" / "runner.py").read_text())
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value == "--only"):
            (choices,) = [k.value for k in node.keywords if k.arg == "choices"]
            assert ast.literal_eval(choices) == ("startup", "help", "session", "path",
                                                 "due", "coaching")
            return
    raise AssertionError("bench/runner.py has no --only")


DEVELOPMENT_CLAIMS: list[Claim] = [
    Claim("the session screen at 60×20, 80×24, 120×40 and 200×60", check=check_session_sizes),
    Claim("`CORETIMER_PHONE_SCREENSHOTS=screenshots .venv/bin/python -m pytest -n 0 "
          'tests/test_phone.py -k "fits or every_target"`', check=check_phone_screenshots),
    Claim("`CORETIMER_REPORT_SCREENSHOT=screenshots/report.png .venv/bin/python -m pytest -n 0 "
          "tests/test_report.py -k browser`", check=check_report_screenshot),
    Claim("`--only startup|help|session|path|due|coaching` runs one part", check=check_bench_parts),
]

CLAIMS: list[Claim] = [*ROUTINE_CLAIMS, *HISTORY_CLAIMS, *DEVELOPMENT_CLAIMS]


# --- Tests --------------------------------------------------------------------------------------


def test_writing_a_routine_states_no_unchecked_number() -> None:
    assert uncovered_numbers(section("Writing a routine"), ROUTINE_CLAIMS) == []


def test_your_history_states_no_unchecked_number() -> None:
    assert uncovered_numbers(section("Your history"), HISTORY_CLAIMS) == []


def test_development_states_no_unchecked_number() -> None:
    assert uncovered_numbers(section("Development"), DEVELOPMENT_CLAIMS) == []


@pytest.mark.parametrize("claim", CLAIMS, ids=[flat(c.phrase)[:60] for c in CLAIMS])
def test_the_claim_holds(claim: Claim) -> None:
    run_claims([claim])


def test_every_section_of_the_readme_has_its_numbers_checked() -> None:
    """A new `## ` section of the README needs a test of its numbers (the test_readme_*.py
    files each take some sections; the intro above the first heading is in _using)."""
    here = Path(__file__).parent
    tests = "".join(p.read_text(encoding="utf-8") for p in sorted(here.glob("test_readme_*.py")))
    titles = re.findall(r"^## (.+)$", README.read_text(encoding="utf-8"), re.M)
    # section("Title"), or a constant the test passes to section(): X_SECTION = "Title"
    unchecked = [t for t in titles if f'section("{t}")' not in tests
                 and not re.search(rf'^\w+_SECTION = "{re.escape(t)}"$', tests, re.M)]
    assert unchecked == []
    assert len(titles) >= 10


def test_the_module_map_names_every_module_of_the_core() -> None:
    """Development's map of the house (issue 26) names each package of the core and every
    module in it, so that a newcomer reading it finds every file, and a file added without
    a place in the map fails here."""
    text = (ROOT / "README.md").read_text()
    block = text[text.index("The house, from the edge in"):text.index("- The core (everything")]
    core = ROOT / "src" / "coretimer"
    missing = []
    for path in sorted(core.rglob("*.py")):
        rel = path.relative_to(core)
        if ("__pycache__" in rel.parts or path.name in ("__init__.py", "__main__.py")
                or rel.parts[0] in ("ui", "cli")):
            continue
        if len(rel.parts) > 1 and f"{rel.parts[0]}/" not in block:
            missing.append(f"{rel.parts[0]}/")
        if not re.search(rf"\b{re.escape(path.stem)}(\.py)?\b", block):
            missing.append(str(rel))
    assert missing == [], f"not in the README's module map: {missing}"

"""Exercises have a stable id: an explicit `id`, or a slug of the name. History records it, and
stats and progression match on it, so renaming an exercise keeps its history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coretimer.coaching.progression import suggest
from coretimer.coaching.trends import trends
from coretimer.model.clock import FakeClock
from coretimer.model.ids import slug
from coretimer.model.record import SessionRecord, SetResult
from coretimer.routine.problems import parse_routine
from coretimer.session.engine import Engine
from coretimer.store.journal import replay
from tests.helpers import hold, routine, run_through


@pytest.mark.parametrize(("name", "expected"), [
    ("Front plank", "front-plank"),
    ("Side plank (knees)", "side-plank-knees"),
    ("Brace (abdominal vacuum)", "brace-abdominal-vacuum"),
    ("  Dead   bug  ", "dead-bug"),
    ("Brücke", "brücke"),
    ("!!!", "exercise"),
])
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_the_id_is_recorded_with_every_set_and_pain_report() -> None:
    clock = FakeClock()
    r = routine(hold("Front plank", 10, id="plank"), hold("Side bridge", 10), get_ready=0,
                rest_between_exercises=0)
    engine = Engine(r, clock)
    engine.start()
    clock.advance(12)
    engine.update()
    engine.report_pain()
    engine.rate_pain(1)
    run_through(engine, clock)
    record = replay(engine.recorder.entries)
    assert [(x.exercise, x.exercise_id) for x in record.sets] == [
        ("Front plank", "plank"), ("Side bridge", "side-bridge")]
    assert [(p.exercise_id, p.counts_against) for p in record.pain] == [
        ("side-bridge", ["side-bridge"])]


def _day(day: int, name: str, exercise_id: str | None, seconds: float) -> SessionRecord:
    start = datetime(2026, 11, 1, 8, tzinfo=UTC) + timedelta(days=day)
    return SessionRecord(
        id=f"d{day}", routine="r", routine_name="R", started_at=start, ended_at=start,
        status="completed", next_morning="same",
        sets=[SetResult(exercise=name, exercise_id=exercise_id, kind="hold", set=1,
                        target=seconds, achieved=seconds, completed=True)])


def test_renaming_an_exercise_keeps_its_history() -> None:
    """Old sessions knew it as "Plank" (no id recorded: its slug is "plank"); the routine now
    calls it "Front plank (forearms)" with id = "plank"."""
    history = [_day(1, "Plank", None, 30), _day(3, "Front plank (forearms)", "plank", 30)]
    (trend,) = trends(history, UTC).values()
    assert trend.key == "plank" and trend.exercise == "Front plank (forearms)"
    assert [p.value for p in trend.points] == [30, 30]
    text = b'name = "R"\n[[exercises]]\nname = "Front plank (forearms)"\nid = "plank"\n' \
           b'kind = "hold"\nhold = 30\n'
    renamed = parse_routine(text, "r.toml")
    assert not isinstance(renamed, list)
    (up,) = suggest("r", renamed, history)
    assert (up.direction, up.current, up.suggested) == ("up", 30, 35)


@pytest.mark.parametrize("bad", ['"Plank"', '"-x"', '"a b"', "3", '""'])
def test_an_explicit_id_is_checked(bad: str) -> None:
    text = f'name = "R"\n[[exercises]]\nname = "P"\nid = {bad}\nkind = "hold"\nhold = 5\n'
    problems = parse_routine(text.encode(), "r.toml")
    assert isinstance(problems, list)
    assert [p.where for p in problems] == ["exercises[0].id"]

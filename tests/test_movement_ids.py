"""One movement, one id: an exercise's `aliases` carry its history over from the ids it had
before (or from a test hold of the same movement), and a test hold never counts as training."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from coretimer.coaching.pain_weeks import exercise_pain, pain_of
from coretimer.coaching.progression import at_levels_done, level_done, suggest
from coretimer.model.exercise import Exercise
from coretimer.model.fields import Kind
from coretimer.model.record import PainReport, SessionRecord, SetResult
from coretimer.routine.files import leave_out
from tests.helpers import hold, routine

T0 = datetime(2026, 11, 2, 8, tzinfo=UTC)
PLANK = routine(hold("Front plank", 30, sets=2, id="front-plank", aliases=["plank"]))


def session(day: float, key: str, *, target: float | None = 30, done: bool = True,
            pain: int | None = None, routine_id: str = "r", kind: Kind = "hold",
            level: int | None = None) -> SessionRecord:
    start = T0 + timedelta(days=day)
    sets = [SetResult(exercise=key.title(), exercise_id=key, kind=kind, set=i,
                      target=target, achieved=target or 50, completed=done, level=level)
            for i in (1, 2)]
    reports = [] if pain is None else [PainReport(at=start, exercise=key.title(), level=pain,
                                                  phase="work", counts_against=[key])]
    return SessionRecord(id=f"s{day}", routine=routine_id, routine_name="R", started_at=start,
                         ended_at=start + timedelta(minutes=20), status="completed",
                         sets=sets, pain=reports, next_morning="better")


def moves(history: list[SessionRecord]) -> dict[str, tuple[str, int, int]]:
    return {s.exercise: (s.direction, s.current, s.suggested)
            for s in suggest("r", PLANK, history)}


def test_sessions_saved_under_an_alias_count_for_the_exercise() -> None:
    history = [session(1, "plank"), session(3, "plank")]
    assert moves(history) == {"Front plank": ("up", 30, 35)}


def test_an_old_and_a_new_id_together_make_the_last_two_sessions() -> None:
    assert moves([session(1, "plank"), session(3, "front-plank")]) == {
        "Front plank": ("up", 30, 35)}


def test_pain_saved_under_an_alias_counts_against_the_exercise() -> None:
    history = [session(1, "front-plank"), session(3, "plank", pain=3)]
    assert moves(history) == {"Front plank": ("down", 30, 25)}
    low = [session(1, "front-plank"), session(3, "plank", pain=2)]
    assert moves(low) == {"Front plank": ("stay", 30, 30)}  # low pain: held, not moved back
    found = exercise_pain(low, T0 + timedelta(days=4))
    joined = pain_of(found, PLANK.exercises[0].keys)
    assert joined is not None and [level for _, level in joined.reports] == [2]


def test_an_unrelated_id_does_not_count() -> None:
    assert moves([session(1, "side-plank"), session(3, "side-plank")]) == {}


def test_a_test_hold_never_counts_as_a_clean_training_session() -> None:
    """A max hold of the same movement (target None) is a test: two clean tests and no
    training is no step up; its pain still counts."""
    tests = [session(1, "plank", target=None), session(3, "plank", target=None)]
    assert moves(tests) == {}
    assert moves([session(1, "front-plank"), session(2, "front-plank"),
                  session(3, "plank", target=None, routine_id="test")]) == {
        "Front plank": ("up", 30, 35)}
    assert moves([session(1, "front-plank"), session(2, "front-plank"),
                  session(3, "plank", target=None, pain=4, routine_id="test")]) == {
        "Front plank": ("down", 30, 25)}
    assert moves([session(1, "front-plank"), session(2, "front-plank"),
                  session(3, "plank", target=None, pain=1, routine_id="test")]) == {
        "Front plank": ("stay", 30, 30)}


def test_a_mark_not_for_me_under_an_alias_leaves_the_exercise_out() -> None:
    assert leave_out(PLANK, ["plank"]) is None
    assert leave_out(PLANK, ["front-plank"]) is None
    assert leave_out(PLANK, ["side-plank"]) is PLANK


@pytest.mark.parametrize("aliases", [["front-plank"], ["Plank"], ["plank"] * 9])
def test_bad_aliases_are_refused(aliases: list[str]) -> None:
    with pytest.raises(ValidationError):
        Exercise.model_validate({"name": "Front plank", "id": "front-plank", "kind": "hold",
                                 "hold": 30, "aliases": aliases})


def test_levels_follow_the_kind_as_well_as_the_id() -> None:
    """The Big Three's side bridge (reps of 10 s holds) and the endurance list's side plank
    (a hold) share an id: each keeps the level of its own kind."""
    levels = [{"name": "from the knees"}, {"name": "from the feet"}]
    plank = routine(hold("Side plank", 20, id="side-bridge", levels=levels))
    history = [session(1, "side-bridge", kind="reps", target=6, level=2)]
    assert level_done(plank.exercises[0], history) is None
    assert at_levels_done(plank, history).exercises[0].level == 1
    history.insert(0, session(2, "side-bridge", level=2))
    assert level_done(plank.exercises[0], history) == 2


def test_aliases_hold_both_ways_across_the_routines_found(tmp_path: Path) -> None:
    """A routine of the person's own names the shipped front plank by its old id, and
    another of theirs lists an alias the first does not know: each is matched by the
    whole group."""
    from coretimer.routine.files import discover
    from coretimer.routine.movements import group

    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        'name = "Mine"\n[[exercises]]\nname = "Plank"\nid = "plank"\nkind = "hold"\n'
        'hold = 30\n[[exercises]]\nname = "Hinge"\nid = "hinge"\nkind = "reps"\nreps = 8\n')
    (folder / "other.toml").write_text(
        'name = "Other"\n[[exercises]]\nname = "Hip hinge"\nid = "my-hinge"\n'
        'aliases = ["hinge"]\nkind = "reps"\nreps = 8\n')
    mine = next(r for r in discover(tmp_path).routines if r.id == "mine").routine
    plank, hinge = mine.exercises
    assert {"front-plank", "front-plank-test"} <= plank.keys
    assert "my-hinge" in hinge.keys
    assert group([("a", ["b"]), ("c", ["b"]), ("d", [])]) == {
        "a": frozenset("abc"), "b": frozenset("abc"), "c": frozenset("abc")}

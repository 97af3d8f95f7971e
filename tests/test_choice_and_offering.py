"""Levels taken only by choice (`by_choice`) and exercises offered only after another one is
clean (`offered_after`), in the format, in progression, in `offering.py` and in the preview
(issue 22: "longer legs" only when the person says so; stir the pot after clean front
planks). A routine of the tests' own, so the shipped ones can change; tests/
test_shipped_routines.py checks that the shipped ones use both fields."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from textual.widgets import DataTable

from coretimer.coaching.offering import waiting
from coretimer.coaching.progression import suggest
from coretimer.model.exercise import Exercise
from coretimer.model.fields import Kind
from coretimer.model.record import PainReport, SessionRecord, SetResult
from coretimer.model.routine import Routine
from coretimer.routine.problems import parse_routine
from coretimer.store.history import Store
from coretimer.ui.screens.preview import PreviewScreen
from tests.scenarios import START, build_app
from tests.test_coaching_ui import SIZE, details, open_shipped, rows

CHOICES_TOML = """\
name = "Choices"
get_ready = 3

[[exercises]]
name = "Pelvic tilt"
kind = "reps"
reps = 5
cues = ["Tip the hips back, keep breathing"]

[[exercises]]
name = "Stir the pot"
offered_after = "front-plank"
kind = "reps"
reps = 10
max_reps = 10
tempo = 3
level = 1
cues = ["Small slow circles, keep breathing"]

[[exercises.levels]]
name = "from the knees"

[[exercises.levels]]
name = "from the feet"
reps = 6

[[exercises]]
name = "Leg lowering"
id = "leg-drops"
kind = "reps"
sets = 2
reps = 8
max_reps = 12
tempo = 5
level = 1
cues = ["Lower slowly, keep breathing"]

[[exercises.levels]]
name = "bent knees"

[[exercises.levels]]
name = "longer legs"
by_choice = true
reps = 6

[[exercises]]
name = "Front plank"
id = "front-plank"
aliases = ["plank", "front-plank-test"]
kind = "hold"
sets = 2
hold = 30
cues = ["Brace, then keep breathing"]
"""
PARSED = parse_routine(CHOICES_TOML.encode(), "choices.toml")
assert isinstance(PARSED, Routine), PARSED
CHOICES: Routine = PARSED


def by_name(routine: Routine, name: str) -> Exercise:
    return next(ex for ex in routine.exercises if ex.name == name)


def record(days_ago: float, key: str, target: float | None, *, kind: Kind = "hold",
           level: int | None = None, done: bool = True, pain: int | None = None,
           next_morning: str = "better", routine_id: str = "choices", sets: int = 2,
           ) -> SessionRecord:
    start = START - timedelta(days=days_ago)
    return SessionRecord(
        id=f"r-{key}-{days_ago}", routine=routine_id, routine_name="R", started_at=start,
        ended_at=start + timedelta(minutes=20), status="completed",
        sets=[SetResult(exercise=key, exercise_id=key, kind=kind, set=n, target=target,
                        achieved=(target if done else 1) if target is not None else 40.0,
                        completed=done, level=level) for n in range(1, sets + 1)],
        pain=[] if pain is None else [PainReport(at=start, exercise=key, level=pain,
                                                 phase="work", counts_against=[key])],
        next_morning=next_morning)  # type: ignore[arg-type]


# --- the format ---------------------------------------------------------------------------------

def test_by_choice_is_for_a_harder_level_only() -> None:
    levels = [{"name": "easy"}, {"name": "hard", "by_choice": True}]
    ex = Exercise.model_validate({"name": "Lowering", "kind": "reps", "reps": 8,
                                  "levels": levels})
    assert ex.levels is not None and [lv.by_choice for lv in ex.levels] == [False, True]
    with pytest.raises(ValidationError, match="by_choice applies to a harder level"):
        Exercise.model_validate({"name": "Lowering", "kind": "reps", "reps": 8, "levels": [
            {"name": "easy", "by_choice": True}, {"name": "hard"}]})


def test_offered_after_names_another_exercise_of_the_routine() -> None:
    text = ('name = "R"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = 20\n'
            '[[exercises]]\nname = "Stir"\nkind = "reps"\nreps = 5\noffered_after = "{}"\n')
    assert isinstance(parse_routine(text.format("plank").encode(), "r.toml"), Routine)
    problems = parse_routine(text.format("side-plank").encode(), "r.toml")
    assert isinstance(problems, list)
    assert "must be the id of another exercise in this routine" in problems[0].message
    problems = parse_routine(text.format("stir").encode(), "r.toml")
    assert isinstance(problems, list) and "another exercise" in problems[0].message


def test_the_schema_documents_both_fields() -> None:
    from coretimer.routine.authoring import routine_schema

    defs = routine_schema()["$defs"]
    assert "taken only when the person chooses" in (
        defs["Level"]["properties"]["by_choice"]["description"].lower())
    assert "offered" in defs["Exercise"]["properties"]["offered_after"]["description"]


# --- progression never suggests a level taken by choice ----------------------------------------

def at_the_top_of_bent_knees() -> list[SessionRecord]:
    drops = by_name(CHOICES, "Leg lowering")
    assert drops.max_reps == 12 and drops.level == 1
    return [record(d, "leg-drops", 12, kind="reps", level=1, routine_id="choices")
            for d in (3, 1)]


def test_a_level_taken_by_choice_is_never_suggested() -> None:
    found = {s.key: s for s in suggest("choices", CHOICES, at_the_top_of_bent_knees(),
                                       START)}
    assert "leg-drops" not in found  # at the top of bent knees: no step up at all
    # The same history with the level not marked: a step up to it would be suggested.
    drops = by_name(CHOICES, "Leg lowering")
    assert drops.levels is not None
    plain = drops.model_copy(update={"levels": [
        drops.levels[0], drops.levels[1].model_copy(update={"by_choice": False})]})
    routine = CHOICES.model_copy(update={"exercises": [
        plain if ex.key == "leg-drops" else ex for ex in CHOICES.exercises]})
    found = {s.key: s for s in suggest("choices", routine, at_the_top_of_bent_knees(), START)}
    assert found["leg-drops"].level_to == "longer legs"


def test_below_the_top_a_step_up_within_the_level_still_comes() -> None:
    history = [record(d, "leg-drops", 8, kind="reps", level=1) for d in (3, 1)]
    step = {s.key: s for s in suggest("choices", CHOICES, history, START)}["leg-drops"]
    assert (step.direction, step.current, step.suggested, step.level_to) == ("up", 8, 9, None)


# --- stir the pot waits for clean front planks ------------------------------------------------

@pytest.mark.parametrize(("history", "clean"), [
    ([], 0),
    ([record(3, "front-plank", 30)], 1),
    ([record(3, "front-plank", 30), record(1, "front-plank", 30)], 2),
    ([record(3, "plank", 30, routine_id="hip-flexor-fix"), record(1, "front-plank", 30)], 2),
    ([record(5, "front-plank", 30), record(3, "front-plank", 30),
      record(1, "front-plank", 30, pain=3)], 1),  # the last two count: one had pain
    ([record(3, "front-plank", 30), record(1, "front-plank", 30, done=False)], 1),
    ([record(3, "front-plank", 30), record(1, "front-plank", 30, next_morning="worse")], 1),
    ([record(3, "front-plank-test", None, routine_id="endurance-test-adapted", sets=1),
      record(1, "front-plank-test", None, routine_id="endurance-test-adapted", sets=1)], 0),
])
def test_stir_the_pot_is_offered_after_two_clean_front_plank_sessions(
        history: list[SessionRecord], clean: int) -> None:
    held = waiting(CHOICES, history)
    if clean == 2:
        assert held == {}
        return
    assert list(held) == ["stir-the-pot"]
    assert held["stir-the-pot"].clean == clean
    assert held["stir-the-pot"].text().endswith(f"(so far {clean} of 2).")


# --- the preview ---------------------------------------------------------------------------------

def save(root: Path, *records: SessionRecord) -> None:
    """The history, and the routine installed as one of the person's own."""
    store = Store(root / "data")
    for r in records:
        store.save(r)
    folder = root / "config" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "choices.toml").write_text(CHOICES_TOML, encoding="utf-8")


def row_of(screen: PreviewScreen, name: str) -> int:
    return next(i for i, ex in enumerate(screen.shown.exercises) if ex.name == name)


async def test_the_preview_and_the_session_leave_stir_the_pot_out_until_then(
        tmp_path: Path) -> None:
    save(tmp_path, record(3, "front-plank", 30))  # one clean session: not yet
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_shipped(pilot, "choices")
        i = row_of(screen, "Stir the pot")
        assert rows(screen)[i][1] == "Stir the pot: from the knees (not offered yet)"
        assert rows(screen)[i][3] == "—"
        screen.query_one("#exercises", DataTable).move_cursor(row=i)
        await pilot.pause()
        text = " ".join(details(screen).split())
        assert "Not offered yet: Stir the pot is offered once your last 2 sessions with the " \
               "front plank were clean" in text and "(so far 1 of 2)" in text
        await pilot.press("1", "enter")
        await pilot.pause()
        names = [ex.name for ex in app.session.engine.routine.exercises]  # type: ignore[union-attr]
        assert names == ["Pelvic tilt", "Leg lowering", "Front plank"]


async def test_after_two_clean_front_planks_stir_the_pot_is_offered(tmp_path: Path) -> None:
    save(tmp_path, record(3, "plank", 30, routine_id="hip-flexor-fix"),  # an old id counts
         record(1, "front-plank", 30))
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_shipped(pilot, "choices")
        i = row_of(screen, "Stir the pot")
        assert rows(screen)[i][1] == "Stir the pot: from the knees"
        await pilot.press("1", "enter")
        await pilot.pause()
        names = [ex.name for ex in app.session.engine.routine.exercises]  # type: ignore[union-attr]
        assert "Stir the pot" in names


def choosing(screen: PreviewScreen) -> bool:
    return bool(screen.check_action("choose_level", ()))


async def test_the_longer_legs_are_taken_with_l_and_only_by_choice(tmp_path: Path) -> None:
    save(tmp_path, *at_the_top_of_bent_knees())
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_shipped(pilot, "choices")
        assert not [s for s in screen.suggestions if s.key == "leg-drops"]  # never suggested
        assert not choosing(screen)  # the pelvic tilt is highlighted: nothing to choose
        table = screen.query_one("#exercises", DataTable)
        i = row_of(screen, "Leg lowering")
        table.move_cursor(row=i)
        await pilot.pause()
        assert choosing(screen)
        text = " ".join(details(screen).split())
        assert "Level 1 of 2: bent knees → longer legs (by choice)" in text
        assert "The next level, longer legs, is taken only when you choose it: press l" in text
        await pilot.press("l")
        await pilot.pause()
        assert rows(screen)[i][1] == "Leg lowering: longer legs"
        assert rows(screen)[i][3] == "2 × 6 reps @ 5 s"  # the level's own dose
        assert "press l to go back to bent knees" in " ".join(details(screen).split())
        await pilot.press("l")  # and back
        await pilot.pause()
        assert rows(screen)[i][1] == "Leg lowering: bent knees"
        await pilot.press("l")
        await pilot.press("1", "enter")
        await pilot.pause()
        engine = app.session.engine  # type: ignore[union-attr]
        chosen = next(ex for ex in engine.routine.exercises if ex.key == "leg-drops")
        assert (chosen.level, chosen.level_name) == (2, "longer legs")


async def test_a_level_chosen_once_stays(tmp_path: Path) -> None:
    save(tmp_path, record(1, "leg-drops", 6, kind="reps", level=2, routine_id="elsewhere"))
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_shipped(pilot, "choices")
        i = row_of(screen, "Leg lowering")
        assert rows(screen)[i][1] == "Leg lowering: longer legs"
        screen.query_one("#exercises", DataTable).move_cursor(row=i)
        await pilot.pause()
        assert choosing(screen)  # l goes back to bent knees
        await pilot.press("l")
        await pilot.pause()
        assert rows(screen)[i][1] == "Leg lowering: bent knees"

"""The shipped routines: present, valid, installed with the package, faithful to the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coretimer.routines import LoadedRoutine, check_files, discover, shipped_dir

SHIPPED = {r.id: r for r in discover(Path("/nonexistent")).routines}


def names(routine_id: str) -> list[str]:
    return [ex.name.lower() for ex in SHIPPED[routine_id].routine.exercises]


def test_at_least_five_valid_routines_ship() -> None:
    files = sorted(shipped_dir().glob("*.toml"))
    assert len(files) >= 5
    assert check_files(files) == []
    assert set(SHIPPED) >= {"foundations", "endurance", "posterior-chain", "hip-flexor-fix",
                            "endurance-test"}


@pytest.mark.parametrize(
    ("routine_id", "must_have"),
    [
        ("foundations", ["brace", "pelvic tilt", "dead bug", "bird dog", "glute bridge",
                         "front plank"]),
        ("endurance", ["dead bug", "stir the pot", "leg drops", "pallof press", "front plank",
                       "side plank", "bird dog", "farmer carry"]),
        ("posterior-chain", ["superman", "bridge", "single-leg bridge", "good morning"]),
        ("hip-flexor-fix", ["pelvic tilt", "bent-knee leg lowering", "feet-up crunch",
                            "dead bug", "plank", "bird dog"]),
        ("endurance-test", ["front plank", "side plank", "back-extensor hold"]),
    ],
)
def test_routine_has_the_seed_exercises(routine_id: str, must_have: list[str]) -> None:
    have = names(routine_id)
    for wanted in must_have:
        assert any(wanted in name for name in have), f"{routine_id} lacks {wanted}: {have}"


def test_equipment_is_marked_where_needed() -> None:
    by_name = {ex.name: ex for ex in SHIPPED["endurance"].routine.exercises}
    for needs in ("Farmer carry", "Stir the pot", "Pallof press"):
        assert by_name[needs].equipment, needs
    for bodyweight in ("Dead bug", "Front plank", "Side plank", "Bird dog"):
        assert not by_name[bodyweight].equipment, bodyweight
    assert SHIPPED["hip-flexor-fix"].routine.equipment == ["bench or chair"]


def test_endurance_test_is_max_holds_on_both_sides() -> None:
    exercises = SHIPPED["endurance-test"].routine.exercises
    assert all(ex.kind == "hold" and ex.is_max_hold for ex in exercises)
    side = next(ex for ex in exercises if ex.name == "Side plank")
    assert side.side_list == ("left", "right")


def test_seed_doses() -> None:
    def ex(routine_id: str, name: str):  # type: ignore[no-untyped-def]
        return next(e for e in SHIPPED[routine_id].routine.exercises if e.name == name)

    plank = ex("foundations", "Front plank")
    assert (plank.sets, plank.hold) == (3, 30)  # 30–60 s, 3 sets
    bird = ex("foundations", "Bird dog")
    assert (bird.sets, bird.reps, bird.sides, bird.rep_hold) == (3, 10, "both", 2)
    dead_bug = ex("hip-flexor-fix", "Dead bug")
    assert (dead_bug.sets, dead_bug.reps, dead_bug.sides) == (3, 10, "both")
    tilt = ex("hip-flexor-fix", "Posterior pelvic tilt")
    assert tilt.rep_hold == 5 and 10 <= (tilt.reps or 0) <= 15
    superman = ex("posterior-chain", "Superman")
    assert 15 <= (superman.reps or 0) <= 20


FORBIDDEN = re.compile(r"sit-?ups?\b|straight[- ]leg raise|russian twist|twist", re.I)


@pytest.mark.parametrize("routine_id", sorted(SHIPPED))
def test_no_risky_exercises(routine_id: str) -> None:
    for ex in SHIPPED[routine_id].routine.exercises:
        assert not FORBIDDEN.search(ex.name), ex.name


@pytest.mark.parametrize("routine_id", sorted(SHIPPED))
def test_every_exercise_is_cued_and_holds_remind_to_breathe(routine_id: str) -> None:
    loaded: LoadedRoutine = SHIPPED[routine_id]
    assert loaded.routine.description
    for ex in loaded.routine.exercises:
        assert ex.cues and ex.setup, ex.name
        if ex.kind == "hold":
            assert any("breath" in cue.lower() for cue in ex.cues), ex.name


def test_user_routine_shadows_a_shipped_one(config_dir: Path) -> None:
    folder = config_dir / "routines"
    folder.mkdir(parents=True)
    (folder / "foundations.toml").write_text(
        'name = "Mine"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = 20\n')
    (folder / "broken.toml").write_text("name = ")
    catalogue = discover(config_dir)
    found = catalogue.find("foundations")
    assert found is not None and found.name == "Mine" and found.source == "user"
    assert [p.file for p in catalogue.problems] == [str(folder / "broken.toml")]


def test_the_endurance_test_holds_are_bound_to_the_routine_file_by_id() -> None:
    """stats reads the test's holds by id; the shipped file must carry exactly those ids."""
    from coretimer.endurance import ENDURANCE_HOLDS, ENDURANCE_TEST
    from coretimer.routines import load_routine_file, shipped_dir

    test = load_routine_file(shipped_dir() / f"{ENDURANCE_TEST}.toml").routine
    assert [ex.id for ex in test.exercises] == list(ENDURANCE_HOLDS)
    assert [ex.sides for ex in test.exercises] == ["none", "both", "none"]

"""The shipped routines: present, valid, installed with the package, faithful to the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coretimer.models import Exercise
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
        ("endurance-test", ["trunk flexor hold", "side bridge", "back-extensor hold"]),
        ("endurance-test-adapted", ["front plank", "side plank", "back-extensor hold"]),
        ("big-three", ["curl-up", "side bridge", "bird dog"]),
        ("warm-up", ["cat-camel"]),
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


@pytest.mark.parametrize("routine_id", ["endurance-test", "endurance-test-adapted"])
def test_endurance_test_is_max_holds_on_both_sides(routine_id: str) -> None:
    exercises = SHIPPED[routine_id].routine.exercises
    assert all(ex.kind == "hold" and ex.is_max_hold for ex in exercises)
    assert [ex.side_list for ex in exercises][1] == ("left", "right")
    # The back-extensor hold ends by itself at 2 minutes: a safe cap.
    assert exercises[2].cap_seconds == 120


def test_the_published_test_follows_the_protocol() -> None:
    flexor, side, extensor = SHIPPED["endurance-test"].routine.exercises
    assert "60°" in flexor.setup_cue and "10 cm" in flexor.setup_cue
    assert "top foot in front" in side.setup_cue
    # Unsupported over a bench edge by default; supported after pain in the last 4 weeks.
    assert extensor.level_name == "over a bench edge"
    assert extensor.level_after_pain == 1
    assert extensor.at_level(1).level_name == "supported"
    assert "adapted" in SHIPPED["endurance-test-adapted"].name.lower()


def test_seed_doses() -> None:
    def ex(routine_id: str, name: str):  # type: ignore[no-untyped-def]
        return next(e for e in SHIPPED[routine_id].routine.exercises if e.name == name)

    plank = ex("foundations", "Front plank")
    assert (plank.sets, plank.hold) == (3, 30)  # 30–60 s, 3 sets
    bird = ex("foundations", "Bird dog")
    assert (bird.sets, bird.reps, bird.sides, bird.rep_hold) == (3, 10, "alternate", 2)
    dead_bug = ex("hip-flexor-fix", "Dead bug")
    assert (dead_bug.sets, dead_bug.reps, dead_bug.sides) == (3, 10, "alternate")
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


@pytest.mark.parametrize("protocol", ["published", "adapted"])
def test_the_endurance_test_holds_are_bound_to_the_routine_file_by_id(protocol: str) -> None:
    """stats reads the test's holds by id; the shipped file must carry exactly those ids."""
    from coretimer.endurance import PROTOCOLS
    from coretimer.routines import load_routine_file, shipped_dir

    p = next(p for p in PROTOCOLS if p.name == protocol)
    test = load_routine_file(shipped_dir() / f"{p.routine}.toml").routine
    assert tuple(ex.id for ex in test.exercises) == p.holds
    assert [ex.sides for ex in test.exercises] == ["none", "both", "none"]
    assert [ex.name for ex in test.exercises] == [p.flexor, p.side, p.extensor]


# --- faithful to the seeds and the literature (issue 13) ----------------------------------------

#: Every source a shipped exercise may name, with where it comes from: the seed article
#: (../shared/seeds/, the product's source material) and a phrase that article contains, or
#: the published literature (NOTES.md quotes it).
SOURCES: dict[str, tuple[str, str]] = {
    "Lacey, WA": ("000_b5ba5fb72f87ca0c.txt", "LACEY (WA)"),
    "Ab exercises that are bad for your back": ("001_727149232be8b591.txt",
                                                "Ab Exercises that are bad for your back"),
    "London spine clinic": ("002_f3a27d2b92749c5a.txt", "Cavendish Square, London"),
    "Mofilo": ("003_6fd3a46660f4e5dd.txt", "Mofilo"),
    "Tatiana Lampa": ("004_331b32b7c84982f2.txt", "Tatiana Lampa"),
    "McGill": ("literature", "McGill"),
}
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def all_exercises() -> list[tuple[str, Exercise]]:
    out = []
    for rid, loaded in sorted(SHIPPED.items()):
        for ex in loaded.routine.exercises:
            out += [(rid, ex.at_level(n)) for n in range(1, ex.level_count + 1)] or [(rid, ex)]
    return out


@pytest.mark.parametrize(("routine_id", "ex"), all_exercises(),
                         ids=[f"{r}:{e.title}" for r, e in all_exercises()])
def test_every_shipped_exercise_names_its_source(routine_id: str, ex: Exercise) -> None:
    assert ex.source, f"{routine_id}: {ex.title} names no source"
    assert any(key in ex.source for key in SOURCES), (routine_id, ex.source)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles (../shared/seeds) are not "
                    "beside this checkout")
def test_each_named_source_is_a_seed_article_that_says_so() -> None:
    for key, (file, phrase) in SOURCES.items():
        if file != "literature":
            assert phrase in (SEEDS / file).read_text(encoding="utf-8"), key


def by_name(routine_id: str) -> dict[str, Exercise]:
    return {ex.name: ex for ex in SHIPPED[routine_id].routine.exercises}


def test_bracing_and_drawing_in_are_taught_apart() -> None:
    ex = by_name("foundations")
    brace, drawing_in = ex["Brace"], ex["Drawing-in (abdominal vacuum)"]
    brace_words = " ".join([brace.setup_cue, *brace.cues]).lower()
    assert "all the way around" in brace_words and "nudge" in brace_words
    assert "breath" in brace_words and "navel" not in brace_words
    assert any("navel toward your spine" in cue for cue in drawing_in.cues)
    assert drawing_in.key == "brace-abdominal-vacuum"  # the old exercise's history stays
    from coretimer.ui.screens.help import PHASES_AND_BRACING
    assert "corset" not in PHASES_AND_BRACING and "nudge" in PHASES_AND_BRACING


@pytest.mark.parametrize("routine_id", ["foundations", "posterior-chain"])
def test_bridges_keep_a_neutral_spine(routine_id: str) -> None:
    for ex in SHIPPED[routine_id].routine.exercises:
        if "bridge" in ex.name.lower():
            words = " ".join(ex.cues).lower()
            assert not re.search(r"one (part|segment|vertebra)|roll (down|up)|peel", words)
    assert "neutral" in " ".join(by_name("foundations")["Glute bridge"].cues)


def test_leg_drops_come_only_after_bent_knee_lowering() -> None:
    drops = by_name("endurance")["Leg drops"]
    assert drops.level == 1 and drops.level_name == "bent knees"
    assert drops.levels is not None and len(drops.levels) == 2
    harder = drops.at_level(2)
    assert harder.note and "lever" in harder.note


def test_the_feet_up_crunch_is_optional_with_a_note_on_flexion() -> None:
    crunch = by_name("hip-flexor-fix")["Feet-up crunch"]
    assert crunch.optional and crunch.note and "bend" in crunch.note.lower()


def test_rep_caps_are_the_seeds_upper_doses() -> None:
    for _, ex in all_exercises():
        if ex.name == "Dead bug":
            assert ex.max_reps == 12 and ex.alternates, ex
        if ex.key == "bird-dog":
            assert ex.max_reps == 10 and ex.alternates, ex
        if ex.alternates:  # the setup names the limbs the voice calls "Left" first
            assert re.search(r"left first: the left (arm|leg)", ex.setup_cue.lower()), (
                ex.setup_cue)


def test_the_hip_hinge_starts_with_a_dowel_then_a_light_deadlift() -> None:
    hinge = by_name("posterior-chain")["Hip hinge"]
    assert hinge.level == 1 and "dowel" in (hinge.level_name or "")
    assert "deadlift" in (hinge.at_level(2).level_name or "")


def test_a_warm_up_with_cat_camel_ships() -> None:
    assert [ex.name for ex in SHIPPED["warm-up"].routine.exercises] == ["Cat-camel"]


def test_the_big_three_are_10_second_holds_in_a_descending_pyramid() -> None:
    big = SHIPPED["big-three"].routine
    assert "McGill" in big.description
    curl, side, bird = big.exercises
    assert (curl.name, side.name, bird.name) == ("Curl-up", "Side bridge", "Bird dog")
    assert "one knee bent" in curl.setup_cue and "under the small of your back" in curl.setup_cue
    assert side.levels is not None and len(side.levels) >= 2
    for ex in (curl, *(side.at_level(n) for n in (1, 2, 3)), bird):
        assert ex.rep_hold == 10 and ex.doses is not None
        assert ex.doses == sorted(ex.doses, reverse=True) and len(ex.doses) == 3
        assert ex.rest <= 20
    assert bird.alternates

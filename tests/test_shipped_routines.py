"""The shipped routines: present, valid, installed with the package, faithful to the seeds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coretimer.coaching.progression import suggest
from coretimer.model.exercise import Exercise
from coretimer.model.record import PainReport, SessionRecord, SetResult
from coretimer.routine.files import LoadedRoutine, check_files, discover, shipped_dir

SHIPPED = {r.id: r for r in discover(Path("/nonexistent")).routines}


def names(routine_id: str) -> list[str]:
    """Every exercise's title at every level ("hip hinge: good morning, no bar")."""
    return [version.title.lower() for ex in SHIPPED[routine_id].routine.exercises
            for version in ([ex.at_level(n) for n in range(1, ex.level_count + 1)] or [ex])]


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
        ("endurance", ["dead bug", "stir the pot", "leg lowering", "pallof press",
                       "front plank", "side plank", "bird dog", "farmer carry"]),
        ("posterior-chain", ["superman", "bridge", "single-leg bridge", "good morning",
                             "deadlift"]),
        ("hip-flexor-fix", ["pelvic tilt", "leg lowering: bent knees", "feet-up crunch",
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
    superman = ex("posterior-chain", "Superman").at_level(2)  # after the one-limb lift
    assert superman.max_reps == 20  # up to the seed's 15-20, from a deliberately lower start


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
    from coretimer.coaching.endurance_protocols import PROTOCOLS
    from coretimer.routine.files import load_routine_file, shipped_dir

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
    # The brace's one intensity (15%): a study of bracing and breathing out under sudden
    # loads, J Electromyogr Kinesiol (PMID 26711271).
    "doi:10.1016/j.jelekin.2015.11.011": ("literature", "bracing at 15%"),
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
    brace_words = " ".join([brace.setup_cue, *brace.every_cue]).lower()
    assert "all the way around" in brace_words and "nudge" in brace_words
    assert "breath" in brace_words and "navel" not in brace_words
    assert any("navel toward your spine" in cue for cue in drawing_in.every_cue)
    assert drawing_in.key == "brace-abdominal-vacuum"  # the old exercise's history stays
    from coretimer.ui.screens.help import PHASES_AND_BRACING
    assert "corset" not in PHASES_AND_BRACING and "nudge" in PHASES_AND_BRACING


@pytest.mark.parametrize("routine_id", ["foundations", "posterior-chain"])
def test_bridges_keep_a_neutral_spine(routine_id: str) -> None:
    for ex in SHIPPED[routine_id].routine.exercises:
        if "bridge" in ex.name.lower():
            words = " ".join(ex.every_cue).lower()
            assert not re.search(r"one (part|segment|vertebra)|roll (down|up)|peel", words)
    assert "neutral" in " ".join(by_name("foundations")["Glute bridge"].every_cue)


@pytest.mark.parametrize("routine_id", ["endurance", "hip-flexor-fix"])
def test_leg_lowering_starts_with_bent_knees_and_longer_legs_only_by_choice(
        routine_id: str) -> None:
    drops = by_name(routine_id)["Leg lowering"]
    assert drops.key == "leg-drops" and drops.level == 1 and drops.level_name == "bent knees"
    assert drops.levels is not None and [lv.by_choice for lv in drops.levels] == [False, True]
    harder = drops.at_level(2)
    assert harder.level_name == "longer legs"
    assert harder.note and "lever" in harder.note and "choose" in harder.note


def test_leg_lowering_is_one_exercise_in_both_routines() -> None:
    """The same id, the same levels and the same dose: progression reads the dose by id."""
    one, other = by_name("endurance")["Leg lowering"], by_name("hip-flexor-fix")["Leg lowering"]
    assert one.model_dump() == other.model_dump()


def test_the_block_squeeze_lowering_drill_cites_its_seed() -> None:
    """Legs lowered while squeezing a block or ball between the knees: seed 000 (Penrose
    Physical Therapy, Lacey, WA) is where it comes from."""
    found = [(rid, ex) for rid, ex in all_exercises()
             if re.search(r"(block|ball) squeezed between your (knees|legs)", ex.setup_cue)]
    assert {rid for rid, _ in found} == {"endurance", "hip-flexor-fix"}
    for rid, ex in found:
        assert ex.source and "Lacey, WA" in ex.source, (rid, ex.title, ex.source)


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


def test_the_hip_hinge_goes_dowel_then_good_morning_then_a_light_deadlift() -> None:
    hinge = by_name("posterior-chain")["Hip hinge"]
    assert hinge.level == 1 and "dowel" in (hinge.level_name or "")
    morning = hinge.at_level(2)
    assert morning.level_name == "good morning, no bar" and not morning.equipment
    words = " ".join([morning.setup_cue, *morning.every_cue]).lower()
    assert "no bar" in words and "about 45°" in words and "neutral" in words
    assert morning.note and "90°" in morning.note  # the range is explained against the seed's
    assert "deadlift" in (hinge.at_level(3).level_name or "")
    assert "good-morning" in hinge.aliases  # the good morning's history stays


def test_the_deadlift_finishes_tall_with_the_glutes_and_never_tucks_under_the_load() -> None:
    deadlift = by_name("posterior-chain")["Hip hinge"].at_level(3)
    words = " ".join(deadlift.every_cue).lower()
    assert "tall" in words and "glutes" in words and "neutral" in words
    assert not re.search(r"(?<!don't )tuck", words)
    assert "don't tuck the pelvis under" in words


def test_the_superman_comes_after_a_one_limb_lift_with_a_note_on_extension() -> None:
    superman = by_name("posterior-chain")["Superman"]
    assert superman.level == 1 and superman.level_name == "one limb at a time"
    assert superman.at_level(2).level_name == "arms and legs together"
    assert superman.note and "dislikes arching" in superman.note and "not for me" in (
        superman.note)


def test_stir_the_pot_goes_from_the_knees_to_the_feet_after_clean_front_planks() -> None:
    stir = by_name("endurance")["Stir the pot"]
    assert [lv.name for lv in stir.levels or []] == ["from the knees", "from the feet"]
    assert stir.level == 1 and stir.offered_after == "front-plank"
    assert by_name("endurance")["Front plank"].key == "front-plank"


def test_the_farmer_carry_starts_light_from_a_bench() -> None:
    carry = by_name("endurance")["Farmer carry"]
    setup = carry.setup_cue.lower()
    assert setup.startswith("start light") and "bench" in setup and "never from the floor" in (
        setup)
    assert any("bench" in item for item in carry.equipment)


def test_the_feet_up_crunch_is_made_easier_with_the_curl_up() -> None:
    crunch = by_name("hip-flexor-fix")["Feet-up crunch"]
    assert crunch.easier and crunch.easier.startswith("The curl-up:")
    assert "hands under the small of your back" in crunch.easier  # how to do it


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


# --- one movement, one id (issue 22) -------------------------------------------------------------

#: The shipped training routines (the endurance tests' holds are tests: their own ids).
TRAINING = sorted(rid for rid in SHIPPED if not rid.startswith("endurance-test"))

#: Each movement: the pattern its exercises' names match, the one id they all use, and the
#: ids its history may also be under (old ids, and the endurance tests' holds of it).
MOVEMENTS: dict[str, tuple[str, str, frozenset[str]]] = {
    "side bridge": (r"^side (bridge|plank)$", "side-bridge",
                    frozenset({"side-plank", "side-plank-test", "side-bridge-test"})),
    "glute bridge": (r"^(glute )?bridge$", "glute-bridge", frozenset({"bridge"})),
    "front plank": (r"^(front )?plank$", "front-plank", frozenset({"plank", "front-plank-test"})),
    "leg lowering": (r"leg (drops|lowering)", "leg-drops", frozenset({"bent-knee-leg-lowering"})),
    "hip hinge": (r"hip hinge|good morning|deadlift", "hip-hinge", frozenset({"good-morning"})),
    "dead bug": (r"^dead bug$", "dead-bug", frozenset()),
    "bird dog": (r"^bird dog$", "bird-dog", frozenset()),
    "pelvic tilt": (r"pelvic tilt", "posterior-pelvic-tilt", frozenset()),
    "superman": (r"superman", "superman", frozenset()),
}

#: Exercises deliberately kept apart from their movement's id, and why.
NOT_MERGED: dict[tuple[str, str], str] = {
    ("big-three", "bird-dog-hold"): (
        "reps of 10 s holds in a 6-4-2 pyramid, not the 8 or 10 paced reps of the other bird dogs; "
        "both are kind reps and progression reads the dose by (id, kind), so one id would "
        "carry one routine's dose into the other"),
}


def training_exercises() -> list[tuple[str, Exercise]]:
    return [(rid, ex) for rid in TRAINING for ex in SHIPPED[rid].routine.exercises]


def movement_of(ex: Exercise) -> str | None:
    found = [m for m, (pattern, _, _) in MOVEMENTS.items() if re.search(pattern, ex.name, re.I)]
    assert len(found) <= 1, (ex.name, found)
    return found[0] if found else None


def test_one_movement_has_one_id_in_every_shipped_routine() -> None:
    keys: dict[str, set[frozenset[str]]] = {}
    for rid, ex in training_exercises():
        movement = movement_of(ex)
        if movement is None:
            assert ex.key not in {mid for _, mid, _ in MOVEMENTS.values()}, (rid, ex.name)
            continue
        if (rid, ex.key) in NOT_MERGED:
            assert NOT_MERGED[(rid, ex.key)], "say why it is kept apart"
            continue
        _, wanted, old = MOVEMENTS[movement]
        assert ex.key == wanted, (rid, ex.name, ex.key)
        assert old <= set(ex.aliases), (rid, ex.name, ex.aliases)
        keys.setdefault(movement, set()).add(ex.keys)
    assert set(keys) == set(MOVEMENTS)  # every movement is still shipped: the table is live
    for movement, found in keys.items():  # one history: the same ids everywhere
        assert len(found) == 1, (movement, found)
    assert len({mid for _, mid, _ in MOVEMENTS.values()}) == len(MOVEMENTS)


def test_the_kept_apart_bird_dog_is_still_a_different_dose() -> None:
    big = by_name("big-three")["Bird dog"]
    other = by_name("foundations")["Bird dog"]
    assert big.key == "bird-dog-hold" and other.key == "bird-dog" and big.kind == other.kind
    assert (big.rep_hold, big.doses) == (10, [6, 4, 2]) and other.doses is None


def clean_sessions(ex: Exercise, key: str, *, routine_id: str = "elsewhere",
                   target: float | None = -1.0, pain: int | None = None
                   ) -> list[SessionRecord]:
    """Two sessions, two days apart, that did every set of `ex` in full under `key`
    (`target` None: as test holds), the next mornings fine."""
    out = []
    for day in (1, 3):
        start = datetime(2026, 11, day, 9, tzinfo=UTC)
        aim = ex.target if target == -1.0 else target
        sets = [SetResult(exercise=ex.name, exercise_id=key, kind=ex.kind, side=side, set=n,
                          target=aim, achieved=aim if aim is not None else 40.0,
                          completed=True)
                for n in range(1, ex.sets + 1) for side in ex.side_list]
        reports = [] if pain is None or day == 1 else [PainReport(
            at=start, exercise=ex.name, level=pain, phase="work", counts_against=[key])]
        out.append(SessionRecord(id=f"s{day}", routine=routine_id, routine_name="Before",
                                 started_at=start, ended_at=start + timedelta(minutes=20),
                                 status="completed", sets=sets, pain=reports,
                                 next_morning="better"))
    return out


OLD_IDS = [("posterior-chain", "Glute bridge", "bridge"),
           ("foundations", "Glute bridge", "bridge"),
           ("hip-flexor-fix", "Front plank", "plank"),
           ("endurance", "Side plank", "side-plank"),
           ("hip-flexor-fix", "Leg lowering", "bent-knee-leg-lowering"),
           ("endurance", "Leg lowering", "bent-knee-leg-lowering"),
           ("posterior-chain", "Hip hinge", "good-morning")]


@pytest.mark.parametrize(("routine_id", "name", "old"), OLD_IDS,
                         ids=[f"{r}:{o}" for r, _, o in OLD_IDS])
def test_a_record_saved_under_an_old_id_counts_for_the_shipped_exercise(
        routine_id: str, name: str, old: str) -> None:
    routine = SHIPPED[routine_id].routine
    ex = by_name(routine_id)[name]
    assert old in ex.aliases
    found = {s.key: s for s in suggest(routine_id, routine, clean_sessions(ex, old))}
    step = found.get(ex.key)
    assert step is not None and step.direction == "up", found
    assert step.suggested > step.current == ex.target
    # An id that is no alias of it counts for nothing.
    assert ex.key not in {s.key for s in suggest(routine_id, routine,
                                                 clean_sessions(ex, "not-an-alias"))}


@pytest.mark.parametrize(("routine_id", "name", "test_id"),
                         [("foundations", "Front plank", "front-plank-test"),
                          ("endurance", "Side plank", "side-plank-test"),
                          ("big-three", "Side bridge", "side-bridge-test")])
def test_a_test_hold_counts_only_for_its_pain(routine_id: str, name: str,
                                              test_id: str) -> None:
    """The endurance tests' holds of a movement (max holds: no target) never count as
    training, but pain during them counts against the training movement."""
    routine = SHIPPED[routine_id].routine
    ex = by_name(routine_id)[name]
    tests = clean_sessions(ex, test_id, routine_id="endurance-test-adapted", target=None)
    assert ex.key not in {s.key for s in suggest(routine_id, routine, tests)}
    history = clean_sessions(ex, ex.key) + clean_sessions(
        ex, test_id, routine_id="endurance-test-adapted", target=None, pain=3)
    history = [r.model_copy(update={"id": f"{r.id}-{i}", "started_at": r.started_at
                                    + timedelta(days=10 * (i // 2)),
                                    "ended_at": (r.ended_at or r.started_at)
                                    + timedelta(days=10 * (i // 2))})
               for i, r in enumerate(history)]
    found = {s.key: s for s in suggest(routine_id, routine, history)}
    assert found[ex.key].direction == "down", found


# --- every dose a source names is that article's dose (issue 22) --------------------------------

#: A bracketed dose in a source: "(3 sets of 10-12 each side)", "(30-60 s, 3 sets)".
BRACKETS = re.compile(r"\(([^()]*)\)")
DOSE_WORDS = re.compile(r"\b(sets?|reps?|s|each side)\b")
LOWER = re.compile(r"deliberately lower: [^;]*\b(as|since|because|while)\b")


@dataclass(frozen=True)
class Dose:
    text: str
    at: int
    """Where the bracket starts in the source."""
    sets: int | None = None
    reps: tuple[int, int] | None = None
    hold: tuple[int, int] | None = None
    rep_hold: int | None = None
    each_side: bool = False


def _span(lo: str, hi: str | None) -> tuple[int, int]:
    return int(lo), int(hi or lo)


def doses(source: str) -> list[Dose]:
    out = []
    for m in BRACKETS.finditer(source):
        inner = m.group(1)
        if not re.search(r"\d", inner) or not DOSE_WORDS.search(inner):
            continue  # "(knees at 90° shorten the lever)": no dose
        sets = re.search(r"(\d+) sets?\b", inner)
        reps = (re.search(r"sets of (\d+)(?:-(\d+))?", inner)
                or re.search(r"(\d+)(?:-(\d+))? reps?\b", inner))
        rep_hold = re.search(r"hold (\d+) s\b", inner)
        hold = None if rep_hold else re.search(r"(\d+)(?:-(\d+))? s\b", inner)
        out.append(Dose(inner, m.start(), int(sets[1]) if sets else None,
                        _span(reps[1], reps[2]) if reps else None,
                        _span(hold[1], hold[2]) if hold else None,
                        int(rep_hold[1]) if rep_hold else None, "each side" in inner))
    return out


def dose_problems(ex: Exercise, dose: Dose, lower: bool) -> list[str]:
    """How the exercise's dose differs from the article's (`lower`: it may be lower, never
    higher, and must be lower somewhere)."""
    wrong: list[str] = []
    below = False
    if dose.sets is not None:
        below |= ex.sets < dose.sets
        if ex.sets > dose.sets or (ex.sets < dose.sets and not lower):
            wrong.append(f"{ex.sets} sets, not {dose.sets}")
    for kind, span, most in (("reps", dose.reps, ex.max_reps), ("hold", dose.hold, ex.max_hold)):
        if span is None:
            continue
        target = ex.target or 0
        if ex.kind != kind:
            wrong.append(f"a {ex.kind} exercise, but the article gives {kind}")
            continue
        below |= target < span[0]
        if target > span[1] or (target < span[0] and not lower):
            wrong.append(f"{target} {kind}, not {span[0]}-{span[1]}")
        if (most or target) > span[1]:
            wrong.append(f"a step up goes to {most}, past the article's {span[1]}")
    if dose.rep_hold is not None:
        below |= (ex.rep_hold or 0) < dose.rep_hold
        if ex.rep_hold != dose.rep_hold and not (lower and (ex.rep_hold or 0) < dose.rep_hold):
            wrong.append(f"a {ex.rep_hold} s hold, not {dose.rep_hold} s")
    if dose.each_side and ex.sides == "none":
        wrong.append("one side only, but the article's dose is each side")
    if lower and not below:
        wrong.append('"deliberately lower", but nothing is lower')
    return wrong


def test_the_dose_parser_reads_every_way_the_sources_write_a_dose() -> None:
    (a,) = doses("Mofilo (3 sets of 10-12 each side)")
    assert (a.sets, a.reps, a.hold, a.each_side) == (3, (10, 12), None, True)
    (b,) = doses("Mofilo (30-60 s, 3 sets)")
    assert (b.sets, b.hold, b.reps) == (3, (30, 60), None)
    (c,) = doses("Mofilo (hold 5 s, 10-15 reps)")
    assert (c.rep_hold, c.reps, c.hold) == (5, (10, 15), None)
    (d,) = doses("Lampa (bridges, 10-15 reps)")
    assert d.reps == (10, 15) and d.sets is None
    assert doses("Mofilo (knees at 90° shorten the lever)") == []
    assert doses("a study (J Electromyogr Kinesiol, doi:10.1016/j.jelekin.2015.11.011)") == []
    plank = by_name("foundations")["Front plank"]
    assert dose_problems(plank, b, lower=False) == []
    assert dose_problems(plank.model_copy(update={"sets": 2}), b, lower=False) == [
        "2 sets, not 3"]
    assert dose_problems(plank.model_copy(update={"sets": 2}), b, lower=True) == []
    assert dose_problems(plank.model_copy(update={"max_hold": 90}), b, lower=False) == [
        "a step up goes to 90, past the article's 60"]
    assert dose_problems(plank, b, lower=True) == [
        '"deliberately lower", but nothing is lower']


def sourced_doses() -> list[tuple[str, Exercise]]:
    return [(rid, ex) for rid, ex in all_exercises()
            if ex.source and (doses(ex.source) or "dose" in ex.source)]


@pytest.mark.parametrize(("routine_id", "ex"), sourced_doses(),
                         ids=[f"{r}:{e.title}" for r, e in sourced_doses()])
def test_a_source_that_gives_a_dose_matches_it_or_says_it_is_deliberately_lower(
        routine_id: str, ex: Exercise) -> None:
    source = ex.source or ""
    found = doses(source)
    assert found, f"{routine_id}: {ex.title}: the source names a dose but gives no numbers"
    lower = "deliberately lower" in source
    if lower:
        assert LOWER.search(source), f"{ex.title}: say why it is deliberately lower"
    for dose in found:
        assert dose_problems(ex, dose, lower) == [], (routine_id, ex.title, dose.text)


def test_the_deliberately_lower_doses_are_the_ones_meant() -> None:
    lower = sorted((rid, ex.title) for rid, ex in all_exercises()
                   if "deliberately lower" in (ex.source or ""))
    assert lower == [("endurance", "Bird dog"), ("endurance", "Dead bug"),
                     ("endurance", "Front plank"),
                     ("posterior-chain", "Superman: arms and legs together")]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles (../shared/seeds) are not "
                    "beside this checkout")
def test_each_bracketed_dose_is_in_the_seed_it_cites() -> None:
    """The numbers in a source's brackets are in the article named just before them."""
    checked = 0
    for rid, ex in sourced_doses():
        source = ex.source or ""
        for dose in doses(source):
            cited = max((source.rfind(key, 0, dose.at), key) for key in SOURCES)
            assert cited[0] >= 0, (rid, ex.title)
            file = SOURCES[cited[1]][0]
            assert file != "literature", (rid, ex.title)
            seed = (SEEDS / file).read_text(encoding="utf-8")
            for span in (dose.reps, dose.hold):
                if span is not None and span[0] != span[1]:
                    assert f"{span[0]}-{span[1]}" in seed or (
                        f"{span[0]} to {span[1]}" in seed), (rid, ex.title, span)
            if dose.sets is not None:
                assert f"{dose.sets} sets" in seed, (rid, ex.title)
            if dose.rep_hold is not None:
                assert f"{dose.rep_hold} seconds" in seed, (rid, ex.title)
            checked += 1
    assert checked >= 10


# --- one rule for the spine, one figure for the brace (issue 22) --------------------------------

#: The lowering drills on the back: the only exercises that press the lower back flat.
LOWERING_DRILLS = {"posterior-pelvic-tilt", "dead-bug", "leg-drops"}
#: Words that ask for a flat lower back or a posterior tilt.
FLAT_BACK = re.compile(
    r"back (?:stays |kept |is |pressed )?flat\b|\bflat back|\bflatten (?:your|the)|"
    r"(?<!don't )\btuck(?:s|ing)? (?:the|your) (?:tailbone|pelvis)|pelvic tilt|"
    r"(?:tip|tilt) your hips|press(?:ing)? (?:your |the )?lower back|glued", re.I)


def words_of(ex: Exercise) -> str:
    return " ".join([ex.setup_cue, *ex.every_cue, ex.easier or "", ex.note or ""])


def test_the_flat_back_pattern_finds_what_it_should() -> None:
    for said in ("Tuck the tailbone slightly so the lower back stays flat", "lower back flat",
                 "brace and tuck the pelvis under as you stand", "Set the pelvic tilt first",
                 "Press your lower back into the floor"):
        assert FLAT_BACK.search(said), said
    for said in ("Spine neutral: no sag and no tuck", "don't tuck the pelvis under",
                 "no flattening, no pushing down", "set your seat flat on the floor"):
        assert not FLAT_BACK.search(said), said


def test_only_the_lowering_drills_on_the_back_flatten_it() -> None:
    """Planks, bridges, hinges and everything on all fours keep a neutral spine; the posterior
    tilt belongs to the lowering drills on the back only."""
    drills = 0
    for rid, ex in all_exercises():
        if rid.startswith("endurance-test"):
            continue
        if ex.key in LOWERING_DRILLS:
            drills += bool(FLAT_BACK.search(words_of(ex)))
            continue
        assert not FLAT_BACK.search(words_of(ex)), (rid, ex.title, FLAT_BACK.search(
            words_of(ex)))
    assert drills >= 5  # the rule is live: the drills do say it
    for rid in ("foundations", "endurance", "posterior-chain", "hip-flexor-fix", "big-three"):
        for ex in SHIPPED[rid].routine.exercises:
            if re.search(r"plank|bridge|hinge", ex.name, re.I):
                assert any("neutral" in words_of(v) for v in (
                    [ex.at_level(n) for n in range(1, ex.level_count + 1)] or [ex])), (
                    rid, ex.name)


def idea() -> str:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return readme.split("## The idea", 1)[1].split("\n## ", 1)[0]


def test_the_spine_rule_is_stated_once_in_the_readme_and_the_help() -> None:
    from coretimer.ui.screens.help import PHASES_AND_BRACING

    for text in (" ".join(idea().split()), " ".join(PHASES_AND_BRACING.split())):
        assert "neutral" in text and "planks, bridges, hinges" in text, text
        assert re.search(r"only the lowering drills on your back \(the pelvic tilt, the dead "
                         r"bug, leg lowering\)", text, re.I), text
    assert "Keep the lower back flat" not in idea()


#: Ways of stating how hard to brace: every one must be the one figure, 15%.
INTENSITY = re.compile(
    r"(\d+)\s*%|\bper ?cent\b|\b(?:a|one|two)[ -](?:third|quarter|half|fifth|tenth)s?\b|"
    r"\bstrong(?:er|est)? (?:seal|brace)\b|"
    r"\bbrace (?:hard|lightly|gently|firmly|strongly)\b|\bmax(?:imal|imum)? (?:effort|brace)\b|"
    r"\bas hard as\b", re.I)


def other_intensities(text: str) -> list[str]:
    found = [m.group(0) for m in INTENSITY.finditer(text) if m.group(1) != "15"]
    # "strongest effort" only ever as "about 15% of your strongest effort"
    found += [text[max(0, m.start() - 20):m.end()]
              for m in re.finditer(r"strongest effort", text)
              if not text[:m.start()].endswith("15% of your ")]
    return found


def shipped_texts() -> list[tuple[str, str]]:
    from coretimer.ui.screens.help import PHASES_AND_BRACING

    out = [("help", " ".join(PHASES_AND_BRACING.split())), ("README", " ".join(idea().split()))]
    for rid, loaded in sorted(SHIPPED.items()):
        out.append((rid, " ".join(loaded.routine.description.split())))
    for rid, ex in all_exercises():
        out.append((f"{rid}: {ex.title}", " ".join([words_of(ex), ex.source or ""])))
    return out


def test_every_shipped_text_gives_one_brace_intensity() -> None:
    assert len(other_intensities("About a third of your strongest effort is plenty")) == 2
    assert other_intensities("Brace lightly and keep breathing") == ["Brace lightly"]
    assert other_intensities("feel a strong seal") == ["strong seal"]
    assert other_intensities("about 20% of your strongest effort") != []
    assert other_intensities("Light: about 15% of your strongest effort is plenty") == []
    stated = 0
    for where, text in shipped_texts():
        assert other_intensities(text) == [], where
        stated += "about 15% of your strongest effort" in text
    assert stated >= 5  # the help, the README, the brace, the Big Three, the endurance list


def test_the_brace_figure_names_its_published_source() -> None:
    brace = by_name("foundations")["Brace"]
    assert brace.source and "doi:10.1016/j.jelekin.2015.11.011" in brace.source
    assert "doi:10.1016/j.jelekin.2015.11.011" in idea()

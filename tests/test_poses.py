"""The pose library (issue 28): every shipped exercise, at every level, has a figure; the
figures keep one body (limbs keep their lengths, nothing under the floor) and show the cue
that matters (planks and side bridges straight, the bird dog's back still, knees bent in the
lowering drills, the moving limb of a one-sided exercise); a routine's own figure or a name
the library lacks is refused naming where."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coretimer.model.exercise import Exercise
from coretimer.model.figure import (
    BONES,
    FAR_JOINTS,
    JOINTS,
    Figure,
    Pose,
    bone_length,
    joints_of,
)
from coretimer.routine.poses import figure_of, library
from coretimer.routine.problems import Problem, parse_routine

ROOT = Path(__file__).resolve().parent.parent


def _shipped() -> list[tuple[str, Exercise]]:
    """(routine/exercise[@level], the exercise at that level) for every shipped routine."""
    out = []
    for path in sorted((ROOT / "routines").glob("*.toml")):
        routine = parse_routine(path.read_bytes(), path.name)
        assert not isinstance(routine, list), routine
        for ex in routine.exercises:
            if not ex.levels:
                out.append((f"{path.stem}/{ex.key}", ex))
                continue
            for n in range(1, len(ex.levels) + 1):
                out.append((f"{path.stem}/{ex.key}@{n}", ex.at_level(n)))
    return out


SHIPPED = _shipped()
SHIPPED_IDS = [name for name, _ in SHIPPED]
NAMES = sorted(library())


def _figure(ex: Exercise) -> Figure:
    found = figure_of(ex)
    assert found is not None, f"{ex.title} has no figure"
    return found


def _angle(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def _turn(a: float, b: float) -> float:
    """The smaller angle between two directions, in degrees."""
    return abs((a - b + 180) % 360 - 180)


def test_the_library_reads_and_names_its_figures() -> None:
    assert len(library()) >= 30
    for name in NAMES:
        assert library()[name].poses


@pytest.mark.parametrize("ex", [ex for _, ex in SHIPPED], ids=SHIPPED_IDS)
def test_every_shipped_exercise_has_a_figure_at_every_level(ex: Exercise) -> None:
    assert figure_of(ex) is not None, f"{ex.title} ({ex.figure or ex.key}) has no figure"


@pytest.mark.parametrize("ex", [ex for _, ex in SHIPPED], ids=SHIPPED_IDS)
def test_a_hold_has_one_pose_and_a_rep_a_pose_per_step(ex: Exercise) -> None:
    """A hold: one pose. A rep: its start, then a pose named by each step that moves (the
    routine's rep_cues, default lift and lower)."""
    names = [p.name for p in _figure(ex).poses]
    if ex.kind == "hold":
        assert names == ["hold"]
    else:
        move, _, back = ex.step_words
        assert names == ["start", move, back]


@pytest.mark.parametrize("name", NAMES)
def test_limbs_keep_their_lengths_within_two_percent(name: str) -> None:
    """The model refuses a change of more than LENGTH_TOLERANCE; the generator builds every
    pose from one body, so the shipped library holds to a much tighter 2%."""
    figure = library()[name]
    first = figure.poses[0]
    for pose in figure.poses[1:]:
        for a, b in BONES:
            was, now = bone_length(first, a, b), bone_length(pose, a, b)
            assert abs(now - was) <= 0.02 * was, f"{name} {pose.name}: {a}-{b} {was}→{now}"


@pytest.mark.parametrize("name", NAMES)
def test_nothing_goes_under_the_floor(name: str) -> None:
    figure = library()[name]
    for pose in figure.poses:
        for joint in (*JOINTS, *FAR_JOINTS):
            assert pose.at(joint)[1] >= figure.floor, f"{name} {pose.name}: {joint}"
    for prop in figure.props:
        for pose in figure.poses:  # (an end held by a joint is where that joint is)
            for _, y in prop.ends(joints_of(pose)):
                assert y >= figure.floor, f"{name}: {prop.kind}"


#: Figures whose body is one straight line, and the joints of that line, in the poses named
#: (None: every pose). Reps of the side bridge start with the hips down: straight once up.
STRAIGHT: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "front-plank": (("shoulder", "hip", "knee", "foot"), None),
    "front-plank-test": (("shoulder", "hip", "knee", "foot"), None),
    "side-plank": (("shoulder", "hip", "knee", "foot"), None),
    "side-plank-test": (("shoulder", "hip", "knee", "foot"), None),
    "side-bridge-test": (("shoulder", "hip", "knee", "foot"), None),
    "side-plank-knees": (("shoulder", "hip", "knee"), None),
    "side-bridge": (("shoulder", "hip", "knee"), ("lift",)),
    "side-bridge-feet": (("shoulder", "hip", "knee", "foot"), ("lift",)),
    "side-bridge-top-leg": (("shoulder", "hip", "knee", "foot"), ("lift",)),
    "stir-the-pot": (("shoulder", "hip", "knee"), None),
    "stir-the-pot-feet": (("shoulder", "hip", "knee", "foot"), None),
    "back-extensor-test": (("shoulder", "hip", "knee", "foot"), None),
}
#: Of those, the ones on the forearms: the elbow under the shoulder.
ON_ELBOWS = ("front-plank", "front-plank-test", "side-plank", "side-plank-test",
             "side-bridge-test", "side-plank-knees", "side-bridge", "side-bridge-feet",
             "side-bridge-top-leg", "stir-the-pot", "stir-the-pot-feet")


def _straight_within(pose: Pose, chain: tuple[str, ...]) -> float:
    """How far (degrees) any bone of `chain`, and the neck and head, turn away from the
    line from its first joint to its last."""
    line = _angle(pose.at(chain[-1]), pose.at(chain[0]))
    pieces = [(chain[i + 1], chain[i]) for i in range(len(chain) - 1)]
    pieces += [("shoulder", "neck"), ("neck", "head")]
    return max(_turn(_angle(pose.at(a), pose.at(b)), line) for a, b in pieces)


@pytest.mark.parametrize("name", sorted(STRAIGHT))
def test_plank_and_side_bridge_bodies_are_one_straight_line(name: str) -> None:
    chain, poses = STRAIGHT[name]
    figure = library()[name]
    checked = [p for p in figure.poses if poses is None or p.name in poses]
    assert checked
    for pose in checked:
        assert _straight_within(pose, chain) <= 5, f"{name} {pose.name}"
        if name in ON_ELBOWS:
            assert abs(pose.at("elbow")[0] - pose.at("shoulder")[0]) <= 0.6, (
                f"{name} {pose.name}: the elbow is not under the shoulder")


@pytest.mark.parametrize("name", ["bird-dog", "bird-dog-hold"])
def test_the_bird_dogs_back_stays_still_and_the_limbs_reach_only_to_level(name: str) -> None:
    figure = library()[name]
    first = figure.poses[0]
    for pose in figure.poses:
        for joint in ("hip", "shoulder"):
            assert math.dist(pose.at(joint), first.at(joint)) < 0.01, f"{pose.name} {joint}"
        trunk = _angle(pose.at("hip"), pose.at("shoulder"))
        assert _turn(trunk, _angle(first.at("hip"), first.at("shoulder"))) < 0.5
    reach = figure.poses[1]
    assert reach.at("far_hand")[1] <= reach.at("shoulder")[1] + 0.05  # no higher than the back
    assert reach.at("foot")[1] <= reach.at("hip")[1] + 0.05
    assert reach.at("far_hand")[0] > reach.at("head")[0]  # the far arm reaches forward
    assert reach.at("foot")[0] < reach.at("far_knee")[0] - 2  # the near leg back


def _knee_angle(pose: Pose, side: str) -> float:
    hip, knee, foot = pose.at("hip"), pose.at(f"{side}knee"), pose.at(f"{side}foot")
    return _turn(_angle(knee, hip), _angle(knee, foot))


@pytest.mark.parametrize("name", ["dead-bug", "leg-drops"])
def test_the_knees_stay_bent_in_the_lowering_drills(name: str) -> None:
    for pose in library()[name].poses:
        for side in ("", "far_"):
            assert 80 <= _knee_angle(pose, side) <= 100, f"{pose.name} {side}knee"


ARMS = ("elbow", "hand")
LEGS = ("knee", "foot")


def _moved(figure: Figure, joints: tuple[str, ...]) -> bool:
    first = figure.poses[0]
    return any(math.dist(p.at(j), first.at(j)) > 0.3 for p in figure.poses for j in joints)


ONE_SIDED = [(name, ex) for name, ex in SHIPPED
             if ex.kind == "reps" and ex.sides in ("alternate", "both")]


@pytest.mark.parametrize("ex", [ex for _, ex in ONE_SIDED], ids=[n for n, _ in ONE_SIDED])
def test_a_one_sided_exercise_shows_which_limb_moves(ex: Exercise) -> None:
    """Something moves: a near or a far limb. Alternating ones (dead bug, bird dog) move an
    arm on one side and the leg on the other: the far arm and the near leg."""
    figure = _figure(ex)
    near = [_moved(figure, ARMS), _moved(figure, LEGS)]
    far = [_moved(figure, tuple(f"far_{j}" for j in ARMS)),
           _moved(figure, tuple(f"far_{j}" for j in LEGS))]
    assert any(near + far), f"{ex.title}: no limb moves"
    if ex.sides == "alternate":
        assert far[0] and near[1], f"{ex.title}: the far arm and the near leg move"
        far_leg_still = not far[1]
        assert far_leg_still, f"{ex.title}: the far leg stays where it is"


# --- a routine's own figures and names ------------------------------------------------------

ROUTINE = '''name = "T"

[[exercises]]
name = "Plank"
kind = "hold"
hold = 30
{figure}
'''


def _joints(**moved: tuple[float, float]) -> str:
    joints = {"head": (5.0, 2.0), "neck": (4.5, 1.9), "shoulder": (4.0, 1.7),
              "elbow": (4.0, 0.0), "hand": (5.6, 0.0), "hip": (1.0, 1.0),
              "knee": (-1.4, 0.5), "foot": (-3.8, 0.0)} | moved
    return "{ " + ", ".join(f"{k} = [{x}, {y}]" for k, (x, y) in joints.items()
                            if k not in moved or moved[k] != (99, 99)) + " }"


def _problems(figure: str) -> list[Problem]:
    found = parse_routine(ROUTINE.format(figure=figure).encode(), "mine.toml")
    assert isinstance(found, list), "the routine should be refused"
    return found


def test_a_routine_naming_an_unknown_figure_is_refused_by_check() -> None:
    problems = _problems('figure = "no-such-pose"')
    assert [p.where for p in problems] == ["exercises[0].figure"]
    assert "no-such-pose" in problems[0].message
    assert "coretimer figure --list" in problems[0].message


def test_a_levels_unknown_figure_is_refused_too() -> None:
    text = ROUTINE.format(figure="") + (
        '[[exercises.levels]]\nname = "easy"\n\n'
        '[[exercises.levels]]\nname = "hard"\nfigure = "front-plank-on-the-moon"\n')
    found = parse_routine(text.encode(), "mine.toml")
    assert isinstance(found, list)
    assert [p.where for p in found] == ["exercises[0].figure"]
    assert "front-plank-on-the-moon" in found[0].message


def test_a_routine_naming_a_library_figure_reads() -> None:
    found = parse_routine(ROUTINE.format(figure='figure = "side-plank"').encode(), "mine.toml")
    assert not isinstance(found, list), found
    assert figure_of(found.exercises[0]) is library()["side-plank"]


def test_own_keyframes_that_read_are_drawn() -> None:
    text = ROUTINE.format(figure=f'figure = {{ poses = [{{ name = "hold", joints = '
                                 f'{_joints()} }}] }}')
    found = parse_routine(text.encode(), "mine.toml")
    assert not isinstance(found, list), found
    assert [p.name for p in _figure(found.exercises[0]).poses] == ["hold"]


def _saying(problems: list[Problem], *words: str) -> Problem:
    for problem in problems:
        if all(w in str(problem) for w in words):
            return problem
    raise AssertionError(f"no problem says {words}: {[str(p) for p in problems]}")


def test_own_keyframes_missing_a_joint_are_refused_naming_the_pose_and_joint() -> None:
    problems = _problems(f'figure = {{ poses = [{{ name = "hold", joints = '
                         f'{_joints(foot=(99, 99))} }}] }}')
    found = _saying(problems, "'foot'", "missing")
    assert found.where.startswith("exercises[0].figure.poses[0]")


def test_own_keyframes_under_the_floor_are_refused_naming_the_pose_and_joint() -> None:
    problems = _problems(f'figure = {{ poses = [{{ name = "sunk", joints = '
                         f'{_joints(foot=(-3.8, -0.5))} }}] }}')
    found = _saying(problems, "'sunk'", "'foot'", "under the floor")
    assert found.where.startswith("exercises[0].figure")


def test_own_keyframes_whose_bone_changes_length_are_refused_naming_pose_and_joints() -> None:
    problems = _problems(
        f'figure = {{ poses = [{{ name = "start", joints = {_joints()} }}, '
        f'{{ name = "stretch", joints = {_joints(foot=(-6.8, 0.0))} }}] }}')
    found = _saying(problems, "'stretch'", "knee-foot", "keep their lengths")
    assert found.where.startswith("exercises[0].figure")


# --- the generator --------------------------------------------------------------------------

def _generator() -> ModuleType:
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    spec = importlib.util.spec_from_file_location("poses_generator", ROOT / "scripts" /
                                                  "poses.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()


def test_the_generator_writes_the_shipped_library_as_it_is() -> None:
    """poses.toml is the generator's output: edit the figures there, never the file."""
    text = GENERATOR.toml({name: make() for name, make in GENERATOR.FIGURES.items()})
    assert text == (ROOT / "src" / "coretimer" / "routine" / "poses.toml").read_text()


def test_the_generator_writes_every_prop() -> None:
    import tomllib

    doc = {"poses": [GENERATOR.pose("hold", GENERATOR.Body(
        hip=(0, 5), trunk=90, upper_arm=270, forearm=270, thigh=270, shin=270))],
           "props": [{"kind": "bench", "at": ((0, 0), (1, 1))},
                     {"kind": "ball", "at": ((3, 1), (3, 2))}]}
    figure = Figure.model_validate(tomllib.loads(GENERATOR.toml({"x": doc}))["x"])
    assert [(p.kind, p.at) for p in figure.props] == [
        ("bench", ((0, 0), (1, 1))), ("ball", ((3, 1), (3, 2)))]


ANGLE = st.floats(min_value=-360, max_value=360, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(trunk=ANGLE, upper=ANGLE, fore=ANGLE, thigh=ANGLE, shin=ANGLE, head=ANGLE,
       far=st.lists(ANGLE, min_size=4, max_size=4))
def test_any_body_from_angles_keeps_its_bone_lengths(
        trunk: float, upper: float, fore: float, thigh: float, shin: float, head: float,
        far: list[float]) -> None:
    """Whatever the angles, every bone of a pose built by the generator's Body is as long as
    BONE says (so two poses of one figure always have the same limbs)."""
    body = GENERATOR.Body(hip=(0.0, 0.0), trunk=trunk, upper_arm=upper, forearm=fore,
                          thigh=thigh, shin=shin, head=head,
                          far=dict(zip(("upper_arm", "forearm", "thigh", "shin"), far,
                                       strict=True)))
    joints = body.joints()
    bone = GENERATOR.BONE
    lengths = {("hip", "shoulder"): bone["trunk"], ("shoulder", "neck"): bone["neck"],
               ("neck", "head"): bone["head"]}
    for side in ("", "far_"):
        lengths |= {("shoulder", f"{side}elbow"): bone["upper_arm"],
                    (f"{side}elbow", f"{side}hand"): bone["forearm"],
                    ("hip", f"{side}knee"): bone["thigh"],
                    (f"{side}knee", f"{side}foot"): bone["shin"]}
    for (a, b), length in lengths.items():
        assert math.dist(joints[a], joints[b]) == pytest.approx(length, abs=1e-9)


# --- the pictures ---------------------------------------------------------------------------

SHIPPED_KEYS = sorted({ex.key for _, ex in SHIPPED})


@pytest.mark.parametrize("key", SHIPPED_KEYS)
def test_every_shipped_exercise_has_its_svg_as_coretimer_draws_it(
        key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """screenshots/figures/ID.svg is `coretimer figure ID --svg`: one SVG document, each
    level's figure under the one before (regenerate them when a figure changes)."""
    import argparse
    import xml.dom.minidom

    from coretimer.cli.figure_commands import cmd_figure

    monkeypatch.setenv("CORETIMER_CONFIG_DIR", str(tmp_path))
    cmd_figure(argparse.Namespace(figure=key, list=False, frames=False, svg=True))
    drawn = capsys.readouterr().out
    xml.dom.minidom.parseString(drawn)  # one document
    assert drawn == (ROOT / "screenshots" / "figures" / f"{key}.svg").read_text()

"""Issue 28: `coretimer figure` draws an exercise's figure as braille text or SVG, and a
routine may give an exercise its own poses; the drawing fits the cells it is given."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coretimer import cli
from coretimer.model.figure import Figure, Pose, between, joints_of
from coretimer.routine.poses import library
from coretimer.text.figure_art import braille

BRAILLE = {chr(c) for c in range(0x2800, 0x2900)}
SVG = "{http://www.w3.org/2000/svg}"


def figure(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["figure", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_exercise_is_drawn_in_braille_by_its_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = figure(capsys, "bird-dog")
    assert code == 0
    title, *lines = out.splitlines()
    assert title == "Bird dog (start)"
    assert len(lines) == 10 and all(len(line) == 40 and set(line) <= BRAILLE for line in lines)
    assert set(lines[-1]) != {"\u2800"}  # the floor


def test_frames_draw_every_pose_and_they_differ(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = figure(capsys, "bird-dog", "--frames")
    assert code == 0
    titles = [line for line in out.splitlines() if not set(line) <= BRAILLE]
    assert titles == ["Bird dog (start)", "Bird dog (reach)", "Bird dog (return)"]
    blocks = out.split("Bird dog (")[1:]
    assert blocks[0].split("\n", 1)[1] != blocks[1].split("\n", 1)[1]
    assert blocks[0].split("\n", 1)[1] == blocks[2].split("\n", 1)[1]


def test_svg_is_every_pose_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = figure(capsys, "bird-dog", "--svg")
    assert code == 0
    root = ET.fromstring(out)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None
    assert len(root.findall(f".//{SVG}circle")) == 3


def test_the_library_is_listed_and_an_unknown_id_is_one_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = figure(capsys, "--list")
    assert code == 0 and "bird-dog  (start, reach, return)" in out
    code, _, err = figure(capsys, "no-such-thing")
    assert code == 2 and "no exercise or figure with the id 'no-such-thing'" in err
    assert err.count("\n") == 1
    code, _, err = figure(capsys)
    assert code == 2 and "coretimer figure --list" in err


OWN = '''\
name = "Mine"

[[exercises]]
name = "Wall sit"
id = "wall-sit"
kind = "hold"
hold = 20

[exercises.figure]
props = [{ kind = "wall", at = [[-1, 0], [-1, 9]] }]

[[exercises.figure.poses]]
name = "hold"

[exercises.figure.poses.joints]
head = [-0.5, 7.4]
neck = [-0.5, 6.5]
shoulder = [-0.5, 6.0]
elbow = [0.3, 4.7]
hand = [1.2, 3.8]
hip = [-0.5, 2.8]
knee = [1.9, 2.8]
foot = [1.9, 0.3]
'''


def test_a_routine_may_give_an_exercise_its_own_poses(
        config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = config_dir / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(OWN)
    assert cli.main(["check", str(folder / "mine.toml")]) == 0
    capsys.readouterr()
    code, out, _ = figure(capsys, "wall-sit")
    assert code == 0 and out.startswith("Wall sit (hold)\n")


@pytest.mark.parametrize(("change", "words"), [
    ('figure = "no-such-figure"', "exercises[0].figure: figure 'no-such-figure' is not in "
     "the pose library"),
    ("foot = [1.9, -0.5]", "under the floor"),
    ("knee = [1.9, 2.8]\n", "joint 'knee' is missing"),
])
def test_check_names_the_figure_the_pose_and_the_joint(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str, words: str) -> None:
    text = OWN
    if change.startswith("figure"):
        text = text[:text.index("[exercises.figure]")] + change + "\n"
    elif "-0.5]" in change:
        text = text.replace("foot = [1.9, 0.3]", change)
    else:
        text = text.replace(change, "")
    path = tmp_path / "bad.toml"
    path.write_text(text)
    assert cli.main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    said = out + err
    assert words in said, said
    assert said.count("\n") == 1  # one problem, one line
    if "joint" in words or "floor" in words:
        assert "pose 'hold'" in said or "exercises[0].figure.poses[0]" in said, said


def test_a_bone_that_changes_length_between_poses_is_refused() -> None:
    hold = library()["bird-dog"].poses[0]
    stretched = dict(hold.joints)
    stretched["foot"] = (stretched["foot"][0] - 2.0, stretched["foot"][1])
    with pytest.raises(ValueError, match="pose 'b': the bone knee-foot is"):
        Figure(poses=[hold.model_copy(update={"name": "a"}),
                      Pose(name="b", joints=stretched)])


@given(st.integers(1, 60), st.integers(1, 20), st.floats(0, 1))
def test_a_frame_fills_exactly_the_cells_it_is_given(width: int, height: int, t: float) -> None:
    bird = library()["bird-dog"]
    lines = braille(bird, between(bird.poses[0], bird.poses[1], t), width, height)
    assert len(lines) == height and all(len(line) == width for line in lines)
    assert all(set(line) <= BRAILLE for line in lines)
    assert joints_of(bird.poses[0]) == between(bird.poses[0], bird.poses[1], 0.0)


def test_a_prop_held_by_a_joint_moves_with_it() -> None:
    """The hip hinge's dowel is held in both hands: in every pose its ends are where the
    hands are, so it follows the trunk as it hinges; a prop end given as a place stays put."""
    from coretimer.text.figure_art import segments

    hinge = library()["hip-hinge"]
    [dowel] = [p for p in hinge.props if p.kind == "dowel"]
    assert dowel.at == ("hand", "far_hand")
    ends = []
    for pose in hinge.poses:
        joints = joints_of(pose)
        assert (joints["hand"], joints["far_hand"]) in segments(hinge, joints)
        ends.append(dowel.ends(joints))
    assert ends[0] != ends[1]  # (it moved with the hands)


def test_a_prop_under_the_floor_is_refused() -> None:
    from coretimer.model.figure import Prop

    hold = library()["front-plank"].poses[0]
    with pytest.raises(ValueError, match=r"props\[0\] \(bench\): \[0.0, -1.0\] is under"):
        Figure(poses=[hold], props=[Prop(kind="bench", at=((0.0, -1.0), (2.0, 1.0)))])

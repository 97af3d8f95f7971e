"""A side-view stick figure of an exercise, as the routine format writes it: a few poses
(start, end, and any between), each a handful of joint positions, on a floor line, with the
props the exercise uses.

Coordinates are in body units, x to the right and y up, the floor at y = 0; a standing adult
is about 10 units tall. The near side's limbs are `elbow`, `hand`, `knee` and `foot`; the far
side's (`far_elbow`, …) are given only where they differ (a bird dog's lifted arm): left out,
they are drawn where the near ones are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

#: The joints every pose gives.
JOINTS = ("head", "neck", "shoulder", "elbow", "hand", "hip", "knee", "foot")
#: The far side's limbs, where they are not where the near side's are.
FAR_JOINTS = ("far_elbow", "far_hand", "far_knee", "far_foot")
JointName = Literal["head", "neck", "shoulder", "elbow", "hand", "hip", "knee", "foot",
                    "far_elbow", "far_hand", "far_knee", "far_foot"]
#: The bones: what is drawn, and whose lengths may not change from pose to pose.
BONES: tuple[tuple[str, str], ...] = (
    ("head", "neck"), ("neck", "shoulder"), ("shoulder", "hip"),
    ("shoulder", "elbow"), ("elbow", "hand"), ("hip", "knee"), ("knee", "foot"),
    ("shoulder", "far_elbow"), ("far_elbow", "far_hand"),
    ("hip", "far_knee"), ("far_knee", "far_foot"),
)
#: How far every coordinate may reach from the origin (a figure fits a small box).
REACH = 20.0
#: How much a bone may change length between poses (a sketch is not a measurement).
LENGTH_TOLERANCE = 0.15
PropKind = Literal["bench", "wall", "dowel", "weight", "band", "box", "ball"]

Point = Annotated[tuple[float, float], Field(description="[x, y] in body units; y up, the "
                                             "floor at 0")]


#: A prop's end: a place, or a joint's name for an end that moves with it (a weight in the
#: hand, a band pulled by the hands).
End = Annotated[Point | JointName, Field(description="[x, y], or a joint's name (\"hand\") "
                                         "for an end held by that joint")]


class Prop(BaseModel):
    """Something the exercise uses: a bench or box (two opposite corners), a wall (its foot
    and top), a dowel or band (two ends), a weight or ball (its centre, twice; or its centre
    and a point on its rim, for one drawn at its size, like a stability ball). An end may be
    a joint's name: it moves with that joint from pose to pose."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: PropKind
    at: tuple[End, End]

    def ends(self, joints: Mapping[str, tuple[float, float]]
             ) -> tuple[tuple[float, float], tuple[float, float]]:
        """Where its two ends are in a frame whose joints are `joints`."""
        a, b = (joints[end] if isinstance(end, str) else end for end in self.at)
        return a, b


class Pose(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=24)]
    """"start", "lift", "end": what the steps of a rep call it."""
    joints: dict[JointName, Point]

    @field_validator("joints")
    @classmethod
    def _every_joint_in_reach(cls, joints: dict[str, tuple[float, float]]
                              ) -> dict[str, tuple[float, float]]:
        missing = [j for j in JOINTS if j not in joints]
        if missing:
            raise ValueError(f"joint {missing[0]!r} is missing (every pose gives "
                             f"{', '.join(JOINTS)})")
        for name, (x, y) in joints.items():
            if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > REACH:
                raise ValueError(f"joint {name!r} is at [{x}, {y}], outside the figure's "
                                 f"box (-{REACH:g} to {REACH:g})")
        return joints

    def at(self, joint: str) -> tuple[float, float]:
        """Where `joint` is: a far limb left out is where the near one is."""
        found = self.joints.get(cast(JointName, joint))
        return found if found is not None else self.joints[
            cast(JointName, joint.removeprefix("far_"))]


class Figure(BaseModel):
    """The poses of one exercise: one for a hold, two or more for a movement."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    poses: list[Pose] = Field(min_length=1, max_length=8)
    props: list[Prop] = Field(default_factory=list, max_length=6)
    floor: float = 0.0
    """The floor line's height."""

    @model_validator(mode="after")
    def _a_body_that_keeps_its_shape(self) -> Figure:
        names = [p.name for p in self.poses]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"two poses are called {name!r}: each needs its own name")
        for pose in self.poses:
            for joint in pose.joints:
                if pose.at(joint)[1] < self.floor - 1e-9:
                    raise ValueError(f"pose {pose.name!r}: joint {joint!r} is under the floor "
                                     f"(y {pose.at(joint)[1]:g} < {self.floor:g})")
        for i, prop in enumerate(self.props):
            for end in prop.at:
                if isinstance(end, str):
                    continue
                if not all(math.isfinite(v) and abs(v) <= REACH for v in end):
                    raise ValueError(f"props[{i}] ({prop.kind}): [{end[0]}, {end[1]}] is "
                                     f"outside the figure's box (-{REACH:g} to {REACH:g})")
                if end[1] < self.floor - 1e-9:
                    raise ValueError(f"props[{i}] ({prop.kind}): [{end[0]}, {end[1]}] is under "
                                     "the floor")
        first = self.poses[0]
        for pose in self.poses[1:]:
            for a, b in BONES:
                was, now = bone_length(first, a, b), bone_length(pose, a, b)
                if abs(now - was) > LENGTH_TOLERANCE * max(was, 0.5):
                    raise ValueError(
                        f"pose {pose.name!r}: the bone {a}-{b} is {now:.1f} long, but "
                        f"{was:.1f} in pose {first.name!r} (limbs keep their lengths)")
        return self


FigureName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description=(
    "A figure of the shipped pose library, by name (`coretimer figure --list` lists them)"))]


def _which(value: object) -> str:
    return "figure-name" if isinstance(value, str) else "figure-poses"


#: What an exercise's `figure` holds: a library figure's name, or the exercise's own poses
#: (a mistake in either is said of that one alone).
FigureRef = Annotated[Annotated[FigureName, Tag("figure-name")]
                      | Annotated[Figure, Tag("figure-poses")], Discriminator(_which)]


def bone_length(pose: Pose, a: str, b: str) -> float:
    (x1, y1), (x2, y2) = pose.at(a), pose.at(b)
    return math.hypot(x2 - x1, y2 - y1)


def joints_of(pose: Pose) -> dict[str, tuple[float, float]]:
    """Every joint of `pose`, near and far (a far limb left out where the near one is)."""
    return {joint: pose.at(joint) for joint in (*JOINTS, *FAR_JOINTS)}


def between(first: Pose, second: Pose, t: float) -> dict[str, tuple[float, float]]:
    """Every joint (near and far) a fraction `t` (0 to 1) of the way from `first` to
    `second`: the frames of a rep in between its poses."""
    t = min(1.0, max(0.0, t))
    out = {}
    for joint in (*JOINTS, *FAR_JOINTS):
        (x1, y1), (x2, y2) = first.at(joint), second.at(joint)
        out[joint] = (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
    return out


#: What a paced rep's top pose may be called (the pose its lift reaches and its hold keeps).
TOP_NAMES = ("lift", "hold", "top")
#: What the pose its lower step ends on may be called (else the pose after the top, else the
#: start).
END_NAMES = ("end", "lower")


def step_poses(figure: Figure, step: str | None) -> tuple[int, int]:
    """The poses (by index) a paced rep's step moves between: "lift" from the start pose to
    the top one, "hold" still at the top, "lower" from the top to the end pose; any other
    moment (a hold, get ready) still at the start pose. A one-pose figure is always still."""
    names = [p.name for p in figure.poses]
    last = len(names) - 1
    top = next((i for i, n in enumerate(names) if i and n in TOP_NAMES), min(1, last))
    end = next((i for i, n in enumerate(names) if i > top and n in END_NAMES),
               top + 1 if top + 1 <= last else 0)
    if step == "lift":
        return 0, top
    if step == "hold":
        return top, top
    if step == "lower":
        return top, end
    return 0, 0


def animates(figure: Figure | None) -> bool:
    """Whether a figure moves during a paced rep (it has more than one pose)."""
    return figure is not None and len(figure.poses) > 1

"""One body for the pose library (scripts/poses.py): its bone lengths, a pose built from
joint angles, and a few helpers that place it (on the floor, a hand or foot on a spot).

Angles are in degrees, counter-clockwise from "pointing right" (0 = right, 90 = up,
180 = left, 270 = down). Figures face right: a standing body looks right, a lying one has
its head on the right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

#: One body, in body units (a standing adult about 10 tall).
BONE = {"neck": 0.5, "head": 0.9, "trunk": 3.2, "upper_arm": 1.7, "forearm": 1.6,
        "thigh": 2.4, "shin": 2.5}
#: Where the spine's joints are when lying on the floor (the body's thickness).
LYING = 0.5
#: Standing tall, the hip is a straight leg above the floor.
STANDING = BONE["thigh"] + BONE["shin"]

Point = tuple[float, float]


def step(at: Point, angle: float, length: float) -> Point:
    a = math.radians(angle)
    return (at[0] + length * math.cos(a), at[1] + length * math.sin(a))


def angle_of(a: Point, b: Point) -> float:
    """The angle of the line from `a` to `b`."""
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def two_bones(root: Point, target: Point, first: float, second: float,
              bend: int) -> tuple[float, float]:
    """The angles of a limb of two bones from `root` whose end is at `target` (or as near as
    it reaches); `bend` +1 puts the middle joint counter-clockwise of the line, -1 clockwise."""
    d = min(math.dist(root, target), first + second - 1e-6)
    cos = (first * first + d * d - second * second) / (2 * first * d)
    a1 = angle_of(root, target) + bend * math.degrees(math.acos(max(-1.0, min(1.0, cos))))
    return a1, angle_of(step(root, a1, first), target)


@dataclass
class Body:
    """A pose from angles: the hip's place, the trunk's angle (hip to shoulder), the head's
    (neck to head, default: the trunk's), and each limb's two angles (near side; far side
    where it differs)."""

    hip: Point
    trunk: float
    upper_arm: float
    forearm: float
    thigh: float
    shin: float
    head: float | None = None
    far: dict[str, float] = field(default_factory=dict)

    @property
    def shoulder(self) -> Point:
        return step(self.hip, self.trunk, BONE["trunk"])

    def joints(self) -> dict[str, Point]:
        shoulder = self.shoulder
        neck = step(shoulder, self.trunk, BONE["neck"])
        head = step(neck, self.trunk if self.head is None else self.head, BONE["head"])
        out = {"head": head, "neck": neck, "shoulder": shoulder, "hip": self.hip}
        for side, angles in (("", {}), ("far_", self.far)):
            if side and not angles:
                continue
            upper = angles.get("upper_arm", self.upper_arm)
            fore = angles.get("forearm", self.forearm)
            thigh = angles.get("thigh", self.thigh)
            shin = angles.get("shin", self.shin)
            elbow = step(shoulder, upper, BONE["upper_arm"])
            knee = step(self.hip, thigh, BONE["thigh"])
            out |= {f"{side}elbow": elbow, f"{side}hand": step(elbow, fore, BONE["forearm"]),
                    f"{side}knee": knee, f"{side}foot": step(knee, shin, BONE["shin"])}
        return out

    def but(self, far: dict[str, float] | None = None, **changes: Any) -> Body:
        """A copy with some angles (or the hip) changed; `far` adds to this one's."""
        return replace(self, far={**self.far, **(far or {})}, **changes)

    def arm_to(self, hand: Point, bend: int = -1, *, far: bool = False) -> Body:
        """The same pose with a hand put at `hand` (the elbow bending as `bend` says)."""
        upper, fore = two_bones(self.shoulder, hand, BONE["upper_arm"], BONE["forearm"], bend)
        if far:
            return self.but(far={"upper_arm": upper, "forearm": fore})
        return self.but(upper_arm=upper, forearm=fore)

    def leg_to(self, foot: Point, bend: int = 1, *, far: bool = False) -> Body:
        """The same pose with a foot put at `foot` (the knee bending as `bend` says)."""
        thigh, shin = two_bones(self.hip, foot, BONE["thigh"], BONE["shin"], bend)
        if far:
            return self.but(far={"thigh": thigh, "shin": shin})
        return self.but(thigh=thigh, shin=shin)


def on_chest(body: Body, out: float = 0.45, down: float = 0.5) -> Point:
    """A point on the chest, `down` below the shoulder and `out` in front of the trunk (for a
    body facing right or face down; a negative `out` for one on its back)."""
    a = math.radians(body.trunk)
    sx, sy = body.shoulder
    return (sx - down * math.cos(a) + out * math.sin(a),
            sy - down * math.sin(a) - out * math.cos(a))


def hip_for_shoulder(shoulder: Point, trunk: float) -> Point:
    """Where the hip is when the shoulder is at `shoulder` and the trunk at `trunk`."""
    return step(shoulder, trunk + 180, BONE["trunk"])


def on_floor(body: Body, joint: str, y: float = 0.0) -> Body:
    """The same pose moved up or down so that `joint` is at height `y`."""
    dy = y - body.joints()[joint][1]
    return replace(body, hip=(body.hip[0], body.hip[1] + dy))


def lowest_on_floor(body: Body) -> Body:
    """The same pose moved up or down so that its lowest joint touches the floor."""
    dy = -min(y for _, y in body.joints().values())
    return replace(body, hip=(body.hip[0], body.hip[1] + dy))


def pose(name: str, body: Body) -> dict[str, object]:
    """A pose of the library: its name and every joint, to a thousandth of a unit."""
    return {"name": name, "joints": {k: (round(x, 3) + 0.0, round(y, 3) + 0.0)
                                     for k, (x, y) in body.joints().items()}}


def prop(kind: str, a: Point | str, b: Point | str | None = None) -> dict[str, object]:
    """A prop: a bench or box by two corners, a wall or band or dowel by its ends, a weight
    or ball by its centre. An end given as a joint's name ("hand") moves with that joint."""
    b = a if b is None else b
    return {"kind": kind, "at": tuple(end if isinstance(end, str) else
                                      (round(end[0], 3), round(end[1], 3)) for end in (a, b))}

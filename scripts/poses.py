"""Write src/coretimer/routine/poses.toml, the shipped pose library, from the figures below.

    .venv/bin/python scripts/poses.py

Each pose is built from one body (the bone lengths below) by placing a root joint and giving
each bone's angle, so that every pose of a figure has the same limbs by construction; the
tests check the written file all the same. Angles are in degrees, counter-clockwise from
"pointing right" (0 = right, 90 = up, 180 = left, 270 = down). Figures face right.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "coretimer" / "routine" / "poses.toml"

#: One body, in body units (a standing adult about 10 tall).
BONE = {"neck": 0.5, "head": 0.9, "trunk": 3.2, "upper_arm": 1.7, "forearm": 1.6,
        "thigh": 2.4, "shin": 2.5}

Point = tuple[float, float]


def step(at: Point, angle: float, length: float) -> Point:
    a = math.radians(angle)
    return (at[0] + length * math.cos(a), at[1] + length * math.sin(a))


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

    def joints(self) -> dict[str, Point]:
        shoulder = step(self.hip, self.trunk, BONE["trunk"])
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


def on_floor(body: Body, joint: str, y: float = 0.0) -> Body:
    """The same pose moved up or down so that `joint` is at height `y`."""
    dy = y - body.joints()[joint][1]
    body.hip = (body.hip[0], body.hip[1] + dy)
    return body


def lowest_on_floor(body: Body) -> Body:
    """The same pose moved up or down so that its lowest joint touches the floor."""
    dy = -min(y for _, y in body.joints().values())
    body.hip = (body.hip[0], body.hip[1] + dy)
    return body


# --- the figures ---------------------------------------------------------------------------

def front_plank() -> dict[str, object]:
    """On the forearms, elbows under the shoulders, one straight line from head to heels."""
    # The trunk rises at the angle that puts the shoulder 1.7 (an upper arm) above the floor
    # when the feet are on it: the body is one line of trunk + thigh + shin.
    length = BONE["trunk"] + BONE["thigh"] + BONE["shin"]
    rise = math.degrees(math.asin(BONE["upper_arm"] / length))
    body = Body(hip=(0, 0), trunk=rise, upper_arm=270, forearm=0, thigh=180 + rise,
                shin=180 + rise)
    return {"poses": [pose("hold", lowest_on_floor(body))]}


def bird_dog() -> dict[str, object]:
    """On hands and knees, hands under the shoulders and knees under the hips, the back flat
    and still; the far arm and the near leg reach out level (no higher than the back), and
    come back."""
    back = math.degrees(math.asin((BONE["upper_arm"] + BONE["forearm"] - BONE["thigh"])
                                  / BONE["trunk"]))
    hip = (0.0, BONE["thigh"])
    start = Body(hip=hip, trunk=back, upper_arm=270, forearm=270, thigh=270, shin=180)
    lift = Body(hip=hip, trunk=back, upper_arm=270, forearm=270, thigh=180, shin=180,
                far={"upper_arm": 0, "forearm": 0, "thigh": 270, "shin": 180})
    return {"poses": [pose("start", start), pose("lift", lift), pose("end", start)]}


FIGURES = {"front-plank": front_plank, "bird-dog": bird_dog}


# --- writing -------------------------------------------------------------------------------

def pose(name: str, body: Body) -> dict[str, object]:
    return {"name": name, "joints": {k: (round(x, 2) + 0.0, round(y, 2) + 0.0)
                                     for k, (x, y) in body.joints().items()}}


def toml(figures: dict[str, dict[str, object]]) -> str:
    lines = ["# The shipped pose library: written by scripts/poses.py (edit the figures there).",
             ""]
    for name, doc in figures.items():
        lines.append(f"[{name}]")
        for prop in doc.get("props", []):  # type: ignore[attr-defined]
            lines.append(f'props = [{{ kind = "{prop["kind"]}", at = {list(prop["at"])} }}]')
        for p in doc["poses"]:  # type: ignore[attr-defined]
            lines.append(f"[[{name}.poses]]")
            lines.append(f'name = "{p["name"]}"')
            joints = ", ".join(f"{k} = [{x:g}, {max(0.0, y):g}]"
                               for k, (x, y) in p["joints"].items())
            lines.append(f"joints = {{ {joints} }}")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    OUT.write_text(toml({name: make() for name, make in FIGURES.items()}))
    print(OUT.relative_to(ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()

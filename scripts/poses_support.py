"""The pose library's figures held up on forearms, hands or knees: planks, side bridges, the
bird dog and cat-camel, stir the pot, and the two tests held off the floor (see poses.py)."""

from __future__ import annotations

import math

from poses_body import (
    BONE,
    Body,
    Point,
    angle_of,
    hip_for_shoulder,
    lowest_on_floor,
    on_chest,
    pose,
    prop,
)

#: Shoulder to foot, and shoulder to knee, as one straight line.
TO_FEET = BONE["trunk"] + BONE["thigh"] + BONE["shin"]
TO_KNEES = BONE["trunk"] + BONE["thigh"]


def straight_on_elbow(length: float, elbow_x: float = 0.0, top: float = 0.0) -> Body:
    """One straight line from the shoulder to the feet (or knees: `length`), the elbow under
    the shoulder on a surface at height `top`, the forearm flat on it."""
    rise = math.degrees(math.asin((BONE["upper_arm"] + top) / length))
    shoulder = (elbow_x, top + BONE["upper_arm"])
    return Body(hip=hip_for_shoulder(shoulder, rise), trunk=rise, upper_arm=270, forearm=0,
                thigh=180 + rise, shin=180 + rise)


def arm_on_chest(body: Body) -> Body:
    """The far (free) arm folded across the chest, hand at the other shoulder."""
    return body.but(far={"upper_arm": body.trunk + 170, "forearm": body.trunk - 5})


def front_plank() -> dict[str, object]:
    """On the forearms, elbows under the shoulders, one straight line from head to heels."""
    return {"poses": [pose("hold", lowest_on_floor(straight_on_elbow(TO_FEET)))]}


#: The hip's height on the floor, lying on the side before a side bridge lifts it.
DOWN = 0.15


def side_bridge(knees: bool, top_leg: bool = False, reps: bool = True) -> dict[str, object]:
    """On one forearm, the elbow under the shoulder, the free arm across the chest; lifted,
    shoulder, hip and knee (or ankle) make one straight line. Reps start with the hips down."""
    up = straight_on_elbow(TO_KNEES if knees else TO_FEET)
    if knees:  # the shins bent back behind the knees on the floor
        up = up.but(shin=150)
    up = arm_on_chest(up)
    if not reps:
        return {"poses": [pose("hold", up)]}
    support = up.joints()["knee" if knees else "foot"]
    shoulder = up.joints()["shoulder"]
    trunk = math.degrees(math.asin((shoulder[1] - DOWN) / BONE["trunk"]))
    down = up.but(hip=hip_for_shoulder(shoulder, trunk), trunk=trunk)
    # (from the knees, the knee stays where it was on the floor)
    down = down.but(thigh=angle_of(down.hip, support)) if knees else down.leg_to(support)
    down = arm_on_chest(down)
    lifted = up
    if top_leg:  # the top leg lifted a little once up, in line with the body
        lifted = up.but(far={"thigh": up.thigh - 12, "shin": up.shin - 12})
    return {"poses": [pose("start", down), pose("lift", lifted), pose("lower", down)]}


def side_bridge_knees() -> dict[str, object]:
    """Side bridge from the knees: hips lift until shoulder, hip and knee are one line."""
    return side_bridge(knees=True)


def side_bridge_feet() -> dict[str, object]:
    """Side bridge from the feet: hips lift until shoulder, hip and ankle are one line."""
    return side_bridge(knees=False)


def side_bridge_top_leg() -> dict[str, object]:
    """Side bridge, top leg raised: once up in one line, the far (top) leg lifts a little."""
    return side_bridge(knees=False, top_leg=True)


def side_plank() -> dict[str, object]:
    """Side plank held from the feet: elbow under the shoulder, one line to the ankles."""
    return side_bridge(knees=False, reps=False)


def side_plank_knees() -> dict[str, object]:
    """Side plank held from the knees: elbow under the shoulder, one line to the knees."""
    return side_bridge(knees=True, reps=False)


def hands_and_knees(**angles: float) -> Body:
    """On hands and knees, hands under the shoulders and knees under the hips, back flat."""
    back = math.degrees(math.asin((BONE["upper_arm"] + BONE["forearm"] - BONE["thigh"])
                                  / BONE["trunk"]))
    return Body(hip=(0.0, BONE["thigh"]), trunk=back, upper_arm=270, forearm=270, thigh=270,
                shin=180).but(**angles)


def bird_dog() -> dict[str, object]:
    """On hands and knees, the back flat and still; the far arm and the near leg reach out
    level (no higher than the back), and come back."""
    start = hands_and_knees()
    reach = start.but(thigh=180, far={"upper_arm": 0, "forearm": 0, "thigh": 270,
                                      "shin": 180})
    return {"poses": [pose("start", start), pose("reach", reach), pose("return", start)]}


def cat_camel() -> dict[str, object]:
    """On hands and knees, hands and knees still: the back rounds, head dropping, then
    sinks into a gentle hollow, head lifting a little; never to the ends of the range."""
    start = hands_and_knees()
    rounded = start.but(head=start.trunk - 70)
    hollow = start.but(head=start.trunk + 25)
    return {"poses": [pose("start", start), pose("round", rounded), pose("hollow", hollow)]}


#: A stability ball's radius (a 55 cm ball).
BALL = 1.4


def stir_the_pot(knees: bool) -> dict[str, object]:
    """Forearms on a stability ball, body one line from knees (or feet) to head; only the
    forearms circle the ball out and back, the hips stay still."""
    start = straight_on_elbow(TO_KNEES if knees else TO_FEET, top=2 * BALL)
    if knees:
        start = start.but(shin=180)
    start = lowest_on_floor(start)
    elbow: Point = start.joints()["elbow"]
    out = start.but(upper_arm=288, forearm=5)
    ball = prop("ball", (elbow[0] + 0.5, BALL), (elbow[0] + 0.5, 2 * BALL))
    return {"poses": [pose("start", start), pose("circle out", out),
                      pose("circle back", start)], "props": [ball]}


def stir_the_pot_knees() -> dict[str, object]:
    """Stir the pot from the knees: forearms on the ball, one line from knees to head."""
    return stir_the_pot(knees=True)


def stir_the_pot_feet() -> dict[str, object]:
    """Stir the pot from the feet: forearms on the ball, one line from heels to head."""
    return stir_the_pot(knees=False)


#: A bench's (or bed's) height.
BENCH = 2.6


def back_extensor_bench() -> dict[str, object]:
    """Face down, hips at a bench's edge, legs held on it: the upper body held out level
    with the legs, one straight line, arms crossed on the chest, neck long."""
    hip = (0.0, BENCH + 0.3)
    body = Body(hip=hip, trunk=0, upper_arm=0, forearm=0, thigh=180, shin=180)
    body = body.arm_to((BONE["trunk"] - 0.3, hip[1] - 0.4), bend=1)
    return {"poses": [pose("hold", body)],
            "props": [prop("bench", (-5.4, 0.0), (0.2, BENCH))]}


def trunk_flexor_60() -> dict[str, object]:
    """Sitting with the back held at 60° from the floor, knees and hips bent, arms crossed
    on the chest; the support moved back just behind the back, not touching it."""
    trunk = 180 - 60
    # the thigh's angle that puts the seat and the heels both on the floor, the knee at 90°
    thigh = math.degrees(math.atan2(BONE["shin"], BONE["thigh"]))
    body = Body(hip=(0.0, 0.0), trunk=trunk, upper_arm=0, forearm=0, thigh=thigh,
                shin=thigh - 90)
    body = lowest_on_floor(body)
    body = body.arm_to(on_chest(body, out=0.6, down=0.4), bend=-1)
    # the support: a board at 60°, a hand's width behind the back
    gap = 0.9
    foot = (body.hip[0] - gap / math.sin(math.radians(60)) - 0.2, 0.0)
    top = (foot[0] + 3.2 * math.cos(math.radians(trunk)), 3.2 * math.sin(math.radians(trunk)))
    return {"poses": [pose("hold", body)], "props": [prop("wall", foot, top)]}

"""The pose library's standing figures: carries, the Pallof press, the hinges (see
poses.py)."""

from __future__ import annotations

import math

from poses_body import BONE, STANDING, Body, Point, lowest_on_floor, on_chest, pose, prop

#: Where the feet stand.
FEET: Point = (0.0, 0.0)


def standing(**angles: float) -> Body:
    """Standing tall, facing right, arms hanging, legs straight."""
    return Body(hip=(0.0, STANDING), trunk=90, upper_arm=270, forearm=270, thigh=270,
                shin=270).but(**angles)


def farmer_carry() -> dict[str, object]:
    """Walking tall mid-stride, a weight in each hand, shoulders down and back, not leaning
    toward either weight."""
    body = lowest_on_floor(standing(upper_arm=277, forearm=272, thigh=262, shin=258,
                                    far={"thigh": 282, "shin": 272}))
    x, y = body.joints()["hand"]
    return {"poses": [pose("hold", body)],
            "props": [prop("weight", (x, y - 0.4), (x + 0.4, y - 0.4))]}


def pallof_press() -> dict[str, object]:
    """Standing side-on to the band, knees soft: both hands press straight out from the
    chest and come back; the trunk does not turn (the band runs toward the viewer)."""
    start = standing()
    start = start.arm_to(on_chest(start), bend=-1)
    press = start.but(upper_arm=352, forearm=0)
    return {"poses": [pose("start", start), pose("press", press), pose("return", start)]}


def hands_on_waist(body: Body) -> Body:
    """Fingertips on the sides just above the hips, elbows back."""
    hip = body.hip
    return body.arm_to((hip[0] + 0.35, hip[1] + 0.5), bend=1)


def abdominal_vacuum() -> dict[str, object]:
    """Standing tall, hands on the waist: the spine stays still while the navel draws in and
    lets go (the waist narrowing is under the hands)."""
    body = hands_on_waist(standing())
    return {"poses": [pose("start", body), pose("draw in", body), pose("let go", body)]}


def hinged(body: Body, trunk: float, back: float, knee: float = 0.0, *,
           dowel: bool = False) -> Body:
    """The hips sent `back`, the trunk leaning to `trunk`, the feet where they were, the
    shins upright (or the knees `knee` forward of the feet)."""
    knee_at = (FEET[0] + knee, math.sqrt(BONE["shin"] ** 2 - knee * knee))
    hip = (FEET[0] - back, knee_at[1] + math.sqrt(BONE["thigh"] ** 2 - (knee + back) ** 2))
    out = body.but(hip=hip, trunk=trunk).leg_to(FEET, bend=1)
    if dowel:
        out = holding_dowel(out)
    return out


def holding_dowel(body: Body) -> Body:
    """Hands behind: one at the back of the neck, one at the small of the back, holding a
    stick that touches the head, the shoulder blades and the tailbone."""
    a = math.radians(body.trunk)
    behind = (-math.sin(a), math.cos(a))  # the trunk's back side, facing right
    neck = body.joints()["neck"]
    hip = body.hip
    top = (neck[0] + 0.35 * behind[0], neck[1] + 0.35 * behind[1])
    low = (hip[0] + 0.35 * behind[0] + 0.7 * math.cos(a),
           hip[1] + 0.35 * behind[1] + 0.7 * math.sin(a))
    return body.arm_to(top, bend=1).arm_to(low, bend=-1, far=True)


def hip_hinge() -> dict[str, object]:
    """Hip hinge with a dowel along the back (head, shoulder blades, tailbone): the hips go
    back, knees soft, the back straight along the stick, and stand tall."""
    start = holding_dowel(standing().leg_to(FEET, bend=1))
    hinge = hinged(start, 50, 1.1, dowel=True)
    return {"poses": [pose("start", start), pose("hinge", hinge), pose("stand", start)],
            "props": [prop("dowel", "hand", "far_hand")]}  # (held in both hands)


def good_morning() -> dict[str, object]:
    """Good morning, no bar: hands crossed on the chest, the hips go back and the trunk
    leans to about 45°, the spine neutral, and the glutes bring it back up."""
    start = standing()
    start = start.arm_to(on_chest(start, out=0.4, down=0.3), bend=-1)
    hinge = hinged(start, 45, 1.2)
    hinge = hinge.arm_to(on_chest(hinge, out=0.4, down=0.3), bend=-1)
    return {"poses": [pose("start", start), pose("hinge", hinge), pose("stand", start)]}


def deadlift() -> dict[str, object]:
    """Light deadlift: the seat goes back, knees bend, weights lowered along the legs only
    as far as the back stays neutral; stand tall with the glutes, no leaning back."""
    start = standing(upper_arm=274, forearm=272)
    hinge = hinged(start, 40, 1.5, knee=0.5).but(upper_arm=272, forearm=270)
    return {"poses": [pose("start", start), pose("hinge", hinge), pose("stand", start)],
            "props": [prop("weight", "hand")]}  # (it moves with the hands)

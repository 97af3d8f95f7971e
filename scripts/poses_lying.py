"""The pose library's figures lying on the floor: on the back (head on the right) and face
down (see poses.py)."""

from __future__ import annotations

import math

from poses_body import BONE, LYING, Body, Point, angle_of, hip_for_shoulder, on_chest, pose, prop


def on_back(**angles: float) -> Body:
    """On the back, head on the right, arms resting by the sides, legs long."""
    return Body(hip=(0.0, LYING), trunk=0, upper_arm=186, forearm=183, thigh=180,
                shin=180).but(**angles)


def knees_bent(body: Body, far: bool = False) -> Body:
    """The knee bent up and the foot flat on the floor, near the seat."""
    return body.leg_to((body.hip[0] - 3.0, 0.1), bend=-1, far=far)


def lowered_at_90(heel: float) -> float:
    """The thigh's angle, the knee kept at 90°, that lowers the heel to height `heel`."""
    best, angle = 90.0, 90.0
    while angle < 180 and LYING + BONE["thigh"] * math.sin(math.radians(angle)) + (
            BONE["shin"] * math.sin(math.radians(angle + 90))) > heel:
        best, angle = angle, angle + 0.5
    return best


def curl_up_start() -> Body:
    """The curl-up's start: the near knee bent, the far leg long, hands under the small of
    the back."""
    body = knees_bent(on_back(), far=False).but(far={"thigh": 182, "shin": 182})
    return body.arm_to((-0.05, 0.4), bend=1)


def curl_up_lifted() -> Body:
    """The curl-up lifted: only head and shoulders off the floor, as one piece."""
    start = curl_up_start()
    return start.but(trunk=10).arm_to(start.joints()["hand"], bend=1)


def curl_up() -> dict[str, object]:
    """Curl-up: one knee bent, hands under the low back; head and shoulders lift a little as
    one piece (the neck still) and lower; the low back keeps its curve."""
    start = curl_up_start()
    return {"poses": [pose("start", start), pose("lift", curl_up_lifted()),
                      pose("lower", start)]}


def curl_up_hold() -> dict[str, object]:
    """The curl-up held: head and shoulders just off the floor, the neck still."""
    return {"poses": [pose("hold", curl_up_lifted())]}


def dead_bug() -> dict[str, object]:
    """On the back, arms up, knees bent at 90° over the hips; the far arm lowers overhead and
    the near leg lowers, the knee still at 90°, the low back staying down."""
    start = on_back(upper_arm=90, forearm=90, thigh=90, shin=180)
    thigh = lowered_at_90(0.3)
    lower = start.but(thigh=thigh, shin=thigh + 90, far={"upper_arm": 12, "forearm": 10,
                                                         "thigh": 90, "shin": 180})
    return {"poses": [pose("start", start), pose("lower", lower), pose("return", start)]}


def leg_drops() -> dict[str, object]:
    """Leg lowering, bent knees: knees kept at 90° over the hips, both legs lower until the
    heels nearly touch the floor, and come back up; the low back stays down."""
    start = on_back(thigh=90, shin=180)
    thigh = lowered_at_90(0.3)
    lower = start.but(thigh=thigh, shin=thigh + 90)
    return {"poses": [pose("start", start), pose("lower", lower), pose("raise", start)]}


def leg_drops_longer() -> dict[str, object]:
    """Leg lowering, longer legs: knees only softly bent, both legs lower together, only
    part way, and come back up (the block between the knees is hidden behind them)."""
    start = on_back(thigh=95, shin=115)
    lower = start.but(thigh=150, shin=170)
    return {"poses": [pose("start", start), pose("lower", lower), pose("raise", start)]}


def hands_on_waist(body: Body, up: float) -> Body:
    """Fingertips on the sides just above the hips, the elbows out."""
    hip = body.hip
    return body.arm_to((hip[0] + 0.5, hip[1] + up), bend=1 if up > 0.5 else -1)


def brace() -> dict[str, object]:
    """On the back, knees bent, fingertips on the sides: the spine neutral and still while
    the middle stiffens and the breath goes on."""
    return {"poses": [pose("hold", hands_on_waist(knees_bent(on_back()), 0.3))]}


def posterior_pelvic_tilt() -> dict[str, object]:
    """On the back, knees bent, feet flat: the pelvis tips back a little, the low back
    flattening onto the floor; the seat stays down."""
    start = knees_bent(on_back())
    foot = start.joints()["foot"]
    shoulder = start.shoulder
    flat = 0.12  # the low back's gap closing
    trunk = math.degrees(math.asin(flat / BONE["trunk"]))
    hip: Point = (shoulder[0] - BONE["trunk"] * math.cos(math.radians(trunk)),
                  shoulder[1] - flat)
    tilt = start.but(hip=hip, trunk=trunk)
    tilt = tilt.leg_to(foot, bend=-1).arm_to(start.joints()["hand"], bend=-1)
    return {"poses": [pose("start", start), pose("tilt", tilt), pose("release", start)]}


def bridged(start: Body, foot: Point, far: bool) -> Body:
    """The hips lifted, shoulders and feet where they were, until shoulder, hip and knee
    (of the leg on the floor) line up."""
    shoulder = start.shoulder
    def bent(tilt: float) -> tuple[float, Body]:
        """How far from straight shoulder, hip and knee are with the trunk at -`tilt`°."""
        body = start.but(hip=hip_for_shoulder(shoulder, -tilt), trunk=-tilt, head=0)
        body = body.leg_to(foot, bend=-1, far=far)
        knee = body.joints()["far_knee" if far else "knee"]
        return abs(angle_of(body.hip, knee) - (180 - tilt)), body

    return min((bent(tilt / 4) for tilt in range(0, 240)), key=lambda found: found[0])[1]


def glute_bridge() -> dict[str, object]:
    """On the back, knees bent, feet flat: the hips lift until shoulders, hips and knees are
    one line (no higher: the low back does not arch), and come down as one piece."""
    start = knees_bent(on_back(head=0))
    lift = bridged(start, start.joints()["foot"], far=False)
    return {"poses": [pose("start", start), pose("lift", lift), pose("lower", start)]}


def single_leg_bridge() -> dict[str, object]:
    """The bridge on one leg: the far foot pushes, the near leg is held straight up off the
    floor and stays in line with the body as the hips lift, level."""
    start = knees_bent(on_back(head=0), far=True).but(thigh=135, shin=135)
    lift = bridged(start, start.joints()["far_foot"], far=True)
    line = lift.trunk + 180
    lift = lift.but(thigh=line, shin=line)
    return {"poses": [pose("start", start), pose("lift", lift), pose("lower", start)]}


def feet_up_crunch() -> dict[str, object]:
    """On the back, calves on a chair, knees and hips at 90°: only the head and shoulder
    blades curl up a little, the arms across the chest, and lower."""
    start = on_back(thigh=90, shin=180)
    start = start.arm_to(on_chest(start, out=-0.4, down=0.2), bend=1)
    knee = start.joints()["knee"]
    lift = start.but(trunk=16, head=40)
    lift = lift.arm_to(on_chest(lift, out=-0.4, down=0.2), bend=1)
    chair = prop("box", (knee[0] - BONE["shin"] - 0.1, 0.0), (knee[0] - 0.3, knee[1] - 0.15))
    return {"poses": [pose("start", start), pose("lift", lift), pose("lower", start)],
            "props": [chair]}


def face_down(**angles: float) -> Body:
    """Face down, head on the right, the neck long, arms reaching forward, legs long."""
    return Body(hip=(0.0, LYING), trunk=0, upper_arm=0, forearm=0, thigh=180,
                shin=180).but(**angles)


def superman() -> dict[str, object]:
    """Superman, one limb at a time: face down, one arm (or leg) lifts a few centimetres,
    the hips stay on the floor, the neck long."""
    start = face_down()
    lift = start.but(upper_arm=12, forearm=12)
    return {"poses": [pose("start", start), pose("lift", lift), pose("lower", start)]}


def superman_together() -> dict[str, object]:
    """Superman, arms and legs together: chest, arms and legs lift only a little, the hips
    stay down, the neck long."""
    start = face_down()
    lift = start.but(trunk=7, upper_arm=16, forearm=16, thigh=173, shin=173)
    return {"poses": [pose("start", start), pose("lift", lift), pose("lower", start)]}


def back_extensor_floor() -> dict[str, object]:
    """Face down, arms by the sides: chest and thighs held just off the floor, the neck
    long (a small lift)."""
    body = face_down(trunk=8, upper_arm=188, forearm=188, thigh=174, shin=174)
    return {"poses": [pose("hold", body)]}

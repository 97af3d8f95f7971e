"""The phase plan: a routine laid out as the ordered list of phases a session goes through.

The engine walks this list; the estimates in `routines.py` sum it. One source of timing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from coretimer.model.exercise import Exercise
from coretimer.model.fields import Side
from coretimer.model.routine import Routine

#: Estimates used where the routine does not fix a duration.
UNPACED_REP_SECONDS = 3.0
MAX_HOLD_ESTIMATE = 60.0


def work_estimate(ex: Exercise) -> float:
    """Seconds one set (one side) of work is expected to take."""
    if ex.kind == "hold":
        return MAX_HOLD_ESTIMATE if ex.is_max_hold else float(ex.hold_seconds or 0)
    reps = float(ex.movements)
    if ex.is_paced:
        return reps * ex.rep_seconds
    return reps * (UNPACED_REP_SECONDS + (ex.rep_hold or 0.0))


RepStepName = Literal["lift", "hold", "lower"]

#: A paced rep's hold at least this long is counted down: the big digits show the seconds
#: left in it and the voice says "3, 2, 1" before its end. Five seconds leave two seconds of
#: quiet between the hold's word and "3"; in a shorter hold the count would run on from the
#: word ("hold, 3, 2, 1, lower" in four seconds is one long sentence), and the rep number is
#: the more useful big figure while a hold passes in a breath.
COUNTED_HOLD_FROM = 5.0


def counts_hold(ex: Exercise) -> bool:
    """Whether the hold in each of `ex`'s paced reps is counted down (see COUNTED_HOLD_FROM)."""
    return ex.is_paced and (ex.rep_hold or 0.0) >= COUNTED_HOLD_FROM


@dataclass(frozen=True)
class RepStep:
    """One step of a paced rep: `offset` seconds into the rep, lasting `seconds`."""

    name: RepStepName
    word: str
    offset: float
    seconds: float


def rep_steps(ex: Exercise) -> list[RepStep]:
    """The steps of one paced rep: the tempo split evenly between the move out and the move
    back, with the rep's hold (if any) between them. Tempo 4 with rep_hold 2: lift 2 s,
    hold 2 s, lower 2 s."""
    if not ex.is_paced:
        return []
    move = (ex.tempo or 0.0) / 2
    lift, hold, lower = ex.step_words
    steps = [RepStep("lift", lift, 0.0, move)]
    if ex.rep_hold:
        steps.append(RepStep("hold", hold, move, ex.rep_hold))
    steps.append(RepStep("lower", lower, move + (ex.rep_hold or 0.0), move))
    return steps


class PhaseKind(StrEnum):
    GET_READY = "get_ready"
    WORK = "work"
    REST = "rest"
    SWITCH_SIDE = "switch_side"
    FINISHED = "finished"

    @property
    def label(self) -> str:
        return {
            "get_ready": "Get ready",
            "work": "Work",
            "rest": "Rest",
            "switch_side": "Switch side",
            "finished": "Finished",
        }[self.value]


@dataclass(frozen=True)
class PhaseSpec:
    kind: PhaseKind
    exercise_index: int
    exercise: Exercise
    set: int  # 1-based set number this phase belongs to (the set just done, for rests)
    side: Side | None
    duration: float | None
    """Seconds until the phase ends by itself; None when only the user ends it (unpaced reps)."""
    estimate: float
    """Expected seconds, for progress and estimates (equals duration when fixed)."""
    between_exercises: bool = False
    whole: Exercise | None = None
    """Get-ready and work: the exercise as the routine gives it, with every set's dose
    (`exercise` is as this set does it, or for a get-ready as the first set does it)."""

    @property
    def introduced(self) -> Exercise:
        """The exercise as its introduction describes it: all its sets ("6 reps of 10-second
        holds, then 4, then 2")."""
        return self.whole or self.exercise

    @property
    def counts_up(self) -> bool:
        """A "max" hold: the display counts up; the user ends it (capped at MAX_HOLD_CAP)."""
        return self.kind is PhaseKind.WORK and self.exercise.is_max_hold

    @property
    def is_hold(self) -> bool:
        return self.kind is PhaseKind.WORK and self.exercise.kind == "hold"


def build_plan(routine: Routine) -> list[PhaseSpec]:
    """Every phase of a session, in order, without the final FINISHED marker.

    get ready → (work [→ switch side → work] → rest)… per exercise, with the between-exercise
    rest after each exercise but the last. Phases of zero length are left out.
    """
    plan: list[PhaseSpec] = []
    last = len(routine.exercises) - 1
    for i, ex in enumerate(routine.exercises):
        if routine.get_ready > 0:
            plan.append(PhaseSpec(PhaseKind.GET_READY, i, ex.for_set(1), 1, ex.side_list[0],
                                  float(routine.get_ready), float(routine.get_ready),
                                  whole=ex))
        sides = ex.side_list
        for s in range(1, ex.sets + 1):
            this_set = ex.for_set(s)  # a per-set dose: this set's hold or reps
            work_duration = _work_duration(this_set)
            estimate = work_estimate(this_set)
            for k, side in enumerate(sides):
                plan.append(PhaseSpec(PhaseKind.WORK, i, this_set, s, side, work_duration,
                                      estimate, whole=ex))
                if k < len(sides) - 1 and ex.rest > 0:
                    plan.append(PhaseSpec(PhaseKind.SWITCH_SIDE, i, ex, s, sides[k + 1],
                                          float(ex.rest), float(ex.rest)))
            if s < ex.sets and ex.rest > 0:
                plan.append(PhaseSpec(PhaseKind.REST, i, ex, s, sides[-1],
                                      float(ex.rest), float(ex.rest)))
        if i < last and routine.rest_between_exercises > 0:
            rest = float(routine.rest_between_exercises)
            plan.append(PhaseSpec(PhaseKind.REST, i, ex, ex.sets, sides[-1], rest, rest,
                                  between_exercises=True))
    return plan


def _work_duration(ex: Exercise) -> float | None:
    if ex.kind == "hold":
        return float(ex.cap_seconds) if ex.is_max_hold else float(ex.hold_seconds or 0)
    if ex.is_paced:
        return ex.movements * ex.rep_seconds
    return None

"""Doses: the steps, floors and caps of a hold or a rep count, a suggested change of dose,
and a routine with the suggestions applied."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from coretimer.model.exercise import Exercise
from coretimer.model.fields import Kind
from coretimer.model.routine import Routine

HOLD_STEP = 5
HOLD_MIN = 5
REPS_MIN = 1
HOLD_CAP = 60
REPS_CAP = 15


@dataclass(frozen=True)
class Suggestion:
    exercise: str
    kind: Kind
    direction: Literal["up", "down", "stay"]
    """"stay": low pain against it this week holds it where it is (the reason says why)."""
    current: int
    suggested: int
    reason: str
    at_floor: bool = False
    """The step back reached the lowest dose this exercise goes to (5 s or 1 rep)."""
    easier: str | None = None
    """The exercise's easier version, shown at the floor."""
    key: str = ""
    """The exercise's id."""
    level: int | None = None
    """For exercises with levels: the level to do it at (a new one when the step is a change
    of level)."""
    level_from: str | None = None
    """The name of the level it was at, when the step changes level."""
    level_to: str | None = None
    """The name of the level it moves to."""

    @property
    def changes_level(self) -> bool:
        return self.level_to is not None

    def text(self) -> str:
        unit = "s" if self.kind == "hold" else ("rep" if self.suggested == 1 else "reps")
        if self.direction == "stay":
            return f"Stays: {self.exercise} at {self.current} {unit} ({self.reason})"
        verb = "Step up" if self.direction == "up" else "Step back"
        if self.changes_level:
            return (f"{verb}: {self.exercise}, {self.level_from} → {self.level_to}, "
                    f"{self.suggested} {unit} ({self.reason})")
        if self.suggested == self.current:
            line = f"{verb}: {self.exercise} stays at {self.current} {unit} ({self.reason})"
        else:
            line = (f"{verb}: {self.exercise} {self.current} → {self.suggested} {unit} "
                    f"({self.reason})")
        if self.at_floor:
            line += ". That is its lowest dose"
            if self.level is not None and self.level > 1:
                line += "; one more step back goes to the level below"
            else:
                line += (f"; an easier version: {self.easier}" if self.easier else
                         "; if it still hurts, leave it out and ask a clinician about it")
        return line


def cap(ex: Exercise) -> int:
    """The most any set of the exercise may be taken to by a step up."""
    largest = max(ex.doses) if ex.doses else (ex.target or 0)
    if ex.kind == "hold":
        return ex.max_hold or max(HOLD_CAP, largest)
    return ex.max_reps or max(REPS_CAP, largest)


def floor(ex: Exercise) -> int:
    return HOLD_MIN if ex.kind == "hold" else REPS_MIN


def step_up(ex: Exercise, current: int) -> int:
    """The first set's dose one step up. With a per-set dose every set moves by the same
    step, so the step is as large as the largest set allows under the cap."""
    step = HOLD_STEP if ex.kind == "hold" else (1 if current < 10 else 2)
    doses = ex.doses
    headroom = cap(ex) - current
    if doses is not None:  # the largest set, once the list is moved to `current`
        headroom = cap(ex) - max(doses) - (current - doses[0])
    return current + max(0, min(step, headroom))


def step_down(ex: Exercise, current: int) -> int:
    step = HOLD_STEP if ex.kind == "hold" else (1 if current <= 10 else 2)
    return min(current, max(floor(ex), current - step))


def dose_text(ex: Exercise, dose: int) -> str:
    if ex.kind == "hold":
        return f"{dose} s"
    return f"{dose} rep{'' if dose == 1 else 's'}"


def apply(routine: Routine, suggestions: Sequence[Suggestion]) -> Routine:
    """The routine with the suggested doses, for this session only."""
    by_key = {s.key: s for s in suggestions}
    exercises = []
    for ex in routine.exercises:
        s = by_key.get(ex.key)
        if s is None or ex.is_max_hold or s.direction == "stay":
            exercises.append(ex)
        elif s.changes_level and s.level is not None and ex.levels:
            exercises.append(ex.at_level(s.level))  # the new level at its own dose
        elif s.kind == ex.kind:
            exercises.append(with_dose(ex, s.suggested))
        else:
            exercises.append(ex)
    return routine.model_copy(update={"exercises": exercises})


def with_dose(ex: Exercise, first: int) -> Exercise:
    """The exercise with its first set's dose at `first`; a per-set dose moves every set by
    the same step (never below the floor)."""
    field = "hold" if ex.kind == "hold" else "reps"
    doses = ex.doses
    if doses is None:
        return ex.model_copy(update={field: first})
    shift = first - doses[0]
    most = cap(ex)
    return ex.model_copy(update={field: [min(most, max(floor(ex), d + shift)) for d in doses]})

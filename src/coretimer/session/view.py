"""What a screen shows of a running session, worked out from the clock by the engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coretimer.model.fields import Side
from coretimer.model.record import Status
from coretimer.model.routine import Exercise
from coretimer.routine.plan import PhaseKind, PhaseSpec, RepStepName


@dataclass(frozen=True)
class View:
    phase: PhaseKind
    spec: PhaseSpec | None
    exercise: Exercise | None
    exercise_index: int
    exercise_count: int
    set: int
    sets: int
    side: Side | None
    elapsed: float
    """Seconds into the current phase."""
    remaining: float | None
    """Seconds left for phases that end by themselves (None for user-ended ones and max holds)."""
    counts_up: bool
    reps_done: int | None
    reps_target: int | None
    cue: str | None
    breath: Literal["in", "out"] | None
    breath_fraction: float
    """0→1 through the current breath."""
    progress: float
    next_up: str | None
    paused: bool
    pain_pending: bool
    finished: bool
    status: Status | None
    rep_number: int | None = None
    """Paced reps: the rep under way (1-based)."""
    rep_step: RepStepName | None = None
    rep_word: str | None = None
    """What the routine calls the step under way ("lift", "hold", "lower")."""
    rep_step_left: float | None = None
    """Seconds left in that step."""
    hold_countdown: int | None = None
    """During the counted hold of a paced rep (plan.counts_hold): the whole seconds left in
    it, as the big digits show them (10 at the start of a 10 s hold, 1 in its last second);
    None at any other moment."""


def describe_work(spec: PhaseSpec) -> str:
    """'Front plank — set 2 of 3, left side'."""
    ex = spec.exercise
    text = ex.title
    parts = []
    if ex.sets > 1:
        parts.append(f"set {spec.set} of {ex.sets}")
    if spec.side:
        parts.append(f"{spec.side} side")
    return f"{text} — {', '.join(parts)}" if parts else text

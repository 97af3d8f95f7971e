"""What a screen shows of a running session, and how it is worked out from the phase under way
and the seconds into it (the engine reads those from the clock)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from coretimer.model.exercise import Exercise
from coretimer.model.fields import Side
from coretimer.model.record import Status
from coretimer.routine.plan import PhaseKind, PhaseSpec, RepStep, RepStepName, counts_hold
from coretimer.session.moments import moves_figure, rep_of, rep_step_at, step_frame
from coretimer.session.rules import Pacing


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
    rep_step_frame: float | None = None
    """During a lift or a lower of a paced rep whose figure moves: how far through the step
    the figure is drawn (0 to 1, in `Pacing.figure_frames` steps); None at any other moment."""


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


def next_work(plan: list[PhaseSpec], index: int) -> str | None:
    """The work after phase `index` of the plan, described; None when none is left."""
    for spec in plan[index + 1:]:
        if spec.kind is PhaseKind.WORK:
            return describe_work(spec)
    return None


def idle_view(exercise_count: int, *, finished: bool, paused: bool, pain_pending: bool,
              status: Status | None) -> View:
    """What a screen shows with no phase under way: before the start, or after the end."""
    return View(
        phase=PhaseKind.FINISHED if finished else PhaseKind.GET_READY,
        spec=None, exercise=None, exercise_index=exercise_count if finished else 0,
        exercise_count=exercise_count, set=0, sets=0, side=None, elapsed=0.0, remaining=None,
        counts_up=False, reps_done=None, reps_target=None, cue=None, breath=None,
        breath_fraction=0.0, progress=1.0 if finished else 0.0, next_up=None,
        paused=paused, pain_pending=pain_pending, finished=finished, status=status,
    )


def phase_view(spec: PhaseSpec, elapsed: float, pacing: Pacing, *, exercise_count: int,
               estimate_before: float, estimate_total: float, next_up: str | None,
               paused: bool, pain_pending: bool) -> View:
    """What a screen shows `elapsed` seconds into a phase under way. The progress bar is the
    phases' estimates: `estimate_before` seconds of them before this one, out of
    `estimate_total`."""
    ex = spec.exercise
    elapsed = max(0.0, elapsed)
    if spec.duration is not None:
        elapsed = min(elapsed, spec.duration)
    remaining = None
    if spec.duration is not None and not spec.counts_up:
        remaining = max(0.0, spec.duration - elapsed)
    reps_done = None
    if spec.kind is PhaseKind.WORK and ex.is_paced:
        moves = min(math.floor(elapsed / ex.rep_seconds + 1e-9), ex.movements)
        reps_done = moves // 2 if ex.alternates else moves
    breath: Literal["in", "out"] | None = None
    fraction = 0.0
    if spec.kind is PhaseKind.WORK and ex.shows_breathing:
        breath, fraction = pacing.breath_at(elapsed)
    rep_step: RepStep | None = None
    rep_number: int | None = None
    step_left: float | None = None
    hold_countdown: int | None = None
    step_frame_at: float | None = None
    side = spec.side
    if spec.kind is PhaseKind.WORK and ex.is_paced:
        rep_step, step_start, move = rep_step_at(ex, elapsed)
        if rep_step is not None:
            step_left = max(0.0, step_start + rep_step.seconds - elapsed)
            rep_number, rep_side = rep_of(ex, move - 1)
            side = rep_side or side
            if rep_step.name == "hold" and counts_hold(ex):
                # The same rounding as moments.next_change()'s mark for the step: the shown
                # second changes exactly when the engine says something changes.
                hold_countdown = max(1, math.ceil(step_left - 1e-9))
            if rep_step.name != "hold" and moves_figure(ex):
                step_frame_at = step_frame(rep_step, elapsed - step_start, pacing)[0]
    cue: str | None = None
    if spec.kind is PhaseKind.GET_READY:
        cue = ex.setup_cue
    elif spec.kind is PhaseKind.WORK:
        # A paced rep's step with a cue of its own shows it: the cue describes the
        # movement the banner names. Other moments show the exercise's cues in turn.
        own = ex.step_cue(rep_step.name) if rep_step is not None else None
        cue = own if own is not None else pacing.cue_at(ex.cues, elapsed)
    done_estimate = estimate_before + min(elapsed, spec.estimate)
    return View(
        phase=spec.kind, spec=spec, exercise=ex, exercise_index=spec.exercise_index,
        exercise_count=exercise_count, set=spec.set, sets=ex.sets, side=side, elapsed=elapsed,
        remaining=remaining, counts_up=spec.counts_up, reps_done=reps_done,
        reps_target=ex.rep_count if ex.kind == "reps" else None, cue=cue, breath=breath,
        breath_fraction=fraction, rep_number=rep_number,
        rep_step=rep_step.name if rep_step else None,
        rep_word=rep_step.word if rep_step else None, rep_step_left=step_left,
        hold_countdown=hold_countdown, rep_step_frame=step_frame_at,
        progress=min(1.0, done_estimate / estimate_total),
        next_up=next_up, paused=paused, pain_pending=pain_pending, finished=False, status=None,
    )

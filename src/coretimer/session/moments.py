"""When things happen within one phase, worked out from the phase and the seconds into it:
the moments it schedules (each step of a paced rep, halfway through a long hold, 3-2-1), the
step of a paced rep under way, and when what is shown next changes. No state of its own."""

from __future__ import annotations

import math

from coretimer.model.exercise import Exercise
from coretimer.model.fields import Side
from coretimer.model.figure import animates
from coretimer.routine.plan import PhaseKind, PhaseSpec, RepStep, counts_hold, rep_steps
from coretimer.routine.poses import figure_of
from coretimer.session.events import Countdown, Event, Halfway, RepPhase
from coretimer.session.rules import Pacing

#: Holds at least this long get a "halfway" event.
HALFWAY_FROM = 20.0


def _next_whole_before(end: float, elapsed: float) -> float:
    """The first moment after `elapsed` that is a whole number of seconds before `end` (when
    a countdown to `end` shows its next number)."""
    return end - (math.ceil(end - elapsed - 1e-9) - 1)


def rep_of(ex: Exercise, move: int) -> tuple[int, Side | None]:
    """Movement `move` (0-based) of a set as a rep number (1-based) and, when the sides
    alternate, its side: left first, then right."""
    if ex.alternates:
        return move // 2 + 1, ("left", "right")[move % 2]
    return move + 1, None


def schedule(spec: PhaseSpec, start: float, pacing: Pacing) -> list[Event]:
    """The moments within a phase that starts at active second `start`: each step of each
    paced rep (and 3-2-1 before the end of each counted hold in them), halfway through a long
    hold, and 3-2-1 before the end of a phase that ends by itself (not a max hold, and not
    paced reps, whose steps mark the time). Soonest first."""
    events: list[Event] = []
    ex = spec.exercise
    paced = spec.kind is PhaseKind.WORK and ex.is_paced  # its rep steps keep the time
    if paced:
        steps = rep_steps(ex)
        counted = counts_hold(ex)
        for move in range(ex.movements):
            begin = start + move * ex.rep_seconds
            rep, side = rep_of(ex, move)
            for st in steps:
                at = begin + st.offset
                events.append(RepPhase(at, rep, st.name, st.word, st.seconds,
                                       side if st.name == "lift" else None))
                if counted and st.name == "hold":
                    end = at + st.seconds  # the return step's word comes after "1"
                    events.extend(Countdown(end - n, n, spec.kind, rep)
                                  for n in range(pacing.countdown_from, 0, -1)
                                  if end - n > at)
    if (spec.is_hold and not spec.counts_up and spec.duration is not None
            and spec.duration >= HALFWAY_FROM):
        events.append(Halfway(start + spec.duration / 2, spec))
    if spec.duration is not None and not spec.counts_up and not paced:
        end = start + spec.duration
        events.extend(Countdown(end - n, n, spec.kind)
                      for n in range(pacing.countdown_from, 0, -1) if end - n > start)
    events.sort(key=lambda e: e.at)  # stable: at equal times, rep steps come first
    return events


def rep_step_at(ex: Exercise, elapsed: float) -> tuple[RepStep | None, float, int]:
    """The step of a paced rep `elapsed` seconds into the set: the step, when it began
    (seconds into the set) and the movement's number (1-based; with alternating sides,
    each rep on each side is a movement)."""
    if not ex.is_paced or not ex.movements:
        return None, 0.0, 0
    # The same formula as reps_done in the view: a boundary rounded down by floating point
    # counts as reached in both.
    move = min(math.floor(elapsed / ex.rep_seconds + 1e-9), ex.movements - 1)
    into = max(0.0, elapsed - move * ex.rep_seconds)  # a hair before the boundary: 0
    current = None
    for st in rep_steps(ex):
        if into + 1e-9 >= st.offset:
            current = st
    assert current is not None
    return current, move * ex.rep_seconds + current.offset, move + 1


def moves_figure(ex: Exercise) -> bool:
    """Whether a paced rep of `ex` moves a figure on screen (its figure has more than one
    pose): then its lifts and lowers are drawn in frames (`step_frame`)."""
    return ex.is_paced and animates(figure_of(ex))


def step_frame(step: RepStep, into: float, pacing: Pacing) -> tuple[float, float]:
    """How far a lift or lower `into` seconds in shows the figure moved (the frame ahead:
    1/n from its start, 1 in its last part, so the figure moves as the banner says the step)
    and when its next frame starts (seconds into the step)."""
    frames = pacing.figure_frames(step.seconds)
    size = max(step.seconds, 1e-6) / frames
    # The same rounding as rep_step_at: a frame's start rounded down by floating point
    # counts as reached.
    frame = min(frames - 1, max(0, math.floor(into / size + 1e-9)))
    return (frame + 1) / frames, (frame + 1) * size


def next_change(spec: PhaseSpec, elapsed: float, next_event: float | None,
                pacing: Pacing) -> float | None:
    """Seconds from `elapsed` (seconds into the phase) until the next moment something shown
    or said changes: `next_event` (the phase's next scheduled moment, seconds into it), the
    end of the phase, the next second on the clock, a step of the breathing bar or a new cue.
    None when nothing is still to come."""
    marks: list[float] = []  # phase-relative seconds
    if next_event is not None:
        marks.append(next_event)
    if spec.duration is not None:
        marks.append(spec.duration)
        if not spec.counts_up:  # the countdown shows whole seconds left
            marks.append(_next_whole_before(spec.duration, elapsed))
    marks.append(math.floor(elapsed) + 1.0)  # whole seconds counted up
    if spec.kind is PhaseKind.WORK:
        ex = spec.exercise
        if ex.shows_breathing:
            marks.append(pacing.next_breath_step(elapsed))
        if ex.cues:
            marks.append((math.floor(elapsed / pacing.cue_seconds) + 1) * pacing.cue_seconds)
        step, step_start, _ = rep_step_at(ex, elapsed)
        if step is not None:  # the countdown inside a step of a paced rep
            marks.append(_next_whole_before(step_start + step.seconds, elapsed))
            if step.name != "hold" and moves_figure(ex):  # the figure's next frame
                marks.append(step_start + step_frame(step, elapsed - step_start, pacing)[1])
    later = [m for m in marks if m > elapsed + 1e-9]
    return max(0.0, min(later) - elapsed) if later else None

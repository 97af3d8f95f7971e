"""Pain-gated progression: suggest a small step up only when it is safe, a step back after pain.

Rules (per exercise of a routine, looking at the last two times that routine was done with it):
- Step up when, both times, every set of the exercise was completed, no pain was reported at
  all in the session, and the next-morning answer was not "worse" (unanswered is not worse).
  Never after pain.
- Step back when, the last time, pain was reported during this exercise or the back felt worse
  the next morning.
- Otherwise (e.g. pain during another exercise): no suggestion.

Steps are small: +5 s on a hold, +1 rep (+2 from 10 reps up); back: -5 s, -1 rep (-2 above 10).
A step up never passes the exercise's cap: `max_hold` / `max_reps` in the routine file, else the
seeds' upper doses (60 s holds, 15 reps) or the routine's own dose when that is higher already.
Max holds (the endurance test) are never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from coretimer.models import Exercise, Kind, Routine, SessionRecord

HOLD_STEP = 5
HOLD_MIN = 5
HOLD_CAP = 60
REPS_CAP = 15


@dataclass(frozen=True)
class Suggestion:
    exercise: str
    kind: Kind
    direction: Literal["up", "down"]
    current: int
    suggested: int
    reason: str

    def text(self) -> str:
        unit = "s" if self.kind == "hold" else "reps"
        verb = "Step up" if self.direction == "up" else "Step back"
        return (f"{verb}: {self.exercise} {self.current} → {self.suggested} {unit} "
                f"({self.reason})")


def cap(ex: Exercise) -> int:
    if ex.kind == "hold":
        return ex.max_hold or max(HOLD_CAP, ex.hold if isinstance(ex.hold, int) else 0)
    return ex.max_reps or max(REPS_CAP, ex.reps or 0)


def step_up(ex: Exercise, current: int) -> int:
    step = HOLD_STEP if ex.kind == "hold" else (1 if current < 10 else 2)
    return max(current, min(current + step, cap(ex)))


def step_down(ex: Exercise, current: int) -> int:
    if ex.kind == "hold":
        return max(HOLD_MIN, current - HOLD_STEP)
    return max(1, current - (1 if current <= 10 else 2))


def _did(session: SessionRecord, ex: Exercise) -> bool:
    return any(x.exercise == ex.name and x.kind == ex.kind for x in session.sets)


def _clean(session: SessionRecord, ex: Exercise) -> bool:
    sets = [x for x in session.sets if x.exercise == ex.name and x.kind == ex.kind]
    return (bool(sets) and all(x.completed for x in sets) and not session.pain
            and session.next_morning != "worse")


def _current(ex: Exercise, latest: SessionRecord) -> int | None:
    """The dose last time (it may already include an accepted step), else the routine's."""
    targets = [x.target for x in latest.sets
               if x.exercise == ex.name and x.kind == ex.kind and x.target is not None]
    if targets:
        return round(targets[0])
    return ex.target


def suggest(routine_id: str, routine: Routine,
            history: Sequence[SessionRecord]) -> list[Suggestion]:
    mine = sorted((s for s in history if s.routine == routine_id),
                  key=lambda s: s.started_at, reverse=True)
    out: list[Suggestion] = []
    for ex in routine.exercises:
        if ex.is_max_hold:
            continue
        times = [s for s in mine if _did(s, ex)][:2]
        if not times:
            continue
        latest = times[0]
        current = _current(ex, latest)
        if current is None:
            continue
        pain_here = any(p.exercise == ex.name for p in latest.pain)
        if pain_here or latest.next_morning == "worse":
            lower = step_down(ex, current)
            if lower < current:
                why = ("pain was reported during it last time" if pain_here
                       else "your back felt worse the morning after last time")
                out.append(Suggestion(ex.name, ex.kind, "down", current, lower, why))
            continue
        if len(times) == 2 and all(_clean(s, ex) for s in times):
            higher = step_up(ex, current)
            if higher > current:
                out.append(Suggestion(ex.name, ex.kind, "up", current, higher,
                                      "done in full without pain twice, fine the next morning"))
    return out


def apply(routine: Routine, suggestions: Sequence[Suggestion]) -> Routine:
    """The routine with the suggested doses, for this session only."""
    by_name = {(s.exercise, s.kind): s for s in suggestions}
    exercises = []
    for ex in routine.exercises:
        s = by_name.get((ex.name, ex.kind))
        if s is None:
            exercises.append(ex)
        elif ex.kind == "hold":
            exercises.append(ex.model_copy(update={"hold": s.suggested}))
        else:
            exercises.append(ex.model_copy(update={"reps": s.suggested}))
    return routine.model_copy(update={"exercises": exercises})

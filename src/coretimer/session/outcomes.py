"""What the session's record keeps of the plan's phases: a set as it was done (what was
achieved, whether in full, how it ended), a set left out for pain, and a pain report with the
exercises it counts against. The engine writes them; they are worked out here."""

from __future__ import annotations

import math
from datetime import datetime

from coretimer.model.record import EndedBy, NotDoneSet, PainReport, SetResult
from coretimer.model.routine import Routine
from coretimer.routine.plan import PhaseKind, PhaseSpec


def set_result(spec: PhaseSpec, elapsed: float, how: EndedBy, reps: int | None) -> SetResult:
    """A work set that ran `elapsed` seconds, and how it ended: its own clock ran out
    ("time"), the user's done (with `reps`, for unpaced reps), skip, a pain report, or the end
    of the session."""
    ex = spec.exercise
    target = ex.target
    achieved: float | None
    if how == "skip":
        achieved, completed = None, False
    elif ex.kind == "hold":
        cap = float(target) if target is not None else float(ex.cap_seconds)
        achieved = round(min(elapsed, cap), 1)
        completed = how == "time" or (how == "done" and ex.is_max_hold)
    elif ex.is_paced:
        moves = min(math.floor(elapsed / ex.rep_seconds + 1e-9), ex.movements)
        achieved = float(moves // 2 if ex.alternates else moves)  # reps per side
        completed = achieved >= ex.rep_count
    elif how == "done":
        achieved = float(max(0, reps) if reps is not None else ex.rep_count)
        completed = achieved >= ex.rep_count
    else:  # reps at the user's pace, ended by pain or the end: nobody counted them
        achieved, completed = None, False
    return SetResult(exercise=ex.name, exercise_id=ex.key, kind=ex.kind, side=spec.side,
                     set=spec.set, level=ex.level, level_name=ex.level_name,
                     target=None if target is None else float(target),
                     achieved=achieved, completed=completed, skipped=how == "skip",
                     ended_by=how)


def not_done_set(spec: PhaseSpec, after_sets: int) -> NotDoneSet:
    """A planned set the pain left out, in its place among the sets (after `after_sets` of
    them). It is not a set: nothing was done, and nothing counts it."""
    ex = spec.exercise
    return NotDoneSet(exercise=ex.name, exercise_id=ex.key, kind=ex.kind, side=spec.side,
                      set=spec.set, target=None if ex.target is None else float(ex.target),
                      level=ex.level, level_name=ex.level_name, because="pain",
                      after_sets=after_sets)


def pain_report(routine: Routine, plan: list[PhaseSpec], index: int, at: datetime) -> PainReport:
    """A report of pain made at `at`, during phase `index` of the plan; not rated yet."""
    spec = plan[index]
    return PainReport(at=at, exercise=spec.exercise.name, exercise_id=spec.exercise.key,
                      level=None, phase=spec.kind.value,
                      counts_against=_counts_against(routine, spec))


def _counts_against(routine: Routine, spec: PhaseSpec) -> list[str]:
    """The ids of the exercises a report made during the phase `spec` counts against: the one
    being done, or between exercises both the one just done and the one about to start."""
    keys: list[str] = []
    if spec.kind is PhaseKind.GET_READY and spec.exercise_index > 0:
        keys.append(routine.exercises[spec.exercise_index - 1].key)
    keys.append(spec.exercise.key)
    if spec.between_exercises and spec.exercise_index + 1 < len(routine.exercises):
        keys.append(routine.exercises[spec.exercise_index + 1].key)
    return list(dict.fromkeys(keys))

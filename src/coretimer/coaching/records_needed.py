"""Which full records the preview's suggestions need (`history_for`): not the whole history,
only what `progression.suggest`, `at_levels_done` and `pain_weeks.exercise_pain` can tell
apart, chosen from the summaries the index gives."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from coretimer.coaching.holds import PAIN_WINDOW
from coretimer.coaching.pain_weeks import RECENT
from coretimer.coaching.progression import (
    PAIN_HISTORY,
    at_levels_done,
    level_done,
    sets_of,
    touched,
)
from coretimer.model.routine import Routine
from coretimer.routine.movements import joined

if TYPE_CHECKING:
    from coretimer.model.record import SessionRecord
    from coretimer.model.summaries import SessionSummary


def history_for(routine_id: str, routine: Routine, summaries: Sequence[SessionSummary],
                read: Callable[[SessionSummary], SessionRecord | None],
                now: datetime) -> list[SessionRecord]:
    """The full records the suggestions, the levels and the preview's pain column need (not
    the whole history): every session of the last 4 weeks (every pain window is shorter),
    the newest session and the newest of this routine, and, for each exercise, its sessions
    newest first until the level it was last done at, its last two sessions and the dose it
    was last done at are all known. `suggest`, `at_levels_done` and `exercise_pain` give the
    same with these as with every record (tested over varied histories)."""
    routine = joined(routine)
    newest = sorted(summaries, key=lambda s: s.started_at, reverse=True)
    if not newest:
        return []
    wanted = {key for ex in routine.exercises for key in ex.keys}
    chosen: list[SessionRecord] = []
    seen_routine = False
    for i, summary in enumerate(newest):
        ended = summary.ended_at or summary.started_at
        recent = now - ended <= max(RECENT, PAIN_HISTORY, PAIN_WINDOW)
        first_of_routine = not seen_routine and summary.routine == routine_id
        seen_routine = seen_routine or summary.routine == routine_id
        needed = bool(wanted.intersection(summary.keys))
        if not (recent or i == 0 or first_of_routine or needed):
            if not wanted and seen_routine:
                break  # everything known, and nothing newer is left to take
            continue
        record = read(summary)
        if record is None:
            continue
        chosen.append(record)
        if needed and not recent:
            wanted -= _known(routine, chosen, now)
    return chosen


def _known(routine: Routine, newest: list[SessionRecord], now: datetime) -> set[str]:
    """The ids (and aliases) of the exercises whose suggestions `newest` (newest first)
    settles: no older session can change them (an id shared by two entries of the routine
    needs both)."""
    open_: set[str] = set()
    levelled = at_levels_done(routine, newest, now)
    for plain, ex in zip(routine.exercises, levelled.exercises, strict=True):
        if plain.levels and level_done(plain, newest) is None:
            open_ |= ex.keys  # the level it was last done at is further back
            continue
        sessions = [s for s in newest if touched(s, ex)]
        has_dose = any(x.target is not None and x.set == 1
                       for s in sessions for x in sets_of(s, ex))
        if len(sessions) < 2 or not has_dose:
            open_ |= ex.keys
    return {key for ex in routine.exercises for key in ex.keys} - open_

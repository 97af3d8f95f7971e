"""What the preview advises before a session, worked out from the history in one place (not
in a screen): the levels and doses it starts from, the suggested steps, why nothing steps up,
the pain reported during each exercise, what is not offered yet, and whether a check-in
means a day to rest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from coretimer.coaching.doses import Suggestion
from coretimer.coaching.offering import Waiting, waiting
from coretimer.coaching.pain_weeks import ExercisePain, exercise_pain
from coretimer.coaching.progression import as_last_done, suggest, why_held
from coretimer.model.record import SessionRecord
from coretimer.model.routine import Routine

if TYPE_CHECKING:
    from coretimer.model.summaries import SessionSummary

#: A check-in of this or more (0-10) is a day to rest or to do only the gentlest routine:
#: starting anyway takes a second, deliberate key.
HIGH_CHECKIN = 7


def rest_today(baseline: int) -> bool:
    """Whether the back's pain at check-in (0-10) says today is a day to rest."""
    return baseline >= HIGH_CHECKIN


@dataclass(frozen=True)
class Advice:
    levelled: Routine
    """The routine at the levels and doses last done (before any suggestion)."""
    suggestions: list[Suggestion] = field(default_factory=list)
    pain: dict[str, ExercisePain] = field(default_factory=dict)
    """Pain reported during each exercise in the last 4 weeks, by id."""
    held: str | None = None
    """Why nothing steps up now (pain this week, a worse or unanswered morning, pain
    climbing week to week), or None."""
    waiting: dict[str, Waiting] = field(default_factory=dict)
    """The exercises not offered yet (`offered_after`), by id: left out, and why."""


def advise(routine_id: str, routine: Routine, history: Sequence[SessionRecord] | None,
           now: datetime | None = None, *,
           pain_history: Sequence[SessionRecord | SessionSummary] | None = None) -> Advice:
    """The advice for `routine` given the full records the suggestions need (`history`;
    None while it is being read: then an exercise that waits for another one's clean
    sessions waits) and every session's summary for the weekly pain (`pain_history`)."""
    if history is None:
        return Advice(routine, waiting=waiting(routine, [], now))
    levelled = as_last_done(routine, history, now)
    at = now or datetime.now().astimezone()
    return Advice(
        levelled,
        suggest(routine_id, routine, history, now, pain_history=pain_history),
        exercise_pain(history, at),
        why_held(routine_id, routine, history, at, pain_history=pain_history),
        waiting(levelled, history, now))

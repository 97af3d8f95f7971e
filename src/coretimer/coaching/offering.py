"""Exercises offered only after another one is clean (`offered_after` in a routine file): stir
the pot waits for clean front planks. A pure function of the routine and the history.

An exercise with `offered_after = "front-plank"` is offered (shown in the preview and run in
the session) once the last two sessions that included the front plank, in any routine, were
clean (progression.clean): every training set of it done in full (a test hold does not
count), no pain reported against it, and not followed by a worse next morning. Until then the
preview shows it as not yet offered, and says why. These are the sessions
`records_needed.history_for` always reads for an exercise of the routine, so the preview's
subset of the history gives the same answer as the whole of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from coretimer.coaching.holds import held_back
from coretimer.coaching.pain_weeks import pain_climbing
from coretimer.coaching.progression import clean, touched
from coretimer.model.exercise import Exercise
from coretimer.model.record import SessionRecord
from coretimer.model.routine import Routine

#: How many of the named exercise's latest sessions must be clean.
CLEAN_SESSIONS = 2


@dataclass(frozen=True)
class Waiting:
    """An exercise not offered yet, and what it waits for."""

    key: str
    """The waiting exercise's id."""
    name: str
    after: str
    """The name of the exercise it waits for."""
    clean: int
    """How many of that exercise's last two sessions were clean."""
    held: str | None = None
    """Why a first offer waits although those sessions were clean: a new exercise is a step
    up, and something holds step ups back (pain this week, the last morning)."""

    def text(self) -> str:
        if self.held is not None and self.clean >= CLEAN_SESSIONS:
            return (f"{self.name} is new work, a step up: it is offered once nothing holds "
                    f"step ups back ({self.held}).")
        return (f"{self.name} is offered once your last {CLEAN_SESSIONS} sessions with the "
                f"{self.after.lower()} were clean: every set done in full, no pain during it, "
                f"not worse the next morning (so far {self.clean} of {CLEAN_SESSIONS}).")


def clean_count(ref: Exercise, history: Sequence[SessionRecord]) -> int:
    """How many of the last two sessions that included `ref` (newest first, by start) were
    clean."""
    newest = sorted(history, key=lambda s: s.started_at, reverse=True)
    last = [s for s in newest if touched(s, ref)][:CLEAN_SESSIONS]
    return sum(1 for s in last if clean(s, ref))


def waiting(routine: Routine, history: Sequence[SessionRecord],
            now: datetime | None = None) -> dict[str, Waiting]:
    """The routine's exercises not offered yet, by id. Offering one for the first time is a
    step up: while something holds step ups back (other pain in the last 7 days, the last
    morning unanswered or worse, pain climbing; as of `now`, default the end of the last
    session) it waits too. One done before stays offered (its own steps take care of it)."""

    newest = sorted(history, key=lambda s: s.started_at, reverse=True)
    if now is None and newest:
        now = newest[0].ended_at or newest[0].started_at
    held: str | None = None
    if now is not None and newest:
        climb = pain_climbing(newest, now)
        held = held_back(newest, now) or (None if climb is None else climb.text())
    out: dict[str, Waiting] = {}
    for ex in routine.exercises:
        if ex.offered_after is None:
            continue
        ref = next((r for r in routine.exercises if ex.offered_after in r.keys), None)
        if ref is None:  # a routine file names one of its own exercises (checked when read)
            continue
        clean = clean_count(ref, newest)
        first_offer = not any(touched(s, ex) for s in newest)
        if clean < CLEAN_SESSIONS or (held is not None and first_offer):
            out[ex.key] = Waiting(ex.key, ex.name, ref.name, clean,
                                  held if first_offer else None)
    return out

"""Statistics over saved sessions: pure functions, no UI.

Days are the user's local calendar days (pass `tz` to choose another zone; tests do).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from coretimer.models import Kind, SessionRecord


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    return moment.astimezone(tz).date()


def day_streak(sessions: Iterable[SessionRecord], today: date, tz: tzinfo | None = None) -> int:
    """Consecutive days with a session, ending today (or yesterday, if today is not done yet).

    Every session counts as showing up, including one stopped for pain.
    """
    days = {local_day(s.started_at, tz) for s in sessions}
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def last_session(sessions: Iterable[SessionRecord]) -> SessionRecord | None:
    return max(sessions, key=lambda s: s.started_at, default=None)


def last_done(sessions: Iterable[SessionRecord]) -> dict[str, datetime]:
    """When each routine (by id) was last started."""
    out: dict[str, datetime] = {}
    for s in sessions:
        if s.routine not in out or s.started_at > out[s.routine]:
            out[s.routine] = s.started_at
    return out


def best_in(session: SessionRecord, exercise: str, kind: Kind) -> float | None:
    """The best set of an exercise in one session: longest hold or most reps."""
    values = [x.achieved for x in session.sets if x.exercise == exercise and x.kind == kind]
    return max(values) if values else None


@dataclass(frozen=True)
class Comparison:
    exercise: str
    kind: Kind
    today: float
    last_time: float | None
    """The same exercise the last time this routine was done."""
    best_before: float | None
    """The best ever before today, in any routine."""

    @property
    def is_record(self) -> bool:
        return self.today > 0 and (self.best_before is None or self.today > self.best_before)


def compare(session: SessionRecord, history: Sequence[SessionRecord]) -> list[Comparison]:
    """Today's best set per exercise against last time and the best so far."""
    earlier = sorted((s for s in history if s.started_at < session.started_at and
                      s.id != session.id), key=lambda s: s.started_at)
    same_routine = [s for s in earlier if s.routine == session.routine]
    seen: dict[tuple[str, Kind], None] = {}
    for x in session.sets:
        seen.setdefault((x.exercise, x.kind), None)
    out: list[Comparison] = []
    for exercise, kind in seen:
        today = best_in(session, exercise, kind) or 0.0
        last = next((v for s in reversed(same_routine)
                     if (v := best_in(s, exercise, kind)) is not None), None)
        before = [v for s in earlier if (v := best_in(s, exercise, kind)) is not None]
        out.append(Comparison(exercise, kind, today, last, max(before) if before else None))
    return out

"""The summary's comparison: each exercise of a session just finished against the
sessions before it (last time, best so far), like with like."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from coretimer.coaching.summarise import Session, summaries
from coretimer.model.fields import Kind, Side
from coretimer.model.record import EndedBy, SessionRecord, SetResult

Like = tuple[str, Kind, int | None, Side | None]
"""What the summary compares like with like: an exercise's id, kind, level and side."""


@dataclass(frozen=True)
class Comparison:
    """One exercise of today's session (per kind, level and side) against before, like with
    like: only sets done in full are compared, with sets done in full."""

    exercise: str
    """Its name as the summary shows it: with its level's name, and its side."""
    kind: Kind
    today: float | None
    """Today's best set done in full (None: none was)."""
    last_time: float | None
    """The best set done in full the last time this routine had one of it, at this level and
    on this side."""
    best_before: float | None
    """The best set done in full ever before today, in any routine, at this level and on
    this side."""
    cut_short: int = 0
    """Today's sets of it that were not done in full (skipped ones aside)."""
    short_amount: float | None = None
    """The most done in a set cut short today (None: nobody counted it)."""
    short_by: EndedBy | None = None
    """How that set ended."""
    short_of: float | None = None
    """What that set aimed at (None: a max hold)."""
    skipped: int = 0
    """Today's sets of it skipped."""
    done_in_full: int = 0
    """Today's sets of it done in full (with `cut_short` and `skipped`, all of them)."""

    @property
    def is_record(self) -> bool:
        return bool(self.today) and (self.best_before is None or
                                     (self.today or 0) > self.best_before)


def compare(session: SessionRecord, history: Sequence[Session]) -> list[Comparison]:
    """Today's best set per exercise, kind, level and side against last time and the best so
    far: sets done in full only, on both sides of the comparison (`summaries.packed_of`)."""
    names: dict[Like, str] = {}
    full: dict[Like, float] = {}
    short: dict[Like, list[SetResult]] = {}
    skipped: Counter[Like] = Counter()
    done: Counter[Like] = Counter()
    for x in session.sets:
        like = (x.key, x.kind, x.level, x.side)
        names[like] = f"{x.title} ({x.side})" if x.side else x.title
        if x.skipped:
            skipped[like] += 1
        elif x.completed:
            done[like] += 1
            if x.achieved is not None:  # (a set done in full always says how much, but a
                full[like] = max(full.get(like, -1.0), x.achieved)  # file may not)
        else:
            short.setdefault(like, []).append(x)
    # Each earlier session's sets done in full, looked at once: per exercise, level and
    # side, the best of all and the last of the same routine.
    best: dict[Like, float] = {}
    last: dict[Like, tuple[datetime, float]] = {}
    for s in summaries(h for h in history
                       if h.started_at < session.started_at and h.id != session.id):
        same = s.routine == session.routine
        for key, kind, level, side, value in s.done:
            like = (key, kind, level, side)
            if like not in names:
                continue
            if value > best.get(like, -1.0):
                best[like] = value
            if same and (like not in last or s.started_at > last[like][0]):
                last[like] = (s.started_at, value)
    out = []
    for like, name in names.items():
        cut = short.get(like, [])
        counted = [x for x in cut if x.achieved is not None]
        most = max(counted, key=lambda x: x.achieved or 0.0) if counted else (
            cut[0] if cut else None)
        out.append(Comparison(
            name, like[1], full.get(like), last[like][1] if like in last else None,
            best.get(like), len(cut), None if most is None else most.achieved,
            None if most is None else most.ended_by, None if most is None else most.target,
            skipped[like], done[like]))
    return out

"""Trends over sessions: each exercise's best set, session by session (what the progress
screen and the statistics chart), and the pain reported per session."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from coretimer.coaching.summarise import Session, summaries
from coretimer.gcpause import gc_paused
from coretimer.model.summaries import KINDS, RECORD, UNIT, SessionSummary, unpack_bests
from coretimer.model.timeline import local_day

if TYPE_CHECKING:  # (the statistics read the index's summaries without pydantic)
    from coretimer.model.fields import Kind


class Point(NamedTuple):
    """One session's best set of an exercise (a tuple: tens of thousands are made per look)."""

    day: date
    value: float
    completed: bool = True
    """The session completed at least one set of the exercise."""


@dataclass
class Trend:
    """One exercise over time: the longest hold (s) or most reps per session. Skipped sets and
    sets cut short by pain never make a point. Kept column by column (a point per session
    over tens of thousands of sessions); `points` gives them as `Point`s."""

    exercise: str
    """Its display name (the latest one, if it was renamed)."""
    kind: Kind
    key: str = ""
    """Its stable id."""
    days: list[date] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    done: list[bool] = field(default_factory=list)
    """Per point: the session completed at least one set of the exercise."""

    def copy(self) -> Trend:
        return Trend(self.exercise, self.kind, self.key, self.days.copy(), self.values.copy(),
                     self.done.copy())

    @property
    def points(self) -> list[Point]:
        return [Point(*p) for p in zip(self.days, self.values, self.done, strict=True)]

    @property
    def best(self) -> float:
        return max(self.values)

    @property
    def latest(self) -> float | None:
        """The last session in which the exercise had a completed set (None: never)."""
        return next((v for v, d in zip(reversed(self.values), reversed(self.done),
                                       strict=True) if d), None)

    def change_over(self, days: int = 28) -> float | None:
        """Latest minus the last completed value at least `days` before it (None without
        one)."""
        done, days_ = self.done, self.days  # (points are in time order: look back from the end)
        latest = next((i for i in range(len(done) - 1, -1, -1) if done[i]), None)
        if latest is None:
            return None
        cutoff = days_[latest] - timedelta(days=days)
        older = next((i for i in range(latest, -1, -1) if done[i] and days_[i] <= cutoff), None)
        return None if older is None else self.values[latest] - self.values[older]


#: What the statistics know an exercise by: its id and its kind. One id done as a hold in
#: one routine and as reps in another (a person's own "Glute bridge" hold and the shipped
#: reps) is two exercises here: seconds and reps never go into one trend.
TrendKey = tuple[str, "Kind"]


@gc_paused()
def trends(sessions: Iterable[Session], tz: tzinfo | None = None, *,
           skip_routines: tuple[str, ...] = ()) -> dict[TrendKey, Trend]:
    """Per exercise (by id and kind), its best set in each session that did it, oldest
    first. Holds count only held seconds; reps count the reps done (a rep set cut short still
    counts what was done, unless pain cut it). Sessions of `skip_routines` are left out (the
    screen shows endurance tests on their own)."""
    return trends_with_and_without(summaries(sessions), tz, skip_routines)[1]


def trends_with_and_without(sessions: list[SessionSummary], tz: tzinfo | None,
                             skip_routines: tuple[str, ...]
                             ) -> tuple[dict[TrendKey, Trend], dict[TrendKey, Trend]]:
    """The trends of every session, and of those not of `skip_routines`: one pass for both
    (the hot loop of the statistics: a point per exercise per session). Until a skipped
    session first has an exercise, that exercise's two trends are the same: only the first is
    kept up, and the second is copied from it (at that moment, or at the end)."""
    every: dict[TrendKey, Trend] = {}
    kept: dict[TrendKey, Trend] = {}
    apart: set[TrendKey] = set()  # exercises a skipped session has had
    skip = frozenset(skip_routines)
    # Sessions of one routine have the same exercises, of the same kinds, in the same order:
    # per such list (the packed ids and kinds, as they are), the trends its points go to,
    # found once. Made again whenever an exercise comes apart.
    plans: dict[tuple[str, str], list[tuple[Trend | None, Trend | None]]] = {}
    for s in sorted(sessions, key=by_start):
        packed = s.packed_bests
        if not packed:
            continue
        day = local_day(s.started_at, tz)
        both = s.routine not in skip
        if both and "\\" not in packed:
            ids, kinds, values, done, names = packed.split(RECORD)
            labels = names.split(UNIT)
            plan = plans.get((ids, kinds))
            if plan is None:
                plan = plans[(ids, kinds)] = _plan(ids, kinds, labels, every, kept, apart)
            for (trend_, kept_), amount, completed_, name in zip(
                    plan, values.split(UNIT), done, labels, strict=True):
                value, finished = float(amount), completed_ == "1"
                if trend_ is not None:
                    trend_.exercise = name  # a renamed exercise shows its latest name
                    trend_.days.append(day)
                    trend_.values.append(value)
                    trend_.done.append(finished)
                if kept_ is not None:
                    kept_.exercise = name
                    kept_.days.append(day)
                    kept_.values.append(value)
                    kept_.done.append(finished)
            continue
        for key, kind, value, completed, name in unpack_bests(packed):
            pair = (key, kind)
            trend = every.get(pair)
            if not both and pair not in apart:
                apart.add(pair)
                plans.clear()
                if trend is not None:
                    kept[pair] = trend.copy()
            if trend is None:
                trend = every[pair] = Trend(name, kind, key)
            trend.exercise = name  # a renamed exercise shows its latest name
            trend.days.append(day)
            trend.values.append(value)
            trend.done.append(completed)
            if both and pair in apart:
                trend = kept.get(pair)
                if trend is None:
                    trend = kept[pair] = Trend(name, kind, key)
                trend.exercise = name
                trend.days.append(day)
                trend.values.append(value)
                trend.done.append(completed)
    for pair, trend in every.items():
        if pair not in apart:
            kept[pair] = trend.copy()
    return every, kept


def _plan(ids: str, kinds: str, labels: list[str], every: dict[TrendKey, Trend],
          kept: dict[TrendKey, Trend], apart: set[TrendKey]
          ) -> list[tuple[Trend | None, Trend | None]]:
    """Per best set of a session of both (see `trends_with_and_without`), the trend of every
    session its point goes to and the trend without the skipped routines it also goes to
    (None: not apart). Makes the trends not made yet, as the point-by-point way does at the
    same point."""
    plan: list[tuple[Trend | None, Trend | None]] = []
    for key, letter, name in zip(ids.split(UNIT), kinds, labels, strict=True):
        kind = KINDS[letter]
        pair = (key, kind)
        trend = every.get(pair)
        if trend is None:
            trend = every[pair] = Trend(name, kind, key)
        other = None
        if pair in apart:
            other = kept.get(pair)
            if other is None:
                other = kept[pair] = Trend(name, kind, key)
        plan.append((trend, other))
    return plan


def by_start(s: SessionSummary) -> datetime:
    return s.started_at


class PainPoint(NamedTuple):
    """One session's pain (a tuple: one per session is made per look)."""

    day: date
    baseline: int | None
    reports: tuple[int | None, ...]
    """Ratings of the session's pain reports (None: no rating). A 0 is not pain: left out."""


@gc_paused()
def pain_trend(sessions: Iterable[Session], tz: tzinfo | None = None) -> list[PainPoint]:
    return [PainPoint(local_day(s.started_at, tz), s.baseline_pain, s.pain_levels)
            for s in sorted(summaries(sessions), key=lambda s: s.started_at)]

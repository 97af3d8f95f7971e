"""Statistics over saved sessions: pure functions, no UI.

Days are the user's local calendar days (pass `tz` to choose another zone; tests do). Weeks are
ISO weeks, Monday to Sunday, whatever the locale.

Streak rules (the product's, written down once here):
- Showing up is what counts: every session counts, including one stopped for pain or ended
  early. A safe stop never breaks a streak.
- Weekly streak: consecutive ISO weeks that met the weekly target (default 3 sessions). The
  current week counts once it meets the target; until then it does not break the streak.
- Day streak: consecutive days, ending today, on which you trained or took a planned rest day.
  A day without a session is a rest day when its week met the weekly target; in the current
  week, when the target can still be met. Today does not break the streak before you train.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from coretimer.gcpause import gc_paused
from coretimer.models import Kind, SessionRecord

# --- days and weeks -----------------------------------------------------------------------------


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    return moment.astimezone(tz).date()


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Calendar:
    """Sessions per local day and per ISO week, computed once for all the streak rules."""

    per_day: Counter[date]
    per_week: Counter[date]

    @classmethod
    def of(cls, sessions: Iterable[SessionRecord], tz: tzinfo | None = None) -> Calendar:
        per_day = Counter(local_day(s.started_at, tz) for s in sessions)
        per_week: Counter[date] = Counter()
        for day, n in per_day.items():
            per_week[week_start(day)] += n
        return cls(per_day, per_week)

    def weekly_streak(self, today: date, target: int) -> int:
        week = week_start(today)
        if self.per_week[week] < target:
            week -= timedelta(days=7)
        streak = 0
        while self.per_week[week] >= target:
            streak += 1
            week -= timedelta(days=7)
        return streak

    def counts(self, day: date, today: date, target: int) -> bool:
        """Trained that day, or a planned rest day (see the module's rules)."""
        if self.per_day[day]:
            return True
        week = week_start(day)
        if week == week_start(today):  # the current week: can the target still be met?
            days_left = 7 - today.weekday()  # today included
            return self.per_week[week] + days_left >= target
        return self.per_week[week] >= target

    def _last_counted_day(self, today: date) -> date:
        return today if self.per_day[today] else today - timedelta(days=1)  # today is open

    def day_streak(self, today: date, target: int) -> int:
        if not self.per_day:
            return 0
        first = min(self.per_day)
        day = self._last_counted_day(today)
        streak = 0
        while day >= first and self.counts(day, today, target):
            streak += 1
            day -= timedelta(days=1)
        return streak

    def longest_day_streak(self, today: date, target: int) -> int:
        if not self.per_day:
            return 0
        best = run = 0
        day, end = min(self.per_day), self._last_counted_day(today)
        while day <= end:
            if self.counts(day, today, target):
                run += 1
                best = max(best, run)
            else:
                run = 0
            day += timedelta(days=1)
        return best


def weekly_streak(sessions: Iterable[SessionRecord], today: date, target: int = 3,
                  tz: tzinfo | None = None) -> int:
    """Consecutive ISO weeks that met the target, ending this week (or last week, while
    this one is still in progress and short of the target)."""
    return Calendar.of(sessions, tz).weekly_streak(today, target)


def day_streak(sessions: Iterable[SessionRecord], today: date, target: int = 3,
               tz: tzinfo | None = None) -> int:
    """Consecutive days ending today (trained or planned rest); see the module's rules.

    Only days since the first session count: rest needs something to rest from.
    """
    return Calendar.of(sessions, tz).day_streak(today, target)


def longest_day_streak(sessions: Iterable[SessionRecord], today: date, target: int = 3,
                       tz: tzinfo | None = None) -> int:
    return Calendar.of(sessions, tz).longest_day_streak(today, target)


def last_session(sessions: Iterable[SessionRecord]) -> SessionRecord | None:
    return max(sessions, key=lambda s: s.started_at, default=None)


NEXT_MORNING_FROM = timedelta(hours=12)
NEXT_MORNING_UNTIL = timedelta(hours=48)


def needs_next_morning(sessions: Iterable[SessionRecord], now: datetime) -> SessionRecord | None:
    """The last session, when it ended 12-48 h ago and its next morning was not asked yet."""
    last = last_session(sessions)
    if last is None or last.next_morning is not None:
        return None
    age = now - (last.ended_at or last.started_at)
    return last if NEXT_MORNING_FROM <= age <= NEXT_MORNING_UNTIL else None


def last_done(sessions: Iterable[SessionRecord]) -> dict[str, datetime]:
    """When each routine (by id) was last started."""
    out: dict[str, datetime] = {}
    for s in sessions:
        if s.routine not in out or s.started_at > out[s.routine]:
            out[s.routine] = s.started_at
    return out


# --- per exercise -------------------------------------------------------------------------------


def best_in(session: SessionRecord, exercise: str, kind: Kind) -> float | None:
    """The best set of an exercise in one session: longest hold, or most completed reps."""
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


@dataclass(frozen=True)
class Point:
    day: date
    value: float


@dataclass
class Trend:
    """One exercise over time: the longest hold (s) or most reps per session."""

    exercise: str
    kind: Kind
    points: list[Point] = field(default_factory=list)

    @property
    def best(self) -> float:
        return max(p.value for p in self.points)

    @property
    def latest(self) -> float:
        return self.points[-1].value

    def change_over(self, days: int = 28) -> float | None:
        """Latest minus the last value at least `days` before it (None without one)."""
        if not self.points:
            return None
        cutoff = self.points[-1].day - timedelta(days=days)
        older = [p for p in self.points if p.day <= cutoff]
        return self.latest - older[-1].value if older else None


@gc_paused()
def trends(sessions: Iterable[SessionRecord], tz: tzinfo | None = None, *,
           skip_routines: tuple[str, ...] = ()) -> dict[str, Trend]:
    """Per exercise, its best set in each session that did it, oldest first. Holds count only
    held seconds; reps count completed reps (a rep set cut short still counts what was done).
    Sessions of `skip_routines` are left out (the screen shows endurance tests on their own)."""
    out: dict[str, Trend] = {}
    for s in sorted(sessions, key=lambda s: s.started_at):
        if s.routine in skip_routines:
            continue
        best: dict[tuple[str, Kind], float] = {}
        for x in s.sets:
            key = (x.exercise, x.kind)
            value = x.achieved
            if value >= best.get(key, -1.0):
                best[key] = value
        day = local_day(s.started_at, tz)
        for (exercise, kind), value in best.items():
            trend = out.get(exercise)
            if trend is None:
                trend = out[exercise] = Trend(exercise, kind)
            if trend.kind == kind:
                trend.points.append(Point(day, value))
    return out


@dataclass(frozen=True)
class PainPoint:
    day: date
    baseline: int | None
    reports: tuple[int | None, ...]


@gc_paused()
def pain_trend(sessions: Iterable[SessionRecord], tz: tzinfo | None = None) -> list[PainPoint]:
    return [PainPoint(local_day(s.started_at, tz), s.baseline_pain,
                      tuple(p.level for p in s.pain))
            for s in sorted(sessions, key=lambda s: s.started_at)]


# --- the endurance test -------------------------------------------------------------------------

ENDURANCE_TEST = "endurance-test"
SIDE_GAP_LIMIT = 0.05
SIDE_TO_EXTENSOR_LIMIT = 0.75
FRONT_TO_EXTENSOR_LIMIT = 1.0


@dataclass(frozen=True)
class EnduranceResult:
    """The max holds of one endurance test and the ratios from McGill's torso endurance work."""

    day: date
    front: float | None
    side_left: float | None
    side_right: float | None
    extensor: float | None

    @property
    def side_gap(self) -> float | None:
        """Left/right difference as a share of the longer side."""
        if not self.side_left or not self.side_right:
            return None
        return abs(self.side_left - self.side_right) / max(self.side_left, self.side_right)

    @property
    def side_to_extensor(self) -> float | None:
        if not self.side_left or not self.side_right or not self.extensor:
            return None
        return (self.side_left + self.side_right) / 2 / self.extensor

    @property
    def front_to_extensor(self) -> float | None:
        if not self.front or not self.extensor:
            return None
        return self.front / self.extensor

    def notes(self) -> list[str]:
        """Plain-words reading of the ratios: a training guide, not a diagnosis."""
        out = []
        if (gap := self.side_gap) is not None:
            if gap > SIDE_GAP_LIMIT:
                weaker = "left" if (self.side_left or 0) < (self.side_right or 0) else "right"
                out.append(f"Your side planks differ by {gap:.0%}: the {weaker} side is behind. "
                           "Sides within about 5% of each other is the usual aim; give the "
                           "weaker side the same patient work.")
            else:
                out.append(f"Your side planks are balanced ({gap:.0%} apart).")
        if (ratio := self.side_to_extensor) is not None:
            verdict = ("below" if ratio < SIDE_TO_EXTENSOR_LIMIT else "above")
            out.append(f"Side plank to back-extensor hold: {ratio:.2f} ({verdict} the 0.75 often "
                       "quoted as a guide).")
        if (ratio := self.front_to_extensor) is not None:
            verdict = "below" if ratio < FRONT_TO_EXTENSOR_LIMIT else "above"
            out.append(f"Front plank to back-extensor hold: {ratio:.2f} ({verdict} 1.0; a front "
                       "much stronger than the back is worth balancing with back work).")
        return out


def endurance_results(sessions: Iterable[SessionRecord],
                      tz: tzinfo | None = None) -> list[EnduranceResult]:
    """Every endurance test, oldest first."""
    out = []
    for s in sorted(sessions, key=lambda s: s.started_at):
        if s.routine != ENDURANCE_TEST:
            continue

        def held(exercise: str, side: str | None, s: SessionRecord = s) -> float | None:
            values = [x.achieved for x in s.sets
                      if x.exercise == exercise and x.side == side and x.kind == "hold"]
            return max(values) if values else None

        out.append(EnduranceResult(local_day(s.started_at, tz), held("Front plank", None),
                                   held("Side plank", "left"), held("Side plank", "right"),
                                   held("Back-extensor hold", None)))
    return out


# --- the summary `coretimer stats --json` prints ------------------------------------------------


@dataclass(frozen=True)
class AllStats:
    """Everything the stats screen and `coretimer stats` show, computed in one pass each."""

    summary: dict[str, object]
    trends: dict[str, Trend]
    """Every session, by exercise name (what `stats --json` reports)."""
    training: dict[str, Trend]
    """The same without endurance tests, whose max holds would read as spikes."""
    pain: list[PainPoint]
    endurance: list[EnduranceResult]


@gc_paused()
def all_stats(sessions: Sequence[SessionRecord], today: date, weekly_target: int = 3,
              tz: tzinfo | None = None) -> AllStats:
    found = trends(sessions, tz)
    training = trends(sessions, tz, skip_routines=(ENDURANCE_TEST,))
    tests = endurance_results(sessions, tz)
    return AllStats(summary(sessions, today, weekly_target, tz, found, tests), found, training,
                    pain_trend(sessions, tz), tests)


@gc_paused()
def summary(sessions: Sequence[SessionRecord], today: date, weekly_target: int = 3,
            tz: tzinfo | None = None, found: dict[str, Trend] | None = None,
            tests: list[EnduranceResult] | None = None) -> dict[str, object]:
    """The `coretimer stats --json` object. `found` and `tests`: already computed trends and
    endurance results, when the caller has them."""
    calendar = Calendar.of(sessions, tz)
    exercises: dict[str, dict[str, object]] = {}
    found = trends(sessions, tz) if found is None else found
    for name, trend in sorted(found.items()):
        values = [p.value for p in trend.points]
        hold = trend.kind == "hold"
        exercises[name] = {
            "best_hold_seconds": max(values) if hold else None,
            "last_hold_seconds": values[-1] if hold else None,
            "best_reps": None if hold else max(values),
            "sessions": len(values),
        }
    tests = endurance_results(sessions, tz) if tests is None else tests
    latest = tests[-1] if tests else None
    return {
        "sessions": len(sessions),
        "current_streak_days": calendar.day_streak(today, weekly_target),
        "longest_streak_days": calendar.longest_day_streak(today, weekly_target),
        "weekly_streak": calendar.weekly_streak(today, weekly_target),
        "weekly_target": weekly_target,
        "week_starts": "monday (ISO weeks)",
        "pain_free_sessions": sum(1 for s in sessions if not s.pain),
        "stopped_for_pain": sum(1 for s in sessions if s.status == "stopped_for_pain"),
        "exercises": exercises,
        "endurance_test": None if latest is None else {
            "date": latest.day.isoformat(), "front_plank": latest.front,
            "side_plank_left": latest.side_left, "side_plank_right": latest.side_right,
            "back_extensor": latest.extensor, "side_gap": latest.side_gap,
            "side_to_extensor": latest.side_to_extensor,
            "front_to_extensor": latest.front_to_extensor,
        },
    }

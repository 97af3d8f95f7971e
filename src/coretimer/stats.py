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
from coretimer.models import Kind, SessionRecord, SetResult

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


def cut_by_pain(session: SessionRecord, x: SetResult) -> bool:
    """The set was ended by a pain report. Sessions from before schema version 3 did not say
    how a set ended: there, a set not completed in an exercise with pain against it counts."""
    if x.ended_by is not None:
        return x.ended_by == "pain"
    return not x.completed and bool(session.pain_against(x.exercise))


def best_in(session: SessionRecord, exercise: str, kind: Kind) -> float | None:
    """The best set of an exercise in one session: longest hold, or most reps. Skipped sets,
    sets whose amount nobody knows and sets cut short by pain do not count."""
    values = [v for x in session.sets if x.exercise == exercise and x.kind == kind
              and (v := x.amount) is not None and not cut_by_pain(session, x)]
    return max(values) if values else None


@dataclass(frozen=True)
class Comparison:
    exercise: str
    kind: Kind
    today: float | None
    """None when no set of it counts today (all skipped or cut short by pain)."""
    last_time: float | None
    """The same exercise the last time this routine was done."""
    best_before: float | None
    """The best ever before today, in any routine."""

    @property
    def is_record(self) -> bool:
        return bool(self.today) and (self.best_before is None or
                                     (self.today or 0) > self.best_before)


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
        today = best_in(session, exercise, kind)
        last = next((v for s in reversed(same_routine)
                     if (v := best_in(s, exercise, kind)) is not None), None)
        before = [v for s in earlier if (v := best_in(s, exercise, kind)) is not None]
        out.append(Comparison(exercise, kind, today, last, max(before) if before else None))
    return out


@dataclass(frozen=True)
class Point:
    day: date
    value: float
    completed: bool = True
    """The session completed at least one set of the exercise."""


@dataclass
class Trend:
    """One exercise over time: the longest hold (s) or most reps per session. Skipped sets and
    sets cut short by pain never make a point."""

    exercise: str
    kind: Kind
    points: list[Point] = field(default_factory=list)

    @property
    def best(self) -> float:
        return max(p.value for p in self.points)

    @property
    def latest(self) -> float | None:
        """The last session in which the exercise had a completed set (None: never)."""
        return next((p.value for p in reversed(self.points) if p.completed), None)

    def change_over(self, days: int = 28) -> float | None:
        """Latest minus the last completed value at least `days` before it (None without
        one)."""
        done = [p for p in self.points if p.completed]
        if not done:
            return None
        cutoff = done[-1].day - timedelta(days=days)
        older = [p for p in done if p.day <= cutoff]
        return done[-1].value - older[-1].value if older else None


@gc_paused()
def trends(sessions: Iterable[SessionRecord], tz: tzinfo | None = None, *,
           skip_routines: tuple[str, ...] = ()) -> dict[str, Trend]:
    """Per exercise, its best set in each session that did it, oldest first. Holds count only
    held seconds; reps count the reps done (a rep set cut short still counts what was done,
    unless pain cut it). Sessions of `skip_routines` are left out (the screen shows
    endurance tests on their own)."""
    out: dict[str, Trend] = {}
    for s in sorted(sessions, key=lambda s: s.started_at):
        if s.routine in skip_routines:
            continue
        best: dict[tuple[str, Kind], float] = {}
        completed: set[tuple[str, Kind]] = set()
        pained: set[str] | None = None  # worked out only when an old record needs it
        for x in s.sets:
            key = (x.exercise, x.kind)
            if x.completed:
                completed.add(key)
            value = x.achieved
            if value is None or x.skipped or x.ended_by == "pain":
                continue
            if x.ended_by is None and not x.completed:  # before schema 3: see cut_by_pain
                if pained is None:
                    pained = {n for p in s.pain if p.is_pain for n in p.exercises}
                if x.exercise in pained:
                    continue
            if value >= best.get(key, -1.0):
                best[key] = value
        day = local_day(s.started_at, tz)
        for (exercise, kind), value in best.items():
            trend = out.get(exercise)
            if trend is None:
                trend = out[exercise] = Trend(exercise, kind)
            if trend.kind == kind:
                trend.points.append(Point(day, value, (exercise, kind) in completed))
    return out


@dataclass(frozen=True)
class PainPoint:
    day: date
    baseline: int | None
    reports: tuple[int | None, ...]
    """Ratings of the session's pain reports (None: no rating). A 0 is not pain: left out."""


@gc_paused()
def pain_trend(sessions: Iterable[SessionRecord], tz: tzinfo | None = None) -> list[PainPoint]:
    return [PainPoint(local_day(s.started_at, tz), s.baseline_pain,
                      tuple(p.level for p in s.real_pain))
            for s in sorted(sessions, key=lambda s: s.started_at)]


# --- the endurance test -------------------------------------------------------------------------

ENDURANCE_TEST = "endurance-test"
#: Side bridges: right/left within this of 1.
SIDE_BALANCE_LIMIT = 0.05
#: Side bridge / extensor hold: below this, for each side.
SIDE_TO_EXTENSOR_LIMIT = 0.75
#: Front (flexor) / extensor hold: below this.
FRONT_TO_EXTENSOR_LIMIT = 1.0

ENDURANCE_SOURCE = (
    "Adapted from published torso endurance tests (McGill and colleagues): the front plank and "
    "the back-extensor hold stand in for the original flexor and extensor tests. A training "
    "guide, not a diagnosis.")


@dataclass(frozen=True)
class Held:
    """One max hold of the test: its time, and whether it ended the way a test hold should
    (with done, or its own clock), rather than by pain, skip or the end of the session."""

    seconds: float | None
    completed: bool


@dataclass(frozen=True)
class EnduranceResult:
    """The max holds of one endurance test and the ratios from McGill's torso endurance work.
    Ratios come only from a complete test: every hold done and ended with done."""

    day: date
    front_hold: Held
    left_hold: Held
    right_hold: Held
    extensor_hold: Held

    @property
    def front(self) -> float | None:
        return self.front_hold.seconds

    @property
    def side_left(self) -> float | None:
        return self.left_hold.seconds

    @property
    def side_right(self) -> float | None:
        return self.right_hold.seconds

    @property
    def extensor(self) -> float | None:
        return self.extensor_hold.seconds

    @property
    def complete(self) -> bool:
        return all(h.completed and h.seconds for h in (
            self.front_hold, self.left_hold, self.right_hold, self.extensor_hold))

    def _ratio(self, top: float | None, bottom: float | None) -> float | None:
        if not self.complete or not top or not bottom:
            return None
        return top / bottom

    @property
    def right_left(self) -> float | None:
        """Side plank right / left: the aim is within 0.05 of 1."""
        return self._ratio(self.side_right, self.side_left)

    @property
    def side_gap(self) -> float | None:
        """Left/right difference as a share of the longer side."""
        if not self.complete or not self.side_left or not self.side_right:
            return None
        return abs(self.side_left - self.side_right) / max(self.side_left, self.side_right)

    @property
    def left_to_extensor(self) -> float | None:
        return self._ratio(self.side_left, self.extensor)

    @property
    def right_to_extensor(self) -> float | None:
        return self._ratio(self.side_right, self.extensor)

    @property
    def front_to_extensor(self) -> float | None:
        return self._ratio(self.front, self.extensor)

    def notes(self) -> list[str]:
        """Plain-words reading of the ratios: each says its aim, and which side of it the
        result is. A training guide, not a diagnosis."""
        if not self.complete:
            return ["This test is incomplete: a hold was cut short by pain, skipped or not "
                    "reached, so no ratios are worked out. The holds are shown as they were."]
        out = []
        # Each verdict is about the number as shown (two decimals), so they never disagree.
        if (balance := _shown(self.right_left)) is not None:
            if abs(balance - 1) <= SIDE_BALANCE_LIMIT + 1e-9:
                out.append(f"Side plank right/left: {balance:.2f}. The aim is within 0.05 of "
                           "1, and yours is: your sides are balanced.")
            else:
                weaker = "left" if balance > 1 else "right"
                out.append(f"Side plank right/left: {balance:.2f}. The aim is within 0.05 of "
                           f"1; yours is outside it, with the {weaker} side behind. Give the "
                           f"{weaker} side the same patient work.")
        left, right = _shown(self.left_to_extensor), _shown(self.right_to_extensor)
        if left is not None and right is not None:
            over = [side for side, r in (("left", left), ("right", right))
                    if r >= SIDE_TO_EXTENSOR_LIMIT]
            head = (f"Side plank to back-extensor hold: left {left:.2f}, right {right:.2f}. "
                    "The aim is below 0.75")
            if not over:
                out.append(f"{head}, and both sides are.")
            else:
                sides = " and ".join(over)
                out.append(f"{head}; the {sides} {'is' if len(over) == 1 else 'are'} above "
                           "it, so the back extensors have some catching up to do.")
        if (front := _shown(self.front_to_extensor)) is not None:
            if front < FRONT_TO_EXTENSOR_LIMIT:
                out.append(f"Front plank to back-extensor hold: {front:.2f}. The aim is below "
                           "1.0, and yours is.")
            else:
                out.append(f"Front plank to back-extensor hold: {front:.2f}. The aim is below "
                           "1.0; yours is above it, so give the back extensors more "
                           "endurance work.")
        return out

    def summary_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(), "complete": self.complete,
            "front_plank": self.front, "side_plank_left": self.side_left,
            "side_plank_right": self.side_right, "back_extensor": self.extensor,
            "side_gap": self.side_gap, "right_left": self.right_left,
            "left_to_extensor": self.left_to_extensor,
            "right_to_extensor": self.right_to_extensor,
            "front_to_extensor": self.front_to_extensor,
        }


def _shown(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio, 2)


def _held(session: SessionRecord, exercise: str, side: str | None) -> Held:
    sets = [x for x in session.sets
            if x.exercise == exercise and x.side == side and x.kind == "hold"]
    values = [v for x in sets if (v := x.amount) is not None]
    return Held(max(values) if values else None, any(x.completed for x in sets))


def endurance_results(sessions: Iterable[SessionRecord],
                      tz: tzinfo | None = None) -> list[EnduranceResult]:
    """Every endurance test, oldest first."""
    return [EnduranceResult(local_day(s.started_at, tz), _held(s, "Front plank", None),
                            _held(s, "Side plank", "left"), _held(s, "Side plank", "right"),
                            _held(s, "Back-extensor hold", None))
            for s in sorted(sessions, key=lambda s: s.started_at) if s.routine == ENDURANCE_TEST]


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
            "last_hold_seconds": trend.latest if hold else None,
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
        "pain_free_sessions": sum(1 for s in sessions if not s.real_pain),
        "stopped_for_pain": sum(1 for s in sessions if s.status == "stopped_for_pain"),
        "exercises": exercises,
        "endurance_test": None if latest is None else latest.summary_json(),
    }

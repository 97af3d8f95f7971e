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

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal, NamedTuple

from coretimer.coaching.endurance import TEST_HOLDS, TEST_ROUTINES, EnduranceResult, with_earlier
from coretimer.coaching.pain_weeks import Climb, WeekPain, climbing, weekly_pain
from coretimer.coaching.streaks import Calendar as Calendar
from coretimer.coaching.streaks import day_streak as day_streak
from coretimer.coaching.streaks import last_done as last_done
from coretimer.coaching.streaks import last_session as last_session
from coretimer.coaching.streaks import longest_day_streak as longest_day_streak
from coretimer.coaching.streaks import weekly_streak as weekly_streak
from coretimer.coaching.summarise import endurance_of, summarise
from coretimer.gcpause import gc_paused
from coretimer.model.record import EndedBy, SessionRecord, SetResult
from coretimer.model.routine import Kind, Side
from coretimer.model.summaries import KINDS, RECORD, UNIT, SessionSummary, bests_of, unpack_bests
from coretimer.model.timeline import local_day

# --- days and weeks -----------------------------------------------------------------------------


# --- per exercise -------------------------------------------------------------------------------


def cut_by_pain(session: SessionRecord, x: SetResult) -> bool:
    """The set was ended by a pain report. Sessions from before schema version 3 did not say
    how a set ended: there, a set not completed in an exercise with pain against it counts."""
    if x.ended_by is not None:
        return x.ended_by == "pain"
    return not x.completed and bool(session.pain_against(x.key))


Session = SessionRecord | SessionSummary
"""A session as the statistics take it: a full record, or its summary from the index (which
carries each exercise's best set, so the statistics never need the full records)."""


def summaries(sessions: Iterable[Session]) -> list[SessionSummary]:
    return [s if isinstance(s, SessionSummary) else summarise(s, f"{s.id}.json")
            for s in sessions]


def best_in(session: Session, key: str, kind: Kind) -> float | None:
    """The best set of an exercise (by id) in one session: longest hold, or most reps. Skipped
    sets, sets whose amount nobody knows and sets cut short by pain do not count (see
    `summaries.bests_of`)."""
    bests = session.bests if isinstance(session, SessionSummary) else bests_of(session)
    return next((v for k, kd, v, _, _ in bests if k == key and kd == kind), None)


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
    far: sets done in full only, on both sides of the comparison (`summaries.done_of`)."""
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
TrendKey = tuple[str, Kind]


@gc_paused()
def trends(sessions: Iterable[Session], tz: tzinfo | None = None, *,
           skip_routines: tuple[str, ...] = ()) -> dict[TrendKey, Trend]:
    """Per exercise (by id and kind), its best set in each session that did it, oldest
    first. Holds count only held seconds; reps count the reps done (a rep set cut short still
    counts what was done, unless pain cut it). Sessions of `skip_routines` are left out (the
    screen shows endurance tests on their own)."""
    return _trends_with_and_without(summaries(sessions), tz, skip_routines)[1]


def _trends_with_and_without(sessions: list[SessionSummary], tz: tzinfo | None,
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
    for s in sorted(sessions, key=_started):
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
    """Per best set of a session of both (see `_trends_with_and_without`), the trend of every
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


def _started(s: SessionSummary) -> datetime:
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


# --- the summary `coretimer stats --json` prints ------------------------------------------------


@dataclass(frozen=True)
class ExerciseFigures:
    best_hold_seconds: float | None
    last_hold_seconds: float | None
    """From the last session with a completed set."""
    best_reps: float | None
    sessions: int
    id: str = ""
    """The exercise's id (with `kind`, what the statistics know it by)."""
    kind: Kind = "hold"


@dataclass(frozen=True)
class StatsSummary:
    """The figures `coretimer stats` and the progress screen show; JSON only at the CLI's edge
    (`to_json`, the documented `stats --json` shape)."""

    sessions: int
    current_streak_days: int
    longest_streak_days: int
    weekly_streak: int
    weekly_target: int
    pain_free_sessions: int
    """Sessions with no pain reported (a 0 is not pain) and not stopped for pain."""
    stopped_for_pain: int
    exercises: dict[str, ExerciseFigures]
    """By display name, sorted (a name two exercises share says which: `_shown_names`)."""
    endurance_test: EnduranceResult | None
    """The latest test."""
    weekly_pain: list[WeekPain] = dataclasses.field(default_factory=list)
    """The 0-10 at check-in and the next morning, averaged week by week."""
    pain_climbing: Climb | None = None
    """Pain at check-in or the next morning climbing week to week (then no step up)."""
    pain_reported_not_stopped: int = 0
    """Sessions with pain reported that were not stopped for it: with the two above, every
    session is one of the three."""

    def to_json(self) -> dict[str, object]:
        return {
            "sessions": self.sessions,
            "current_streak_days": self.current_streak_days,
            "longest_streak_days": self.longest_streak_days,
            "weekly_streak": self.weekly_streak,
            "weekly_target": self.weekly_target,
            "week_starts": "monday (ISO weeks)",
            "pain_free_sessions": self.pain_free_sessions,
            "stopped_for_pain": self.stopped_for_pain,
            "pain_reported_not_stopped": self.pain_reported_not_stopped,
            "exercises": {name: dataclasses.asdict(figures)
                          for name, figures in self.exercises.items()},
            "endurance_test": (None if self.endurance_test is None
                               else self.endurance_test.summary_json()),
            "weekly_pain": [{"week": w.week.isoformat(), "checkin": w.checkin,
                             "next_morning": w.morning} for w in self.weekly_pain],
            "pain_climbing": None if self.pain_climbing is None else {
                "measure": self.pain_climbing.measure,
                "weeks": [{"week": week.isoformat(), "average": value}
                          for week, value in self.pain_climbing.weeks]},
        }


@dataclass(frozen=True)
class AllStats:
    """Everything the stats screen and `coretimer stats` show, computed in one pass each."""

    summary: StatsSummary
    trends: dict[TrendKey, Trend]
    """Every session, by exercise id and kind (what `stats --json` reports)."""
    training: dict[TrendKey, Trend]
    """The same without endurance tests, whose max holds would read as spikes."""
    pain: list[PainPoint]
    endurance: list[EnduranceResult]


@gc_paused()
def all_stats(sessions: Sequence[Session], today: date, weekly_target: int = 3,
              tz: tzinfo | None = None) -> AllStats:
    # In time order once: each pass below sorts again, at the cost of a look at each.
    ordered = sorted(summaries(sessions), key=_started)
    found, training = _trends_with_and_without(ordered, tz, tuple(sorted(TEST_ROUTINES)))
    tests = tests_of(ordered, tz)
    return AllStats(summary(ordered, today, weekly_target, tz, found, tests), found, training,
                    pain_trend(ordered, tz), tests)


@gc_paused()
def tests_of(sessions: list[SessionSummary], tz: tzinfo | None = None
             ) -> list[EnduranceResult]:
    """Every endurance test (either version), oldest first, each with the earlier tests of
    its own version (`endurance.endurance_results`, from what the summaries keep of each
    test)."""
    return with_earlier([r for s in sorted(sessions, key=lambda s: s.started_at)
                         if s.test is not None and (r := endurance_of(s, tz)) is not None])


def summary(sessions: Sequence[Session], today: date, weekly_target: int = 3,
            tz: tzinfo | None = None, found: dict[TrendKey, Trend] | None = None,
            tests: list[EnduranceResult] | None = None) -> StatsSummary:
    """The summary. `found` and `tests`: already computed trends and endurance results, when
    the caller has them."""
    return StatsFacts.of(summaries(sessions), tz, found, tests).summary(today, weekly_target,
                                                                        tz)


PainKind = Literal["without", "reported", "stopped"]


def pain_kind(session: Session) -> PainKind:
    """Each session is one of three, so the counts add up: stopped for pain (whatever its
    reports say), else with pain reported (any report but a 0), else without pain."""
    if session.status == "stopped_for_pain":
        return "stopped"
    pained = (session.pain_levels if isinstance(session, SessionSummary)
              else session.real_pain)
    return "reported" if pained else "without"


class ExerciseLine(NamedTuple):
    """One exercise's figures over the whole history (`coretimer stats` prints a line each)."""

    key: str
    exercise: str
    kind: Kind
    best: float
    latest: float | None
    """The last session with a completed set."""
    sessions: int
    change: float | None
    """`Trend.change_over(28)`."""


@dataclass(frozen=True)
class StatsFacts:
    """What the summary says of a history whatever the day: the streaks and the pain climb
    are worked out from it for a given today (`summary`). Small whatever the history, and a
    function of the summaries alone (and the time zone): `stats_cache` keeps it for the
    index it was computed from."""

    sessions: int
    pain_free: int
    """Without pain and not stopped for pain: with the two below, every session is one of
    the three (see `pain_kinds`)."""
    stopped_for_pain: int
    pain_reported_not_stopped: int
    per_day: dict[date, int]
    exercises: tuple[ExerciseLine, ...]
    """Sorted by name, then id."""
    latest_test: SessionSummary | None
    weeks: tuple[WeekPain, ...]
    earlier_tests: tuple[SessionSummary, ...] = ()
    """Earlier tests of the latest's own version, oldest first: the first and the last three
    (its trend, as the summary shows it)."""

    @classmethod
    @gc_paused()
    def of(cls, sessions: list[SessionSummary], tz: tzinfo | None = None,
           found: dict[TrendKey, Trend] | None = None,
           tests: list[EnduranceResult] | None = None) -> StatsFacts:
        found = trends(sessions, tz) if found is None else found
        ordered = list(found.values())
        lines = tuple(sorted(
            (ExerciseLine(t.key, name, t.kind, t.best, t.latest, len(t.values),
                          t.change_over(28)) for t, name in zip(ordered, _shown_names(ordered),
                                                                strict=True)),
            key=lambda line: (line.exercise, line.key, line.kind)))
        tested: list[tuple[SessionSummary, str]] = []
        if tests is None or tests:
            tested = [(s, r.protocol.name) for s in sorted(sessions, key=_started)
                      if s.test is not None and (r := endurance_of(s, tz)) is not None]
        latest_test = tested[-1][0] if tested else None
        # Of the earlier tests, what the summary shows of the latest's trend: the first and
        # the last three of its own version (the files stay small whatever the history).
        mine = [s for s, version in tested[:-1] if version == tested[-1][1]]
        earlier = tuple(mine[:1] + mine[1:][-3:])
        per_day: dict[date, int] = {}
        for s in sessions:
            day = local_day(s.started_at, tz)
            per_day[day] = per_day.get(day, 0) + 1
        kinds = Counter(pain_kind(s) for s in sessions)
        return cls(len(sessions), kinds["without"], kinds["stopped"], kinds["reported"],
                   per_day, lines, latest_test, tuple(weekly_pain(sessions, tz)), earlier)

    def summary(self, today: date, weekly_target: int = 3,
                tz: tzinfo | None = None) -> StatsSummary:
        calendar = Calendar.of_days(Counter(self.per_day))
        exercises: dict[str, ExerciseFigures] = {}
        for line in self.exercises:
            hold = line.kind == "hold"
            exercises[line.exercise] = ExerciseFigures(
                best_hold_seconds=line.best if hold else None,
                last_hold_seconds=line.latest if hold else None,
                best_reps=None if hold else line.best, sessions=line.sessions,
                id=line.key, kind=line.kind)
        return StatsSummary(
            sessions=self.sessions,
            current_streak_days=calendar.day_streak(today, weekly_target),
            longest_streak_days=calendar.longest_day_streak(today, weekly_target),
            weekly_streak=calendar.weekly_streak(today, weekly_target),
            weekly_target=weekly_target,
            pain_free_sessions=self.pain_free,
            stopped_for_pain=self.stopped_for_pain,
            pain_reported_not_stopped=self.pain_reported_not_stopped,
            exercises=exercises,
            endurance_test=self.endurance_test(tz),
            weekly_pain=list(self.weeks),
            pain_climbing=climbing(list(self.weeks), today),
        )

    def endurance_test(self, tz: tzinfo | None = None) -> EnduranceResult | None:
        """The latest test, with the earlier tests of its own version (its trend)."""
        if self.latest_test is None:
            return None
        found = [r for s in (*self.earlier_tests, self.latest_test)
                 if (r := endurance_of(s, tz)) is not None]
        return with_earlier(found)[-1] if found else None


def _shown_names(found: Sequence[Trend]) -> list[str]:
    """Each exercise's name in the figures (keyed by name in `stats --json`), one name per
    exercise. A test hold that shares its name with another exercise (the adapted test's
    front plank and the training one) says which test it is. Exercises that still share a
    name (a person's "Glute bridge" hold and the shipped "Glute bridge" reps) each say their
    kind, or their id when the kind does not tell them apart."""
    named = Counter(t.exercise for t in found)
    shown = [_test_name(t, named) for t in found]
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(shown):
        groups.setdefault(name, []).append(i)
    for name, members in groups.items():
        if len(members) < 2:
            continue
        kinds = [found[i].kind for i in members]
        keys = [found[i].key for i in members]
        for i in members:
            if len(set(kinds)) == len(kinds):
                shown[i] = f"{name} ({found[i].kind})"
            elif len(set(keys)) == len(keys):
                shown[i] = f"{name} ({found[i].key})"
            else:
                shown[i] = f"{name} ({found[i].key}, {found[i].kind})"
    return shown


def _test_name(trend: Trend, named: Counter[str]) -> str:
    """A test hold that shares its name with another exercise says which test it is."""
    protocol = TEST_HOLDS.get(trend.key)
    if protocol is None or named[trend.exercise] < 2:
        return trend.exercise
    return f"{trend.exercise} ({protocol.title})"

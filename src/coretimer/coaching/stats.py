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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Literal, NamedTuple

from coretimer.coaching.endurance import EnduranceResult, with_earlier
from coretimer.coaching.endurance_protocols import TEST_HOLDS, TEST_ROUTINES
from coretimer.coaching.pain_weeks import Climb, WeekPain, climbing, weekly_pain
from coretimer.coaching.streaks import Calendar as Calendar
from coretimer.coaching.streaks import day_streak as day_streak
from coretimer.coaching.streaks import last_done as last_done
from coretimer.coaching.streaks import last_session as last_session
from coretimer.coaching.streaks import longest_day_streak as longest_day_streak
from coretimer.coaching.streaks import weekly_streak as weekly_streak
from coretimer.coaching.summarise import Session, endurance_of, summaries
from coretimer.coaching.trends import (
    PainPoint,
    Trend,
    TrendKey,
    by_start,
    pain_trend,
    trends,
    trends_with_and_without,
)
from coretimer.gcpause import gc_paused
from coretimer.model.summaries import SessionSummary
from coretimer.model.timeline import local_day

if TYPE_CHECKING:  # (`stats` reads the statistics saved in the index without pydantic)
    from coretimer.model.fields import Kind

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
    ordered = sorted(summaries(sessions), key=by_start)
    found, training = trends_with_and_without(ordered, tz, tuple(sorted(TEST_ROUTINES)))
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
    function of the summaries alone (and the time zone): `index.queries.stats_facts` saves
    it for the state of the index it was worked out from."""

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
            tested = [(s, r.protocol.name) for s in sorted(sessions, key=by_start)
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

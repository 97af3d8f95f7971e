"""Streaks and the last session: what home shows about the history.

Light on purpose (no pydantic): it works on full records and on the index's summaries alike,
so that home is filled from the index without building a model class. The rules are
`coretimer.coaching.stats`'s (written down there).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TypeVar

from coretimer.model.summaries import Listed, SessionSummary
from coretimer.model.timeline import local_day, week_start

#: A session as lists show it: a full record, or its summary from the index.
L = TypeVar("L", bound=Listed)


@dataclass(frozen=True)
class Calendar:
    """Sessions per local day and per ISO week, computed once for all the streak rules."""

    per_day: Counter[date]
    per_week: Counter[date]

    @classmethod
    def of(cls, sessions: Iterable[Listed], tz: tzinfo | None = None) -> Calendar:
        return cls.of_days(Counter(local_day(s.started_at, tz) for s in sessions))

    @classmethod
    def of_days(cls, per_day: Counter[date]) -> Calendar:
        """From the sessions per local day (as the index counts them for home)."""
        per_week: Counter[date] = Counter()
        for day, n in per_day.items():
            per_week[week_start(day)] += n
        return cls(per_day, per_week)

    def this_week(self, today: date) -> int:
        """Sessions so far in today's ISO week."""
        return self.per_week[week_start(today)]

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

    def _whole_week(self, day: date, today: date, target: int) -> date | None:
        """The Monday of `day`'s week when every day of it counts (a past week that met the
        target): the streaks take such a week in one step, not day by day."""
        week = week_start(day)
        return week if week != week_start(today) and self.per_week[week] >= target else None

    def day_streak(self, today: date, target: int) -> int:
        if not self.per_day:
            return 0
        first = min(self.per_day)
        day = self._last_counted_day(today)
        streak = 0
        while day >= first:
            if (week := self._whole_week(day, today, target)) is not None:
                start = max(week, first)  # (back to its Monday, or the first day)
                streak += (day - start).days + 1
                day = start - timedelta(days=1)
                continue
            if not self.counts(day, today, target):
                break
            streak += 1
            day -= timedelta(days=1)
        return streak

    def longest_day_streak(self, today: date, target: int) -> int:
        if not self.per_day:
            return 0
        best = run = 0
        day, end = min(self.per_day), self._last_counted_day(today)
        while day <= end:
            if (week := self._whole_week(day, today, target)) is not None:
                last = min(week + timedelta(days=6), end)  # (on to its Sunday, or the end)
                run += (last - day).days + 1
                best = max(best, run)
                day = last + timedelta(days=1)
                continue
            if self.counts(day, today, target):
                run += 1
                best = max(best, run)
            else:
                run = 0
            day += timedelta(days=1)
        return best


def weekly_streak(sessions: Iterable[Listed], today: date, target: int = 3,
                  tz: tzinfo | None = None) -> int:
    """Consecutive ISO weeks that met the target, ending this week (or last week, while
    this one is still in progress and short of the target)."""
    return Calendar.of(sessions, tz).weekly_streak(today, target)


def day_streak(sessions: Iterable[Listed], today: date, target: int = 3,
               tz: tzinfo | None = None) -> int:
    """Consecutive days ending today (trained or planned rest); see the module's rules.

    Only days since the first session count: rest needs something to rest from.
    """
    return Calendar.of(sessions, tz).day_streak(today, target)


def longest_day_streak(sessions: Iterable[Listed], today: date, target: int = 3,
                       tz: tzinfo | None = None) -> int:
    return Calendar.of(sessions, tz).longest_day_streak(today, target)


def last_session(sessions: Iterable[L]) -> L | None:
    return max(sessions, key=lambda s: s.started_at, default=None)


def last_done(sessions: Iterable[Listed]) -> dict[str, datetime]:
    """When each routine (by id) was last started."""
    out: dict[str, datetime] = {}
    for s in sessions:
        if s.routine not in out or s.started_at > out[s.routine]:
            out[s.routine] = s.started_at
    return out


@dataclass(frozen=True)
class HomeFacts:
    """Sessions per local day (the streaks), the last session (and its next-morning
    question), when each routine was last done, and the newest endurance test."""

    per_day: dict[date, int]
    last: SessionSummary | None
    last_done: dict[str, datetime]
    latest_test: SessionSummary | None
    count: int

    @classmethod
    def of(cls, sessions: list[SessionSummary], tz: tzinfo | None = None) -> HomeFacts:
        return cls(dict(Calendar.of(sessions, tz).per_day), last_session(sessions),
                   last_done(sessions),
                   last_session(s for s in sessions if s.test is not None), len(sessions))

"""Pain over weeks, the way the pain-monitoring model reads it: pain may come during exercise,
but it should settle by the next morning and not climb from week to week (Silbernagel et al.,
Am J Sports Med 2007). Pure functions over saved sessions; no Textual.

Two numbers are followed week by week (ISO weeks, Monday to Sunday, local time): the 0-10
given at the check-in before a session, and the 0-10 given the next morning. Pain *climbs*
when, for either number, the weekly averages of the last three weeks that have one each
rose twice in a row and by at least 1 point in total, or the latest week's rose by 2 points or
more over the week before (about the smallest change on the 0-10 scale a person notices as
real). A rise of a few tenths a week is noise, not a climb. Only a climb that reaches the
present counts: its latest week is this week or last week.

Also here: the pain reported during each exercise in the last 4 weeks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Literal

from coretimer.model.timeline import local_day, week_start

if TYPE_CHECKING:  # (the statistics read the index's summaries without pydantic)
    from coretimer.model.record import PainReport, SessionRecord
    from coretimer.model.summaries import SessionSummary

#: A rise of this many points from one week to the next counts as a climb on its own.
MEANINGFUL_RISE = 2.0
#: Over three weeks that rose twice in a row, a rise of this many points in total is a climb.
RISE_OVER_THREE_WEEKS = 1.0
#: The window of the per-exercise pain history the preview shows.
RECENT = timedelta(days=28)

Measure = Literal["check-in", "next morning"]


@dataclass(frozen=True)
class WeekPain:
    week: date
    """The Monday of the week."""
    checkin: float | None
    """The average 0-10 at check-in that week (None: none given)."""
    morning: float | None
    """The average 0-10 the next morning, for that week's sessions (None: none given)."""


def weekly_pain(sessions: Iterable[SessionRecord | SessionSummary],
                tz: tzinfo | None = None) -> list[WeekPain]:
    """Week by week, oldest first; only weeks with at least one of the two numbers."""
    checkin: dict[date, list[int]] = defaultdict(list)
    morning: dict[date, list[int]] = defaultdict(list)
    for s in sessions:
        week = week_start(local_day(s.started_at, tz))
        if s.baseline_pain is not None:
            checkin[week].append(s.baseline_pain)
        if s.next_morning_pain is not None:
            morning[week].append(s.next_morning_pain)
    return [WeekPain(week, _mean(checkin.get(week)), _mean(morning.get(week)))
            for week in sorted(set(checkin) | set(morning))]


def _mean(values: list[int] | None) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Climb:
    measure: Measure
    weeks: tuple[tuple[date, float], ...]
    """The weeks it climbed over, oldest first, with their averages."""

    def text(self) -> str:
        steps = " → ".join(f"{value:.1f}" for _, value in self.weeks)
        return (f"your back's pain at {self.measure} has climbed week to week "
                f"({steps} out of 10)")


def climbing(weeks: Sequence[WeekPain], today: date) -> Climb | None:
    """The climb that reaches this week or last, if the pain at check-in or the next morning
    is climbing (the next morning first: it says most about how the back took the work)."""
    recent_enough = week_start(today) - timedelta(days=7)
    for measure in ("next morning", "check-in"):
        points = [(w.week, v) for w in weeks
                  if (v := (w.morning if measure == "next morning" else w.checkin)) is not None]
        if not points or points[-1][0] < recent_enough:
            continue
        last3 = points[-3:]
        if (len(last3) == 3 and last3[0][1] < last3[1][1] < last3[2][1]
                and last3[2][1] - last3[0][1] >= RISE_OVER_THREE_WEEKS - 1e-9):
            return Climb(measure, tuple(last3))
        last2 = points[-2:]
        if len(last2) == 2 and last2[1][1] - last2[0][1] >= MEANINGFUL_RISE - 1e-9:
            return Climb(measure, tuple(last2))
    return None


def pain_climbing(sessions: Iterable[SessionRecord | SessionSummary], now: datetime,
                  tz: tzinfo | None = None) -> Climb | None:
    return climbing(weekly_pain(sessions, tz), local_day(now, tz))


@dataclass(frozen=True)
class ExercisePain:
    """Pain reported during one exercise in the last 4 weeks."""

    key: str
    reports: tuple[tuple[date, int | None], ...]
    """Each report's day and rating (None: no rating given, treated as a spike), oldest first."""

    def text(self) -> str:
        shown = ", ".join(f"{day:%d %b}: {'no rating' if level is None else f'{level}/10'}"
                          for day, level in self.reports[-3:])
        more = f" and {len(self.reports) - 3} earlier" if len(self.reports) > 3 else ""
        count = len(self.reports)
        return (f"pain reported during it {count} time{'' if count == 1 else 's'} in the last "
                f"4 weeks ({shown}{more})")


def exercise_pain(sessions: Iterable[SessionRecord], now: datetime,
                  tz: tzinfo | None = None) -> dict[str, ExercisePain]:
    """By exercise id: the pain reports counted against it in the 4 weeks before `now`."""
    found: dict[str, list[PainReport]] = defaultdict(list)
    for s in sessions:
        if now - (s.ended_at or s.started_at) > RECENT or s.started_at > now:
            continue
        for report in s.real_pain:
            for key in report.exercises:
                found[key].append(report)
    return {key: ExercisePain(key, tuple((local_day(r.at, tz), r.level)
                                         for r in sorted(reports, key=lambda r: r.at)))
            for key, reports in found.items()}


def pain_of(found: dict[str, ExercisePain], keys: Iterable[str]) -> ExercisePain | None:
    """The pain `exercise_pain` found under any of an exercise's ids (its own and its
    aliases), as one."""
    parts = [found[key] for key in keys if key in found]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    first = sorted(parts, key=lambda p: p.key)[0]
    reports = sorted({r for p in parts for r in p.reports}, key=lambda r: (r[0], r[1] or -1))
    return ExercisePain(first.key, tuple(reports))

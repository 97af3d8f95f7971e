"""A year of training through the real coaching code (issue 22): does a person who trains
cleanly three times a week actually move forward, and is a stop for pain ever followed by a
step up?

The person (tests/weeks.py): three sessions a week on three different days at a random time
of day (06:00-22:00), coretimer opened only to train, every next-morning question answered
"better" when it is asked, every suggestion taken. Three years of it are run for each
schedule seed:

- clean: no pain at all;
- low pain: a 1/10 or 2/10 (check-in 1/10, so it never stops the session) during one
  exercise every other week, a different one each time: it must still progress;
- stops: a 6/10 that stops the session every 6 weeks (the morning after: "the same").

Printed: the session at which each exercise first steps up (worst over the seeds; target: by
the 4th), the weeks to reach each cap (worst over the seeds), the same with low pain, and the
step ups within 7 days after a stop (target: none, ever).

    python bench/coaching.py [--seeds N] [--weeks N] [--routine ID]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.weeks import Pain, Person, Visit  # noqa: E402 (the repository root is on sys.path)

FIRST = date(2026, 1, 5)  # a Monday


def schedule(weeks: int, seed: int) -> list[datetime]:
    """Three different days a week, each at a random minute from 06:00 to 22:00."""
    rnd = random.Random(seed)
    out = []
    for week in range(weeks):
        monday = datetime(FIRST.year, FIRST.month, FIRST.day, tzinfo=UTC) + timedelta(weeks=week)
        for day in sorted(rnd.sample(range(7), 3)):
            out.append(monday + timedelta(days=day, minutes=rnd.randrange(6 * 60, 22 * 60)))
    return out


@dataclass
class Year:
    person: Person
    visits: list[Visit]
    stops: list[datetime]
    """When each session stopped for pain ended."""


def a_year(routine_id: str, weeks: int, seed: int, kind: str) -> Year:
    from coretimer.routine.files import resolve

    loaded = resolve(routine_id, ROOT / ".no-config")
    rnd = random.Random(f"{seed}-{kind}")
    person = Person(routine_id, loaded.routine, baseline=1)
    if kind == "stops":
        person.answer = lambda _s: ("same", None)
    stops: list[datetime] = []
    last_pain_week = -1
    for at in schedule(weeks, seed):
        week = (at.date() - FIRST).days // 7
        pain = None
        if kind == "low" and week % 2 == 1 and week != last_pain_week:
            pain = Pain(rnd.randrange(0, 40), rnd.choice([1, 2]))
            last_pain_week = week
        elif kind == "stops" and week % 6 == 5 and week != last_pain_week:
            pain = Pain(rnd.randrange(0, 40), 6)
            last_pain_week = week
        visit = person.train(at, pain)
        if visit.record.status == "stopped_for_pain":
            stops.append(visit.record.ended_at or at)
    return Year(person, person.visits, stops)


AT_CAP = 0
"""A "first step up" of an exercise whose dose starts at its cap (nothing to step up to)."""


def firsts(year: Year) -> dict[str, int | None]:
    """Each exercise's first step up: at which of its own sessions it was suggested (1 = the
    first session it was in; an exercise offered later counts from there). AT_CAP for one
    that starts at its cap; None: never."""
    from coretimer.coaching.doses import cap

    out: dict[str, int | None] = {}
    seen: dict[str, int] = {}
    for visit in year.visits:
        done = {x.exercise for x in visit.record.sets}
        for s in visit.suggested:
            if s.direction == "up" and s.exercise not in out:
                out[s.exercise] = seen.get(s.exercise, 0) + 1
        for name in done:
            seen[name] = seen.get(name, 0) + 1
    for ex in year.person.routine.exercises:
        if ex.is_max_hold or ex.name in out:
            continue
        out[ex.name] = AT_CAP if not ex.levels and ex.target == cap(ex) else None
    return {ex.name: out[ex.name] for ex in year.person.routine.exercises
            if not ex.is_max_hold}


def weeks_to_cap(year: Year) -> dict[str, float | None]:
    """Weeks from the first session until each exercise was first done at its cap (at its
    top level, for one with levels it climbs through by itself)."""
    from coretimer.coaching.doses import cap

    start = year.visits[0].at
    out: dict[str, float | None] = {}
    for ex in year.person.routine.exercises:
        if ex.is_max_hold:
            continue
        top = ex
        if ex.levels:  # the top level progression takes it to (not one taken by choice)
            n = len(ex.levels)
            while n > 1 and ex.levels[n - 1].by_choice:
                n -= 1
            top = ex.at_level(n)
        reached = None
        for visit in year.visits:
            sets = [x for x in visit.record.sets if x.key in ex.keys and x.set == 1
                    and x.target is not None and (top.level is None or x.level == top.level)]
            if sets and sets[0].target is not None and sets[0].target >= cap(top):
                reached = (visit.at - start).days / 7
                break
        out[ex.name] = reached
    return out


def ups_after_stops(year: Year) -> int:
    return sum(1 for v in year.visits for s in v.suggested if s.direction == "up"
               and any(timedelta(0) <= v.at - stop <= timedelta(days=7) for stop in year.stops))


@dataclass
class Result:
    routine: str
    first_up: dict[str, int | None]
    cap_weeks: dict[str, float | None]
    low_first_up: dict[str, int | None]
    low_cap_weeks: dict[str, float | None]
    stops: int
    ups_after_stops: int


def worst(values: list[int | float | None]) -> int | float | None:
    return None if any(v is None for v in values) else max(v for v in values if v is not None)


def run(routine_id: str, weeks: int, seeds: int) -> Result:
    clean = [a_year(routine_id, weeks, seed, "clean") for seed in range(seeds)]
    low = [a_year(routine_id, weeks, seed, "low") for seed in range(seeds)]
    stops = [a_year(routine_id, weeks, seed, "stops") for seed in range(seeds)]

    def across(years: list[Year], f):  # type: ignore[no-untyped-def]
        each = [f(y) for y in years]
        return {name: worst([e[name] for e in each]) for name in each[0]}

    # (the first step up at a cap is AT_CAP = 0 in every year: worst() keeps it)

    return Result(routine_id, across(clean, firsts), across(clean, weeks_to_cap),
                  across(low, firsts), across(low, weeks_to_cap),
                  sum(len(y.stops) for y in stops), sum(ups_after_stops(y) for y in stops))


def text(result: Result, weeks: int, seeds: int) -> str:
    lines = [f"{result.routine}: {seeds} schedules of {weeks} weeks, 3 sessions a week"]
    lines.append(f"{'exercise (1st up: at its Nth session)':34} {'1st up':>7} {'to cap':>8} "
                 f"{'1st up, low pain':>17} {'to cap, low pain':>17}")
    def show(v: float | None) -> str:
        return "never" if v is None else "at cap" if v == AT_CAP else f"{v:g}"

    def wk(v: float | None) -> str:
        return "never" if v is None else f"{v:.1f} wk"

    for name in result.first_up:
        lines.append(f"{name[:34]:34} {show(result.first_up[name]):>7} "
                     f"{wk(result.cap_weeks[name]):>8} {show(result.low_first_up[name]):>17} "
                     f"{wk(result.low_cap_weeks[name]):>17}")
    lines.append(f"stops for pain: {result.stops}; step ups within 7 days after one: "
                 f"{result.ups_after_stops}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/coaching.py")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--routine", default="foundations")
    args = parser.parse_args(argv)
    print(text(run(args.routine, args.weeks, args.seeds), args.weeks, args.seeds))
    return 0


if __name__ == "__main__":
    sys.exit(main())

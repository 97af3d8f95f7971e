"""The training plan: which weekdays (and at what time) the person means to train, and what
is due from it on a given day. Pure: no Textual, no pydantic (`coretimer due` runs at every
shell prompt).

A plan is kept in the settings as {"days": ["mon", "wed", "fri"], "time": "18:00",
"routine": "foundations"}; the time and the routine may be left out (any time that day; the
last routine done).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

#: The weekdays as the plan writes them, Monday first (`date.weekday()` order).
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Whole words taken for a set of days.
DAY_GROUPS = {"daily": tuple(range(7)), "weekdays": tuple(range(5)), "weekends": (5, 6)}
DAYS_HELP = "mon, tue, wed, thu, fri, sat, sun (or a range like mon-fri, or daily)"


#: After more than this many days without a session, the next one starts a step back
#: (`progression`); `coretimer due` says so.
GAP_DAYS = 14


class PlanError(ValueError):
    """Input that is not a plan: the message says what, in one line."""


@dataclass(frozen=True)
class Plan:
    days: tuple[int, ...]
    """The weekdays to train on (0 = Monday), in order, each once, at least one."""
    at: time | None = None
    """The time of day (local); None: any time that day."""
    routine: str | None = None
    """The routine's id; None: the last routine done."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"days": [DAY_KEYS[d] for d in self.days]}
        if self.at is not None:
            out["time"] = self.at.strftime("%H:%M")
        if self.routine is not None:
            out["routine"] = self.routine
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Plan:
        """A plan as the settings keep it. Raises PlanError (one line) for anything else."""
        if not isinstance(data, dict):
            raise PlanError('must be an object like {"days": ["mon", "wed"], "time": "18:00"}')
        unknown = sorted(set(data) - {"days", "time", "routine"}, key=str)
        if unknown:
            raise PlanError(f'has a field it does not know: "{unknown[0]}"')
        days = data.get("days")
        if not isinstance(days, list) or not all(isinstance(d, str) for d in days):
            raise PlanError('"days" must be a list of days, like ["mon", "wed", "fri"]')
        at = data.get("time")
        if at is not None and not isinstance(at, str):
            raise PlanError('"time" must be a time of day, like "18:00"')
        routine = data.get("routine")
        if routine is not None and not (isinstance(routine, str) and _is_id(routine)):
            raise PlanError('"routine" must be a routine id, like "foundations"')
        return cls(parse_days(",".join(days)), None if at is None else parse_time(at), routine)

    def text(self) -> str:
        """"Monday, Wednesday and Friday at 18:00"."""
        names = [DAY_NAMES[d] for d in self.days]
        days = (names[0] if len(names) == 1 else
                "every day" if len(names) == 7 else
                ", ".join(names[:-1]) + " and " + names[-1])
        return days + ("" if self.at is None else f" at {self.at:%H:%M}")


def _is_id(text: str) -> bool:
    return 0 < len(text) <= 80 and all(c.isalnum() or c in "-_." for c in text) and text.isascii()


def parse_days(text: str) -> tuple[int, ...]:
    """"mon,wed,fri", "Monday, Thursday", "mon-fri", "daily", "weekdays": the weekdays, in
    order. Raises PlanError for an unknown day or an empty list."""
    found: set[int] = set()
    for part in text.replace(" ", ",").split(","):
        word = part.strip().lower()
        if not word:
            continue
        if word in DAY_GROUPS:
            found.update(DAY_GROUPS[word])
            continue
        if "-" in word:
            first, _, last = word.partition("-")
            a, b = _day(first, part), _day(last, part)
            found.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
            continue
        found.add(_day(word, part))
    if not found:
        raise PlanError(f"no days given: name at least one of {DAYS_HELP}")
    return tuple(sorted(found))


def _day(word: str, part: str) -> int:
    for i, (key, name) in enumerate(zip(DAY_KEYS, DAY_NAMES, strict=True)):
        if word == key or word == name.lower() or (len(word) >= 3 and name.lower()
                                                   .startswith(word)):
            return i
    raise PlanError(f'"{_shown(part.strip())}" is not a day: use {DAYS_HELP}')


def _shown(text: str) -> str:
    """What a person typed, cut short, with anything that is not printable escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[:20])


def parse_time(text: str) -> time:
    """"18:00", "7:30", "0730": a time of day. Raises PlanError for anything else."""
    word = text.strip()
    hours, sep, minutes = word.partition(":")
    if not sep and len(word) == 4:
        hours, minutes = word[:2], word[2:]
    if (hours.isdigit() and minutes.isdigit() and hours.isascii() and minutes.isascii()
            and len(hours) <= 2 and len(minutes) == 2
            and int(hours) < 24 and int(minutes) < 60):
        return time(int(hours), int(minutes))
    raise PlanError(f'"{_shown(word)}" is not a time of day: use 24-hour HH:MM, like 18:00')


def planned_on(plan: Plan, day: date) -> bool:
    return day.weekday() in plan.days


def moment(plan: Plan, day: date, tz: tzinfo | None = None) -> datetime | None:
    """When the plan's time falls on `day`, as an aware time in `tz` (None: the local zone,
    with its daylight-saving rules on that day); None when the plan has no time."""
    if plan.at is None:
        return None
    naive = datetime.combine(day, plan.at)
    return naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()


def next_planned(plan: Plan, today: date, done_today: bool) -> date:
    """The next day the plan asks for a session: today when it is a planned day and nothing
    was done yet, else the next planned day after today (a week on, for a one-day plan)."""
    if planned_on(plan, today) and not done_today:
        return today
    for ahead in range(1, 8):
        day = today + timedelta(days=ahead)
        if planned_on(plan, day):
            return day
    raise AssertionError("a plan has at least one day")  # (parse_days makes sure)


def routine_name(plan: Plan, names: dict[str, str], last_routine: str | None,
                 last_name: str | None) -> str | None:
    """The name of the routine the plan names, else of the last one done (`last_routine`,
    shown as `last_name`): from `names` (by id), else as the last session had it, else its
    id. None: a plan that names none, and no session yet."""
    routine = plan.routine or last_routine
    if routine is None:
        return None
    if routine in names:
        return names[routine]
    return last_name if routine == last_routine and last_name else routine


def home_line(plan: Plan, today: date, done_today: bool, routine_name: str | None) -> str:
    """What home says of the plan: "Today: planned · 18:00 · Foundations", or
    "Next: Wednesday 18:00 · Foundations"."""
    day = next_planned(plan, today, done_today)
    at = "" if plan.at is None else f"{plan.at:%H:%M}"
    tail = f" · {routine_name}" if routine_name else ""
    if day == today:
        return "Today: planned" + (f" · {at}" if at else "") + tail
    return f"Next: {DAY_NAMES[day.weekday()]}" + (f" {at}" if at else "") + tail


@dataclass(frozen=True)
class Due:
    """One thing `coretimer due` says: what it is (`kind`), its words, and the fields a
    `--format` template may use."""

    kind: str
    """"morning", "planned" or "gap"."""
    text: str
    fields: dict[str, str]


def what_is_due(plan: Plan | None, now: datetime, *, done_today: bool,
                routine_name: str | None, morning_day: str | None,
                last_ended: datetime | None) -> list[Due]:
    """What is due now, most pressing first: the next-morning question waiting (the weekday
    of the session it asks about, `morning_day`), a planned session not done yet today, a
    step back waiting after a gap of more than `GAP_DAYS` since the last session ended."""
    out = []
    if morning_day is not None:
        out.append(Due("morning", f"How was your back the morning after {morning_day}? "
                       "coretimer morning better|same|worse",
                       {"day": morning_day}))
    today = now.date()
    if plan is not None and planned_on(plan, today) and not done_today:
        name = routine_name or "your routine"
        at = moment(plan, today, now.tzinfo)
        if at is None:
            text = f"Core session planned today: {name}"
        elif now < at:
            text = f"Core session planned today at {plan.at:%H:%M}: {name}"
        else:
            text = f"Core session due now (planned {plan.at:%H:%M}): {name}"
        out.append(Due("planned", text, {"routine": name,
                                         "time": "" if plan.at is None else f"{plan.at:%H:%M}"}))
    if last_ended is not None and (now - last_ended).days > GAP_DAYS:
        days = (now - last_ended).days
        out.append(Due("gap", f"{days} days since your last session: the next one starts a "
                       "step back, gently", {"days": str(days)}))
    return out

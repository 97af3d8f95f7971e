"""`coretimer plan` (the days to train on, and the plan as a calendar file) and
`coretimer due` (one line for a shell prompt when something is due)."""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from coretimer import paths
from coretimer.cli.common import (
    EXIT_FAIL,
    EXIT_OK,
    Fail,
    Usage,
    output_target,
    read_settings,
    write_out,
)
from coretimer.coaching.plan import (
    DAY_KEYS,
    Due,
    Plan,
    PlanError,
    home_line,
    parse_days,
    parse_time,
    routine_name,
    what_is_due,
)
from coretimer.text.output import err
from coretimer.text.plaintext import clean

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from coretimer.model.summaries import SessionSummary
    from coretimer.settings import Settings

#: The fields a `due --format` template may use.
FIELDS = ("text", "kind", "routine", "time", "day", "days")
_FIELD = re.compile(r"\{([^{}]*)\}")
#: How far back the morning question looks (it is asked within a week).
MORNING_LOOK = timedelta(days=9)


def routine_names(config_dir: Path, cache_dir: Path) -> dict[str, str]:
    """Each routine's name by id, from the routine cards (kept in the cache: read without
    pydantic while no routine file changed)."""
    # (the routine cards only for the commands that name a routine)
    from coretimer.routine.cards import load_cards

    cards, _ = load_cards(config_dir, cache_dir)
    return {card.id: card.name for card in cards.cards}


def due_now(data_dir: str | None, now: datetime) -> list[Due]:
    """What is due at `now` (aware, local): from the plan in the settings and the history's
    index (only files that changed are read)."""
    # (the history's modules only when it is read: `plan --clear` and --help skip them)
    from coretimer.coaching.mornings import newest_answerable
    from coretimer.index.home import home_facts_if_unchanged
    from coretimer.index.queries import kept_in, load_summaries
    from coretimer.model.timeline import local_day
    from coretimer.store.history import Store

    settings = read_settings()
    store = Store(paths.data_dir(data_dir))
    since = now - MORNING_LOOK
    # At a prompt the history has mostly not changed since the last look: then the index is
    # asked as it is, without listing the folder (as home's first frame does).
    facts = home_facts_if_unchanged(store)
    if facts is not None:
        recent = kept_in(store)("started_us >= ?", (int(since.timestamp() * 1_000_000),))
    else:
        history = load_summaries(store, home=True, keep=True)
        if history.unreadable is not None:
            raise Fail(f"cannot read the history: {history.unreadable}")
        facts, recent = history.facts, history.shown(since=since)
    today = now.date()
    last = facts.last if facts is not None else None
    done_today = bool(facts and facts.per_day.get(today))
    waiting = newest_answerable(recent, now)
    morning_day = None
    if waiting is not None and (today - local_day(waiting.started_at)).days == 1:
        morning_day = f"{waiting.started_at.astimezone():%A}"
    name = None
    if settings.plan is not None:
        name = planned_routine_name(settings.plan, last)
    ended = None if last is None else (last.ended_at or last.started_at)
    return what_is_due(settings.plan, now, done_today=done_today, routine_name=name,
                       morning_day=morning_day, last_ended=ended)


def planned_routine_name(plan: Plan, last: SessionSummary | None,
                         names: dict[str, str] | None = None) -> str | None:
    """The name of the routine the plan names, or of the last one done (`routine_name`);
    `names`: the routines' names, when the command has read them already."""
    if names is None:
        names = routine_names(paths.config_dir(), paths.cache_dir())
    name = routine_name(plan, names, last and last.routine, last and last.routine_name)
    return None if name is None else clean(name)


def cmd_due(args: argparse.Namespace) -> int:
    """`coretimer due [--format TEMPLATE]`: one line, exit 0, when something is due; nothing,
    exit 1, otherwise."""
    template = args.template
    if template is not None:
        unknown = [f for f in _FIELD.findall(template) if f not in FIELDS]
        if unknown:
            raise Usage(f"--format: {{{unknown[0]}}} is not a field; the fields are "
                        + " ".join(f"{{{f}}}" for f in FIELDS))
    found = due_now(args.data_dir, datetime.now().astimezone())
    if not found:
        return EXIT_FAIL
    line = " · ".join(d.text for d in found)
    if template is not None:
        values = {"text": line, "kind": ",".join(d.kind for d in found)}
        for d in found:
            for key, value in d.fields.items():
                values.setdefault(key, value)
        line = _FIELD.sub(lambda m: values.get(m.group(1), ""), template)

    print(clean(line))
    return EXIT_OK


def cmd_plan(args: argparse.Namespace) -> int:
    """`coretimer plan [DAYS [TIME]] [--routine ID] [--clear] [--ics [-o FILE]]`."""
    if args.clear and (args.days or args.routine or args.ics):
        raise Usage("--clear takes nothing else: `coretimer plan --clear`")
    if args.output and not args.ics:
        raise Usage("-o goes with --ics: `coretimer plan --ics -o plan.ics`")
    if args.ics and (args.days or args.routine):
        raise Usage("--ics writes the plan as it is; set the plan first, then --ics")
    settings = read_settings()
    if args.ics:
        return _write_ics(args, settings)
    if args.clear:
        if settings.plan is None:
            print("No plan to remove.")
            return EXIT_OK
        _save(settings.replace(plan=None))
        print("Plan removed.")
        _refresh_reminders(settings.replace(plan=None), args.data_dir)
        return EXIT_OK
    if not args.days and not args.routine:
        return _show(settings, args.data_dir)
    plan = settings.plan
    try:
        if args.days:
            days = parse_days(args.days)
            at = None if args.time is None else parse_time(args.time)
            plan = Plan(days, at, plan.routine if plan is not None else None)
        elif plan is None:
            raise Usage("no plan yet to name a routine for: give the days too, e.g. "
                        f"`coretimer plan mon,wed,fri 18:00 --routine {args.routine}`")
    except PlanError as exc:
        raise Usage(str(exc)) from None
    names = None
    if args.routine:
        names = routine_names(paths.config_dir(), paths.cache_dir())
        if args.routine not in names:
            raise Usage(f"no routine with the id {args.routine!r}: `coretimer routines` lists "
                        "them")
        plan = Plan(plan.days, plan.at, args.routine)
    changed = settings.replace(plan=plan)
    _save(changed)
    print(f"Plan saved: {plan.text()}.")
    _show(changed, args.data_dir, heading=False, names=names)
    _refresh_reminders(changed, args.data_dir)
    return EXIT_OK


def _save(settings: Settings) -> None:
    # (writing the settings only when the plan changes)
    from coretimer.settings import save_settings, settings_path

    try:
        note = save_settings(paths.config_dir(), settings)
    except OSError as exc:
        raise Fail(f"{settings_path(paths.config_dir())}: the plan was not saved "
                   f"({exc.strerror or exc})") from None
    if note:
        err(note)


def _refresh_reminders(settings: Settings, data_dir: str | None) -> None:
    """Reminders that are installed follow the plan."""
    # (the reminders' modules only when the plan changed)
    from coretimer.cli.remind_commands import refresh_if_installed

    said = refresh_if_installed(settings, data_dir)
    if said:
        print(said)


def _show(settings: Settings, data_dir: str | None, *, heading: bool = True,
          names: dict[str, str] | None = None) -> int:
    # (the history's modules only when it is read)
    from coretimer.index.queries import load_summaries
    from coretimer.store.history import Store

    plan = settings.plan
    if plan is None:
        print("No plan yet. Set one, e.g.: coretimer plan mon,wed,fri 18:00")
        return EXIT_OK

    history = load_summaries(Store(paths.data_dir(data_dir)), home=True)
    facts = history.facts
    last = facts.last if facts is not None else None
    now = datetime.now().astimezone()
    name = planned_routine_name(plan, last, names)
    if heading:
        which = "" if plan.routine is not None else " (the last routine done)"
        print(clean(f"Plan: {plan.text()}" + (f" · {name}{which}" if name else "")))
    done_today = bool(facts and facts.per_day.get(now.date()))
    print(clean(home_line(plan, now.date(), done_today, name)))
    if settings.weekly_target is None:
        print(f"Weekly target: {settings.week_target} (the plan's days)")
    else:
        print(f"Weekly target: {settings.weekly_target} (set on its own; "
              '"weekly_target": null in the settings follows the plan)')
    return EXIT_OK


def _write_ics(args: argparse.Namespace, settings: Settings) -> int:
    plan = settings.plan
    if plan is None:
        raise Usage("no plan yet: set one first, e.g. `coretimer plan mon,wed,fri 18:00`")
    target = output_target(args, "not written")
    text = plan_ics(plan, planned_routine_name(plan, None) or "your routine",
                    datetime.now().astimezone())
    if not write_out(target, text):
        return EXIT_OK
    print(f"Wrote {target}: import it into your calendar (GNOME Calendar, Thunderbird, "
          "Google Calendar).")
    return EXIT_OK


#: iCalendar's two-letter days, Monday first.
ICS_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: How long a planned session is shown in the calendar.
SESSION_MINUTES = 30


def local_zone_name() -> str | None:
    """The IANA name of the local time zone (TZ, else /etc/localtime's link), when it is one
    zoneinfo knows; None otherwise (the calendar then keeps floating local times)."""
    # (zoneinfo only for --ics)
    from zoneinfo import ZoneInfo

    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if not name or name.startswith("/"):
            continue
        try:
            ZoneInfo(name)
        except (ValueError, OSError, KeyError):
            continue
        return name
    return None


def plan_ics(plan: Plan, routine_name: str, now: datetime) -> str:
    """The plan as an iCalendar file: one event repeating weekly on the plan's days, at its
    time in the local zone (a whole day when it has none), from the next planned day."""
    # (the calendar's libraries only for --ics)
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    from coretimer.coaching.plan import next_planned

    first = next_planned(plan, now.date(), done_today=False)
    calendar = Calendar()
    calendar.add("prodid", "-//coretimer//training plan//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", "plan-" + "-".join(DAY_KEYS[d] for d in plan.days) + "@coretimer")
    event.add("dtstamp", now.astimezone(ZoneInfo("UTC")))
    event.add("summary", f"Core session: {routine_name}")
    event.add("description", "Start with the check-in: how is your back right now? Stop on "
              "sharp or radiating pain, numbness or weakness.")
    zone = local_zone_name() if plan.at is not None else None
    if plan.at is None:
        event.add("dtstart", first)
        event.add("dtend", first + timedelta(days=1))
    else:
        start = datetime.combine(first, plan.at)
        event.add("dtstart", start.replace(tzinfo=ZoneInfo(zone)) if zone else start)
        event.add("duration", timedelta(minutes=SESSION_MINUTES))
    event.add("rrule", {"freq": "weekly", "byday": [ICS_DAYS[d] for d in plan.days]})
    calendar.add_component(event)
    if zone:
        calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")

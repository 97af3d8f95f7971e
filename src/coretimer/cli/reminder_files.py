"""What `coretimer remind` writes (systemd units, launchd agents, crontab lines), as text."""

from __future__ import annotations

import plistlib
import shlex
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from coretimer.coaching.plan import DAY_NAMES, Plan

#: When a plan has no time of day, its reminder comes at this time.
DEFAULT_AT = time(9, 0)
#: The next-morning question's nudge: every day at this time (it shows only when one waits).
MORNING_AT = time(8, 30)

#: The systemd units: each a .service and a .timer of this name.
REMINDER_UNIT, MORNING_UNIT = "coretimer-reminder", "coretimer-morning"
#: The launchd agents' labels (each in ~/Library/LaunchAgents/<label>.plist).
REMINDER_LABEL, MORNING_LABEL = "org.coretimer.reminder", "org.coretimer.morning"
#: The files each writes, the planned reminder's schedule second (systemd) or first.
SYSTEMD_FILES = tuple(f"{unit}.{kind}" for unit in (REMINDER_UNIT, MORNING_UNIT)
                      for kind in ("service", "timer"))
LAUNCHD_FILES = (f"{REMINDER_LABEL}.plist", f"{MORNING_LABEL}.plist")
#: The lines around coretimer's block in a crontab.
CRON_BEGIN = "# coretimer reminder: begin (`coretimer remind --uninstall` removes this block)"
CRON_END = "# coretimer reminder: end"
_CRON_MARK = "# coretimer reminder"
_SYSTEMD_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_HEADER = ("# Written by `coretimer remind --install`; `coretimer remind --uninstall` "
           "removes it.\n")


@dataclass(frozen=True)
class Schedule:
    """When a reminder fires: on these weekdays (0 = Monday), at this local time."""

    days: tuple[int, ...]
    at: time

    def text(self) -> str:
        """"Monday, Wednesday and Friday at 18:00"."""
        return Plan(self.days, self.at).text()


MORNING = Schedule(tuple(range(7)), MORNING_AT)


def schedule_of(plan: Plan) -> Schedule:
    return Schedule(plan.days, plan.at or DEFAULT_AT)


def next_fire(schedule: Schedule, now: datetime) -> datetime:
    """The first moment after `now` (aware) the schedule fires, in `now`'s zone."""
    local = now.astimezone()
    for ahead in range(8):
        day = local.date() + timedelta(days=ahead)
        if day.weekday() in schedule.days:
            at = datetime.combine(day, schedule.at).astimezone()
            if at > local:
                return at
    raise AssertionError("a schedule has at least one day")


def when_text(moment: datetime, now: datetime) -> str:
    """"today at 18:00", "tomorrow at 08:30", "Friday 4 December at 18:00"."""
    ahead = (moment.date() - now.astimezone().date()).days
    day = ("today" if ahead == 0 else "tomorrow" if ahead == 1 else
           f"{DAY_NAMES[moment.weekday()]} {moment.day} {moment:%B}")
    return f"{day} at {moment:%H:%M}"


@dataclass(frozen=True)
class Command:
    """The coretimer to run (the program and the options before `notify`), and the
    CORETIMER_* folders it is to see."""

    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()


# systemd ---------------------------------------------------------------------------------


def systemd_word(text: str, *, exec_line: bool) -> str:
    """`text` as one quoted word of a unit file: systemd unquotes it, undoes C escapes,
    expands "%" specifiers (and "$" variables on an Exec line), so each is escaped. A byte
    of a path that is not UTF-8 (a surrogate escape) is written as its \\x escape."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "%":
            out.append("%%")
        elif ch == "$" and exec_line:
            out.append("$$")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def systemd_exec(argv: list[str]) -> str:
    """An ExecStart= line's value. systemd expands "$" in the arguments but not in the
    program's path, and refuses a path with a quote, a backslash or a control character:
    ValueError for one."""
    program = argv[0]
    if any(c in "\"'\\" or ord(c) < 0x20 or ord(c) == 0x7F or 0xDC80 <= ord(c) <= 0xDCFF
           for c in program):
        raise ValueError(program)
    return " ".join([systemd_word(program, exec_line=False),
                     *(systemd_word(word, exec_line=True) for word in argv[1:])])


def on_calendar(schedule: Schedule) -> str:
    """"Mon,Wed,Fri *-*-* 18:00:00" (every day: "*-*-* 08:30:00")."""
    days = ("" if len(schedule.days) == 7 else
            ",".join(_SYSTEMD_DAYS[d] for d in schedule.days) + " ")
    return f"{days}*-*-* {schedule.at:%H:%M}:00"


def systemd_units(command: Command, schedule: Schedule) -> dict[str, str]:
    """The four unit files (name -> text): a timer and its service for the planned days,
    and the same for the next-morning question. ValueError: see `systemd_exec`."""
    out = {}
    for unit, when, args, what in (
            (REMINDER_UNIT, schedule, ("notify",), "the planned core session"),
            (MORNING_UNIT, MORNING, ("notify", "--morning"), "the next-morning question")):
        env = "".join(f"Environment={systemd_word(f'{k}={v}', exec_line=False)}\n"
                      for k, v in command.env)
        exec_start = systemd_exec([*command.argv, *args])
        out[f"{unit}.service"] = (
            f"{_HEADER}[Unit]\nDescription=coretimer: a reminder of {what}\n\n"
            # `notify` exits 1 when nothing is due: not a failure of the service.
            f"[Service]\nType=oneshot\nSuccessExitStatus=1\n{env}ExecStart={exec_start}\n")
        out[f"{unit}.timer"] = (
            f"{_HEADER}[Unit]\nDescription=coretimer: when to remind of {what}\n\n"
            f"[Timer]\nOnCalendar={on_calendar(when)}\nPersistent=false\n"
            f"Unit={unit}.service\n\n[Install]\nWantedBy=timers.target\n")
    return out


def timer_schedule(text: str) -> Schedule | None:
    """The schedule of a timer file `systemd_units` wrote; None for anything else."""
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() != "OnCalendar":
            continue
        *days, _date, clock = value.split()
        try:
            at = time.fromisoformat(clock)
            found = (tuple(range(7)) if not days else
                     tuple(_SYSTEMD_DAYS.index(d) for d in days[0].split(",")))
        except ValueError:
            return None
        return Schedule(found, at) if found else None
    return None


# launchd ---------------------------------------------------------------------------------


def launchd_plists(command: Command, schedule: Schedule) -> dict[str, bytes]:
    """The two agents (file name -> plist). launchd numbers weekdays from Sunday = 0.
    Raises ValueError for text a plist cannot hold (a control character in a path)."""
    out = {}
    for label, when, args in ((REMINDER_LABEL, schedule, ("notify",)),
                              (MORNING_LABEL, MORNING, ("notify", "--morning"))):
        times: list[dict[str, int]] = [
            {"Hour": when.at.hour, "Minute": when.at.minute}] if len(when.days) == 7 else [
            {"Weekday": (d + 1) % 7, "Hour": when.at.hour, "Minute": when.at.minute}
            for d in when.days]
        agent: dict[str, object] = {"Label": label,
                                    "ProgramArguments": [*command.argv, *args],
                                    "StartCalendarInterval": times}
        if command.env:
            agent["EnvironmentVariables"] = dict(command.env)
        out[f"{label}.plist"] = plistlib.dumps(agent)
    return out


def plist_schedule(data: bytes) -> Schedule | None:
    """The schedule of an agent `launchd_plists` wrote; None for anything else."""
    try:
        times = plistlib.loads(data).get("StartCalendarInterval")
        days = tuple(sorted({(t["Weekday"] + 6) % 7 for t in times if "Weekday" in t}))
        return Schedule(days or tuple(range(7)), time(times[0]["Hour"], times[0]["Minute"]))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
        return None


# cron ------------------------------------------------------------------------------------


def cron_block(command: Command, schedule: Schedule) -> list[str]:
    """coretimer's lines in a crontab. cron runs a line through /bin/sh and makes every
    unescaped "%" a newline. Raises ValueError for a path with a control character (a
    crontab line cannot hold it)."""
    words = [*(f"{k}={shlex.quote(v)}" for k, v in command.env),
             *(shlex.quote(w) for w in command.argv)]
    run = " ".join(words).replace("%", "\\%")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in run):
        raise ValueError("a crontab line cannot hold a control character")
    days = ",".join(str((d + 1) % 7) for d in schedule.days)
    at = schedule.at
    return [CRON_BEGIN,
            f"{at.minute} {at.hour} * * {days if len(schedule.days) < 7 else '*'} {run} notify",
            f"{MORNING_AT.minute} {MORNING_AT.hour} * * * {run} notify --morning",
            CRON_END]


def split_crontab(text: str) -> tuple[list[str], list[str]]:
    """A crontab's lines (each with its line end) as (every other line, coretimer's block
    without its line ends). Raises ValueError for a block that has no end."""
    others: list[str] = []
    ours: list[str] = []
    inside = False
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if not inside and bare.startswith(_CRON_MARK) and bare.strip() == CRON_BEGIN:
            inside = True
        if inside:
            ours.append(bare)
            inside = bare.strip() != CRON_END
        else:
            others.append(line)
    if inside:
        raise ValueError(f'has a "{CRON_BEGIN}" line but no "{CRON_END}" line after it')
    return others, ours


def crontab_with(text: str, block: list[str]) -> str:
    """The crontab `text` with coretimer's block replaced by `block` (none: removed); every
    other line is kept exactly."""
    others, _ = split_crontab(text)
    if block and others and not others[-1].endswith("\n"):
        others[-1] += "\n"
    return "".join(others) + "".join(line + "\n" for line in block)


def cron_schedule(block: list[str]) -> Schedule | None:
    """The schedule of the planned reminder in a block `cron_block` wrote; None otherwise."""
    for line in block:
        fields = line.split(None, 5)
        if len(fields) == 6 and fields[5].endswith(" notify"):
            try:
                at = time(int(fields[1]), int(fields[0]))
                days = (tuple(range(7)) if fields[4] == "*" else
                        tuple(sorted((int(d) + 6) % 7 for d in fields[4].split(","))))
            except ValueError:
                return None
            return Schedule(days, at)
    return None

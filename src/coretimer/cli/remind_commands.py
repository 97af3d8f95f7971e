"""`coretimer remind`: set up a desktop notification at the planned times (`notify`).

The reminders are a systemd user timer (Linux), a launchd agent (macOS) or a crontab block
(neither), all in the user's own folders: no root. `CORETIMER_REMIND_BACKEND=systemd`,
`launchd` or `cron` chooses one instead of the guess (tests; a machine guessed wrong).
"""

from __future__ import annotations

from datetime import datetime

from coretimer.cli import reminder_files as rf
from coretimer.cli.common import EXIT_OK, Fail, Usage, read_settings
from coretimer.cli.reminder_backends import (
    BACKENDS,
    NO_PLAN,
    Found,
    choose_backend,
    install,
    installed,
    running_command,
    uninstall,
)
from coretimer.text.output import err
from coretimer.text.plaintext import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from coretimer.settings import Settings

# the commands ------------------------------------------------------------------------------


def cmd_remind(args: argparse.Namespace) -> int:
    settings = read_settings()
    command = running_command(args.data_dir)
    plan_at = None if settings.plan is None else rf.schedule_of(settings.plan)
    if args.install:
        if plan_at is None:
            raise Usage(NO_PLAN)
        lines = install(plan_at, command)
        print("\n".join(lines))
        print(_when(plan_at))
        return EXIT_OK
    everything = installed(command, plan_at)
    if args.uninstall:
        if not everything:
            print("no reminders are installed: nothing to remove")
        for found in everything:
            print("\n".join(uninstall(found)))
        return EXIT_OK
    return _status(everything, plan_at)


def _when(plan_at: rf.Schedule) -> str:
    default = (" (the plan has no time: 09:00 is the default)"
               if plan_at.at == rf.DEFAULT_AT else "")
    return (f"a reminder {plan_at.text()}{default}, and a next-morning question at 08:30 "
            "when one is waiting")


def _status(everything: list[Found], plan_at: rf.Schedule | None) -> int:
    now = datetime.now().astimezone()
    if not everything:
        try:
            would = f" (here they would be {BACKENDS[choose_backend()]})"
        except Fail as exc:
            would = f" ({exc})"
        print(f"reminders: not installed{would}")
        print("set them up with `coretimer remind --install`" if plan_at is not None
              else NO_PLAN)
        return EXIT_OK
    for found in everything:
        print(f"reminders: installed as {BACKENDS[found.backend]}")
        for where in found.where:
            print(f"  {clean(where)}")
        if found.schedule is not None:
            default = " (the plan has no time: 09:00, the default)" if (
                plan_at is not None and plan_at == found.schedule
                and plan_at.at == rf.DEFAULT_AT) else ""
            nxt = rf.next_fire(found.schedule, now)
            print(f"next reminder: {rf.when_text(nxt, now)} "
                  f"({found.schedule.text()}){default}")
        morning = rf.next_fire(rf.MORNING, now)
        print(f"next-morning question: {rf.when_text(morning, now)}, when one is waiting")
        if plan_at is None:
            err("warning: there is no plan any more: set one and run `coretimer remind "
                "--install` again, or remove the reminders with `coretimer remind --uninstall`")
        elif found.schedule != plan_at:
            err(f"warning: the plan changed since the reminders were installed (it is now "
                f"{plan_at.text()}): run `coretimer remind --install` again")
        elif not found.current:
            err("warning: the reminders run another coretimer or see other folders than this "
                "one: run `coretimer remind --install` again")
    return EXIT_OK


def refresh_if_installed(settings: Settings, data_dir: str | None = None) -> str | None:
    """After the plan changed: bring installed reminders up to date (none left without a
    plan). A line saying what was done, or None when nothing was installed or changed."""
    command = running_command(data_dir)
    plan_at = None if settings.plan is None else rf.schedule_of(settings.plan)
    try:
        everything = installed(command, plan_at)
        if not everything or all(f.current for f in everything):
            return None
        if plan_at is None:
            for found in everything:
                uninstall(found)
            return "the reminders are removed too (no plan to remind of)"
        install(plan_at, command)
    except Fail as exc:
        return f"the reminders could not be updated: {exc}"
    return f"the reminders follow the new plan: {plan_at.text()}"

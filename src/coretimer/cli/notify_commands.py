"""`coretimer notify`: the reminder itself, shown now as a desktop notification (or printed)
when the plan or the next-morning question has something due; the timers run it."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from coretimer.cli.common import EXIT_FAIL, EXIT_OK
from coretimer.cli.reminder_backends import WAIT, run
from coretimer.text.output import err
from coretimer.text.plaintext import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

CHECK_IN = "Begin with the check-in: how does your back feel right now?"


def cmd_notify(args: argparse.Namespace) -> int:
    # (only this command reads the plan and the history)
    from coretimer.cli.plan_commands import due_now

    dues = due_now(args.data_dir, datetime.now().astimezone())
    kind = "morning" if args.morning else "planned"
    due = next((d for d in dues if d.kind == kind), None)
    if due is None:
        return EXIT_FAIL  # nothing due: no notification, nothing said
    if args.morning:
        return show("The morning after", clean(due.text))
    return show("Core session", f"{clean(due.text)}. {CHECK_IN}")


def show(title: str, body: str) -> int:
    """A desktop notification (notify-send, else osascript), else the text on stdout."""
    if path := shutil.which("notify-send"):
        env = dict(os.environ)
        bus = Path(f"/run/user/{os.getuid()}/bus") if hasattr(os, "getuid") else None
        if not env.get("DBUS_SESSION_BUS_ADDRESS") and bus is not None and bus.exists():
            env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={bus}"  # (cron sets none)
        markup = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        argv = [path, "--app-name=coretimer", "--", title, markup]
        try:
            done = subprocess.run(argv, env=env, capture_output=True, timeout=WAIT,
                                  check=False)
            if done.returncode == 0:
                return EXIT_OK
            why = f"exit {done.returncode}"
        except (OSError, subprocess.SubprocessError) as exc:
            why = str(exc)
        err(f"notify-send could not show the reminder ({why}): here it is instead")
    elif path := shutil.which("osascript"):
        script = f"display notification {_applescript(body)} with title {_applescript(title)}"
        code, said = run([path, "-e", script])
        if code == 0:
            return EXIT_OK
        err(f"osascript could not show the reminder ({said}): here it is instead")
    print(f"{title}: {body}")
    return EXIT_OK


def _applescript(text: str) -> str:
    """`text` as an AppleScript string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


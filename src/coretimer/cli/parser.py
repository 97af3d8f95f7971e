"""The command line's arguments, and `coretimer --help` as text (printed without argparse)."""

from __future__ import annotations

from coretimer import __version__

# `typing` and `argparse` cost milliseconds that `coretimer --help` should not pay.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def build_parser() -> argparse.ArgumentParser:
    # (argparse only to parse a command: `--help` and `--version` print stored text)
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(
        prog="coretimer",
        description="A terminal coach for back-safe core training. With no command, opens the "
        "app.",
        epilog="coretimer is not a medical device. Stop on sharp or radiating pain, numbness or "
        "weakness, and see a clinician about pain that persists.",
    )
    parser.add_argument("--version", action="version", version=f"coretimer {__version__}")
    parser.add_argument("--quiet", action="store_true", help="no sound and no voice")
    parser.add_argument("--voice", action=argparse.BooleanOptionalAction, default=None,
                        help="speak the cues (default: the setting; needs espeak-ng, spd-say "
                        "or say)")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where history is kept (default: $CORETIMER_DATA_DIR, else the "
                        "platform's user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="start a session of a routine (an id or a file path)")
    run.add_argument("routine", metavar="ROUTINE")
    # SUPPRESS: without it the subcommand's default (False) overwrites `coretimer --quiet run`.
    run.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS,
                     help="no sound and no voice")
    run.add_argument("--voice", action=argparse.BooleanOptionalAction,
                     default=argparse.SUPPRESS, help="speak the cues (default: the setting)")

    routines = sub.add_parser("routines", help="list shipped and user routines")
    routines.add_argument("--json", action="store_true", help="print JSON")

    check = sub.add_parser("check", help="validate routine files")
    check.add_argument("files", metavar="FILE", nargs="+")

    new = sub.add_parser("new", help="write a commented template routine to edit")
    new.add_argument("name", metavar="NAME", help='the routine\'s name, e.g. "Desk break"')

    edit = sub.add_parser("edit", help="edit a routine in $VISUAL / $EDITOR, checked on save")
    edit.add_argument("routine", metavar="ID")

    sub.add_parser("schema", help="print the routine format as JSON Schema")

    imp = sub.add_parser("import", help="check a routine file and install it under its id")
    imp.add_argument("file", metavar="FILE", help="a routine file, or - for standard input")
    imp.add_argument("--force", action="store_true", help="replace an existing routine "
                     "without asking; use yours in place of a shipped routine with its id")

    figure = sub.add_parser(
        "figure", help="draw an exercise's figure (text, or SVG)",
        description="Draw the side-view figure of an exercise (by its id, from any routine) "
        "or of the pose library (by name): its first pose as text, every pose with --frames, "
        "or every pose as SVG with --svg.")
    figure.add_argument("figure", metavar="ID", nargs="?",
                        help="an exercise's id (e.g. bird-dog) or a library figure's name")
    figure.add_argument("--svg", action="store_true", help="print SVG, every pose side by side")
    figure.add_argument("--frames", action="store_true", help="every pose, not only the first")
    figure.add_argument("--list", action="store_true", help="list the pose library's figures")

    history = sub.add_parser("history", help="list past sessions, newest first")
    history.add_argument("--json", action="store_true", help="print a JSON array")
    _add_filters(history)
    history.add_argument("--limit", type=_positive_int, metavar="N",
                         help="show at most N sessions")

    export = sub.add_parser("export", help="export every session, oldest first")
    export.add_argument("--format", choices=("csv", "json"), default="csv",
                        help="csv: one row per set (default); json: the history --json shape")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    _add_filters(export)
    export.add_argument("--force", action="store_true",
                        help="replace FILE if it exists (or the link, if it is one)")

    report = sub.add_parser("report", help="a one-page HTML report of the last weeks, for "
                            "your clinician")
    report.add_argument("--weeks", type=_weeks, default=12, metavar="N",
                        help="how many weeks back (default 12, at most 520)")
    report.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of "
                        "stdout")
    report.add_argument("--force", action="store_true", help="replace FILE without asking")

    delete = sub.add_parser("delete", help="move a session to the trash (restore brings it "
                            "back)")
    delete.add_argument("session", metavar="ID")
    restore = sub.add_parser("restore", help="put a deleted session back from the trash")
    restore.add_argument("session", metavar="ID")

    morning = sub.add_parser(
        "morning", help="answer how your back felt the morning after a session",
        description="Answer how your back felt the morning after a session, compared with "
        "before it: the newest one waiting for an answer, or --session ID. An answer is "
        "given once and never replaced.")
    morning.add_argument("answer", metavar="better|same|worse",
                         help="how your back felt that morning, compared with before it")
    morning.add_argument("--pain", metavar="N", help="your back's pain that morning, 0-10 "
                         "(0 = no pain, 10 = worst imaginable)")
    morning.add_argument("--session", metavar="ID", help="the session (default: the newest "
                         "of the last 7 days still waiting for its answer)")

    plan = sub.add_parser(
        "plan", help="set the days (and time) you train; alone: show the plan",
        description="Set the days (and time) you mean to train, e.g. `coretimer plan "
        "mon,wed,fri 18:00`; with no days, show the plan. Home, `coretimer due` and the "
        "reminders follow it.")
    plan.add_argument("days", metavar="DAYS", nargs="?",
                      help="mon,tue,wed,thu,fri,sat,sun (a range like mon-fri, or daily)")
    plan.add_argument("time", metavar="TIME", nargs="?", help="24-hour HH:MM, e.g. 18:00")
    plan.add_argument("--routine", metavar="ID",
                      help="what to do on those days (default: the last routine done)")
    plan.add_argument("--clear", action="store_true", help="remove the plan")
    plan.add_argument("--ics", action="store_true",
                      help="write the plan as a calendar file (iCalendar, repeating weekly)")
    plan.add_argument("-o", "--output", metavar="FILE",
                      help="with --ics: write to FILE instead of stdout")
    plan.add_argument("--force", action="store_true", help="with --ics: replace FILE")

    due = sub.add_parser(
        "due", help="one line when a session is due (for shell prompts)",
        description="Print one short line when a planned session is due today and not done, "
        "when a next-morning question is waiting, or when a step back is waiting after a "
        "long gap; print nothing otherwise. Exit 0 when something is due, 1 when not.")
    due.add_argument("--format", metavar="TEMPLATE", dest="template",
                     help="what to print, with fields: {text} {kind} {routine} {time} "
                     "{day} {days}")

    remind = sub.add_parser(
        "remind", help="desktop reminders at the planned times (no root needed)",
        description="Set up a desktop notification at each planned time, and one the "
        "morning after a session: a systemd user timer, a launchd agent on macOS, or a "
        "crontab line.")
    what = remind.add_mutually_exclusive_group(required=True)
    what.add_argument("--install", action="store_true", help="set the reminders up")
    what.add_argument("--uninstall", action="store_true",
                      help="remove exactly what --install set up")
    what.add_argument("--status", action="store_true",
                      help="say what is installed and when it fires next")

    notify = sub.add_parser("notify", help="show the reminder notification now")
    notify.add_argument("--morning", action="store_true",
                        help="the next-morning question, only when one is waiting")

    stats = sub.add_parser("stats", help="streaks, endurance trends and pain trend")
    stats.add_argument("--json", action="store_true", help="print a JSON object")

    doctor = sub.add_parser("doctor", help="check the history store and report anything wrong")
    doctor.add_argument("--repair", action="store_true",
                        help="recover crashed sessions, move unreadable files to quarantine/, "
                        "remove leftover temp files")

    serve = sub.add_parser("serve", help="the app in a browser, e.g. a phone on the mat")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only; "
                       "0.0.0.0: the local network)")
    serve.add_argument("--port", type=int, default=8600, help="port (default 8600)")
    serve.add_argument("--token", help="the token the URL must carry (default: a new random one)")
    serve.add_argument("--tls-cert", type=Path, metavar="PEM",
                       help="serve https with this certificate (with --tls-key): a secure "
                       "page, where the phone's screen can be kept on by the Wake Lock API")
    serve.add_argument("--tls-key", type=Path, metavar="PEM", help="the certificate's key")
    return parser


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--routine", metavar="ID", help="only sessions of this routine")
    parser.add_argument("--since", metavar="DATE", help="only sessions on or after DATE "
                        "(YYYY-MM-DD, local time)")
    parser.add_argument("--until", metavar="DATE", help="only sessions on or before DATE")


def _weeks(text: str) -> int:
    # (argparse only to parse a command: `--help` and `--version` print stored text)
    import argparse

    value = _positive_int(text)
    if value > 520:
        raise argparse.ArgumentTypeError("at most 520 (ten years)")
    return value


def _positive_int(text: str) -> int:
    # (argparse only to parse a command: `--help` and `--version` print stored text)
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


#: `coretimer --help`, as argparse formats it at 80 columns. Printed without loading argparse
#: (a test keeps it identical to build_parser().format_help(); regenerate it from there).
HELP = """\
usage: coretimer [-h] [--version] [--quiet] [--voice | --no-voice]
                 [--data-dir DIR]
                 COMMAND ...

A terminal coach for back-safe core training. With no command, opens the app.

positional arguments:
  COMMAND
    run                start a session of a routine (an id or a file path)
    routines           list shipped and user routines
    check              validate routine files
    new                write a commented template routine to edit
    edit               edit a routine in $VISUAL / $EDITOR, checked on save
    schema             print the routine format as JSON Schema
    import             check a routine file and install it under its id
    figure             draw an exercise's figure (text, or SVG)
    history            list past sessions, newest first
    export             export every session, oldest first
    report             a one-page HTML report of the last weeks, for your
                       clinician
    delete             move a session to the trash (restore brings it back)
    restore            put a deleted session back from the trash
    morning            answer how your back felt the morning after a session
    plan               set the days (and time) you train; alone: show the plan
    due                one line when a session is due (for shell prompts)
    remind             desktop reminders at the planned times (no root needed)
    notify             show the reminder notification now
    stats              streaks, endurance trends and pain trend
    doctor             check the history store and report anything wrong
    serve              the app in a browser, e.g. a phone on the mat

options:
  -h, --help           show this help message and exit
  --version            show program's version number and exit
  --quiet              no sound and no voice
  --voice, --no-voice  speak the cues (default: the setting; needs espeak-ng,
                       spd-say or say)
  --data-dir DIR       where history is kept (default: $CORETIMER_DATA_DIR,
                       else the platform's user data folder)

coretimer is not a medical device. Stop on sharp or radiating pain, numbness
or weakness, and see a clinician about pain that persists.
"""

"""Commands about the saved sessions: history, export, report, delete, restore, morning,
stats and doctor."""

from __future__ import annotations

import sys

from coretimer.cli.common import (
    EXIT_FAIL,
    EXIT_OK,
    Fail,
    Usage,
    filtered,
    history_summaries,
    load_history,
    output_target,
    read_settings,
    tell,
    write_out,
)
from coretimer.text.output import err, say, table, to_json

# `typing` and `argparse` cost milliseconds that `coretimer --help` should not pay.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from typing import Any, TypeVar

    from coretimer.model.summaries import Dated, SessionSummary
    from coretimer.store.history import Store
    from coretimer.store.trash import Moved

    D = TypeVar("D", bound=Dated)


def cmd_history(args: argparse.Namespace) -> int:
    # (this command's own: the group's other commands and --help do not load it)
    import heapq

    from coretimer.store.sessionfiles import newest as by_start

    def newest(sessions: list[D]) -> list[D]:
        sessions = filtered(args, sessions)
        if args.limit is not None:  # the newest few, without putting the rest in order
            return heapq.nlargest(args.limit, sessions, key=by_start)
        return sorted(sessions, key=by_start, reverse=True)

    # (this command's own: the group's other commands and --help do not load it)
    from coretimer import paths
    from coretimer.index.queries import chosen_summaries, newest_summaries
    from coretimer.store.history import Store

    store = Store(paths.data_dir(args.data_dir))
    # Chosen from the index's rows: only the rows shown are made into summaries.
    if args.limit is not None and args.routine is args.since is args.until is None:
        loaded, sessions = newest_summaries(store, args.limit)
    else:
        loaded, sessions = chosen_summaries(store, newest)
    tell(loaded)
    if args.json:  # the full records of the sessions shown, and only those
        # (this command's own: the group's other commands and --help do not load it)
        from coretimer.index.queries import read_record

        records = [r for s in sessions if (r := read_record(store, s)) is not None]
        print(to_json([r.public_json() for r in records]))
        return EXIT_OK
    if not sessions:
        print("No sessions yet.")
        return EXIT_OK
    rows = [_history_row(s) for s in sessions]
    table(rows, [("date", "DATE"), ("routine", "ROUTINE"), ("status", "STATUS"),
                  ("sets", "SETS DONE"), ("pain", "PAIN"), ("id", "ID")])
    return EXIT_OK


def _history_row(s: SessionSummary) -> dict[str, Any]:
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer.text.present import history_row

    row = history_row(s)
    return {"date": f"{row.started:%Y-%m-%d %H:%M}", "routine": row.routine,
            "status": row.status, "sets": row.sets, "pain": row.pain or "-", "id": row.id}


def cmd_export(args: argparse.Namespace) -> int:
    target = output_target(args, "not exported")
    sessions = filtered(args, sorted(load_history(args).sessions,
                                     key=lambda s: (s.started_at, s.id)))
    if args.format == "json":
        text = to_json([s.public_json() for s in sessions]) + "\n"
    else:
        from coretimer.text.export import csv_text

        text = csv_text(sessions)
    if target is not None:
        # (this command's own: the group's other commands and --help do not load it)
        from coretimer.durable import atomic_write

        try:
            atomic_write(target, text.encode("utf-8"))
        except OSError as exc:
            err(f"{target}: cannot write ({exc.strerror or exc})")
            return EXIT_FAIL
        # (this command's own: the group's other commands and --help do not load it)
        from coretimer.text.present import plural

        err(f"exported {plural(len(sessions), 'session')} to {target}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    # (this command's own: the group's other commands and --help do not load it)
    from datetime import datetime

    from coretimer import paths
    from coretimer.routine.files import discover
    from coretimer.text.report import build
    from coretimer.text.report_routines import routine_files

    target = output_target(args, "not written")
    sessions = load_history(args).sessions
    today = datetime.now().astimezone().date()
    html = build(sessions, today, weeks=args.weeks,
                 routines=routine_files(discover(paths.config_dir()).offered))
    if not write_out(target, html):
        return EXIT_OK
    say(target)
    err(f"wrote the report of the last {args.weeks} weeks: open it in a browser to read or "
        "print it")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer.store.trash import delete

    moved = _move_session(args, delete)
    err(f"moved to the trash: {', '.join(str(p) for p in moved.paths)}; "
        f"`coretimer restore {moved.session_id}` puts it back")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer.store.trash import restore

    moved = _move_session(args, restore)
    err(f"restored session {moved.session_id}: {moved.paths[0]}")
    return EXIT_OK


def _move_session(args: argparse.Namespace, move: Callable[[Store, str], Moved]) -> Moved:
    """Into the trash or back (`trash.delete`, `trash.restore`): what cannot be found is
    bad usage (exit 2), what cannot be moved a failure (exit 1)."""
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer import paths
    from coretimer.store.history import Store
    from coretimer.store.trash import TrashError

    try:
        return move(Store(paths.data_dir(args.data_dir)), args.session)
    except TrashError as exc:
        raise Usage(str(exc)) from None
    except OSError as exc:
        raise Fail(f"cannot move the session: {exc.strerror or exc}") from None


def cmd_morning(args: argparse.Namespace) -> int:
    """`coretimer morning better|same|worse [--pain N] [--session ID]`."""
    # (this command's own: the group's other commands and --help do not load it)
    from datetime import datetime

    from coretimer.coaching.mornings import Refused, day_of, to_answer, why_worse
    from coretimer.store.sessionfiles import AlreadyAnswered

    answer = args.answer.strip().lower()
    if answer not in ("better", "same", "worse"):
        raise Usage(f"the answer is better, same or worse, not {args.answer!r}")
    pain: int | None = None
    if args.pain is not None:
        text = args.pain.strip()
        if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 10:
            raise Usage(f"--pain: a whole number from 0 to 10 (0 = no pain, 10 = worst "
                        f"imaginable), not {args.pain!r}")
        pain = int(text)
    store, result = history_summaries(args)
    now = datetime.now().astimezone()
    try:
        session = to_answer(result.sessions, now, args.session)
    except Refused as exc:
        raise Usage(str(exc)) from None
    try:
        store.set_next_morning(session.id, answer, pain, answered_at=now.isoformat())
    except AlreadyAnswered as exc:
        raise Usage(f"session {session.id}: {exc}") from None
    except ValueError as exc:
        raise Usage(str(exc)) from None
    except OSError as exc:
        raise Fail(f"the answer was not saved: {exc.strerror or exc}") from None
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer.text.plaintext import clean

    said = "the same" if answer == "same" else answer
    print(clean(f"Saved for the session of {day_of(session)} ({session.routine_name}): the "
                f"morning after, {said}" + ("" if pain is None else f", {pain}/10") + "."))
    why = why_worse(answer, pain, session.baseline_pain)
    if why is not None:
        print(f"Counted as worse: {why}.")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    # (this command's own: the group's other commands and --help do not load it)
    from datetime import datetime

    from coretimer import paths
    from coretimer.coaching.endurance_norms import (
        REFERENCE_NOT_COMPARABLE,
        REFERENCE_SOURCE,
        reference_lines,
    )
    from coretimer.index.queries import stats_facts
    from coretimer.store.history import Store
    from coretimer.text.present import (
        endurance_earlier,
        endurance_holds,
        endurance_title,
        pain_split,
        plural,
    )

    # Saved while the history does not change; else worked out from the summaries (each
    # carries its best sets), and saved.
    loaded, facts = stats_facts(Store(paths.data_dir(args.data_dir)))
    tell(loaded)
    settings = read_settings()
    today = datetime.now().astimezone().date()
    data = facts.summary(today, settings.week_target)
    if args.json:
        print(to_json(data.to_json()))
        return EXIT_OK
    print(f"sessions: {data.sessions} ({pain_split(data)})")
    print(f"weekly streak: {plural(data.weekly_streak, 'week')} of {data.weekly_target}+ "
          "sessions (ISO weeks, from Monday)")
    print(f"day streak: {plural(data.current_streak_days, 'day')} "
          f"(longest {data.longest_streak_days}); "
          "rest days in a week that meets the target do not break it")
    rows = []
    for line in facts.exercises:
        unit = "s" if line.kind == "hold" else "reps"
        change, latest = line.change, line.latest
        rows.append({"exercise": line.exercise, "best": f"{line.best:g} {unit}",
                     "latest": "-" if latest is None else f"{latest:g} {unit}",
                     "4 weeks": "-" if change is None else f"{change:+g} {unit}",
                     "sessions": line.sessions})
    if rows:
        print()
        table(rows, [("exercise", "EXERCISE"), ("best", "BEST"), ("latest", "LATEST"),
                      ("4 weeks", "CHANGE OVER 4 WEEKS"), ("sessions", "SESSIONS")])
    if data.weekly_pain:
        print()
        for week in data.weekly_pain[-6:]:
            checkin = "-" if week.checkin is None else f"{week.checkin:.1f}"
            morning = "-" if week.morning is None else f"{week.morning:.1f}"
            print(f"pain, week of {week.week.isoformat()}: check-in {checkin}, next morning "
                  f"{morning}")
        print("pain climbing week to week: "
              + ("no" if data.pain_climbing is None else
                 f"yes: {data.pain_climbing.text()}; no step up while it climbs"))
    t = data.endurance_test
    if t is not None:
        print(f"\n{endurance_title(t)}: {endurance_holds(t)}")
        for note in t.notes():
            print(f"  {note}")
        if earlier := endurance_earlier(t):
            print(f"  {earlier}")
        if settings.endurance_reference and t.protocol.published_aims:
            for text in reference_lines():
                print(f"  {text}")
            print(f"  ({REFERENCE_SOURCE})")
        elif settings.endurance_reference:
            print(f"  ({REFERENCE_NOT_COMPARABLE})")
        print(f"  ({t.source})")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer import paths
    from coretimer.store import doctor
    from coretimer.store.history import Store

    store = Store(paths.data_dir(args.data_dir))
    read_settings()  # what cannot be used in the settings file is said too
    if args.repair:
        result = doctor.repair(store)
        for record in result.recovered:
            say(f"recovered: session {record.id} ({record.routine_name}) as interrupted")
        for problem in result.problems:
            say(f"repaired: {problem}")
    lines, ok = doctor.report(store, doctor.check(store))
    for line in lines:
        say(line)
    return EXIT_OK if ok else EXIT_FAIL

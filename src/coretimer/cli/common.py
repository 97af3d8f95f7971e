"""What the commands share: exit codes, the two errors a command raises, reading the
history and the settings, asking a question, and the history filters."""

from __future__ import annotations

import sys

from coretimer.text.output import err

# `typing` and `argparse` cost milliseconds that `coretimer --help` should not pay.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from datetime import date
    from pathlib import Path
    from typing import Any, TypeVar

    from coretimer.index.sync import Summaries
    from coretimer.model.summaries import Dated
    from coretimer.settings import Settings
    from coretimer.store.history import LoadResult, Store
    from coretimer.store.sessionfiles import Loaded

    D = TypeVar("D", bound=Dated)


EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class Fail(Exception):
    """A command cannot do what was asked; the message says why (exit 1)."""


def ask(question: str, *, default: bool = False) -> bool:
    """A yes/no question, answered on standard input (Enter alone gives `default`). The end
    of the input (a script, a pipe that has run dry) is always no."""
    sys.stderr.write(question)
    sys.stderr.flush()
    try:
        line = sys.stdin.readline()
    except (OSError, ValueError):
        return False
    if not line:
        return False
    answer = line.strip().lower()
    return default if not answer else answer in ("y", "yes")


def load_history(args: argparse.Namespace) -> LoadResult:
    """The history, or Fail when it cannot be read at all (never "no sessions")."""
    # (only the commands that call this load it)
    from coretimer import paths
    from coretimer.store.history import Store

    result = Store(paths.data_dir(args.data_dir)).load()
    tell(result)
    return result


def history_summaries(args: argparse.Namespace) -> tuple[Store, Summaries]:
    """The history as summaries, through the index (only changed files are read)."""
    # (only the commands that call this load it)
    from coretimer import paths
    from coretimer.index.queries import load_summaries
    from coretimer.store.history import Store

    store = Store(paths.data_dir(args.data_dir))
    result = load_summaries(store)
    tell(result)
    return store, result


def read_settings() -> Settings:
    """The settings, for a command: what cannot be used in the file is said once, on stderr,
    and the file is never changed."""
    # (only the commands that call this load it)
    from coretimer import paths
    from coretimer.settings import load_settings

    settings, message = load_settings(paths.config_dir())
    for line in (message or "").splitlines():
        err(line)
    return settings


def tell(result: Loaded[Any]) -> None:
    """Fail when the history cannot be read at all; say what was recovered and what could
    not be read."""
    # (only the commands that call this load it)
    from coretimer.text.present import STATUS_TEXT

    if result.unreadable is not None:
        raise Fail(f"cannot read the history: {result.unreadable}")
    for record in result.recovered:
        err(f"recovered session {record.id} ({record.routine_name}) from its journal, "
             f"as {STATUS_TEXT[record.status]}")
    for problem in result.problems:
        err(f"warning: {problem}")
    for duplicate in result.duplicates:
        err(f"warning: {duplicate.path} is another copy of session {duplicate.session_id}; "
             f"counted once (`coretimer doctor` says more)")


class Usage(Exception):
    """Bad input to a command: one line on stderr, exit 2."""


def parse_date(option: str, text: str | None) -> date | None:
    # (only the commands that call this load it)
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Usage(f"{option}: not a date (YYYY-MM-DD): {text!r}") from None


def filtered(args: argparse.Namespace, sessions: list[D]) -> list[D]:
    """The sessions --routine, --since and --until leave (dates in local time)."""
    since, until = parse_date("--since", args.since), parse_date("--until", args.until)
    if since is not None and until is not None and since > until:
        raise Usage(f"--since {since} is after --until {until}")
    if args.routine is not None:
        # (only the commands that call this load it)
        import unicodedata

        from coretimer import paths
        from coretimer.routine.files import discover

        known = {s.routine for s in sessions} | {
            r.id for r in discover(paths.config_dir()).routines}
        # Ids are composed (NFC); a shell may pass "é" as "e" and a combining accent.
        wanted = args.routine if args.routine in known else unicodedata.normalize(
            "NFC", args.routine)
        if wanted not in known:
            # (only the commands that call this load it)
            import difflib

            close = difflib.get_close_matches(wanted, sorted(known), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise Usage(f"--routine: no routine {args.routine!r}{hint}")
        sessions = [s for s in sessions if s.routine == wanted]
    if since is None and until is None:
        return sessions
    out = []
    for s in sessions:
        day = s.started_at.astimezone().date()
        if (since is None or day >= since) and (until is None or day <= until):
            out.append(s)
    return out


def output_target(args: argparse.Namespace, refused: str) -> Path | None:
    """Where `-o` writes (None: stdout): never inside the data folder, and over an existing
    file only with --force or a yes to the question (`refused` starts the line otherwise)."""
    if not args.output:
        return None
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer import paths
    from coretimer.text.export import ExportExists, ExportRefused, export_target

    data = paths.data_dir(args.data_dir)
    try:
        return export_target(args.output, data, force=args.force)
    except ExportExists as exc:
        if not ask(f"{exc}. Replace it? [y/N] "):
            raise Fail(f"{refused}: {exc}") from None
        return export_target(args.output, data, force=True)
    except ExportRefused as exc:
        raise Fail(str(exc)) from None


def write_out(target: Path | None, text: str) -> bool:
    """`text` on stdout (`target` None), or into the file `target`, atomically: True when a
    file was written. Fail, naming the file, when it cannot be."""
    if target is None:
        sys.stdout.write(text)
        return False
    # (only the commands that write a file load it)
    from coretimer.durable import atomic_write

    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        raise Fail(f"{target}: cannot write ({exc.strerror or exc})") from None
    return True

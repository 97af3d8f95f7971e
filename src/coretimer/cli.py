"""The `coretimer` command line.

Only argparse is imported at the top: `coretimer --help` and `--version` must stay fast, and
must never import Textual. Each command imports what it needs when it runs.
Exit codes: 0 ok, 1 failure, 2 bad usage.
"""

from __future__ import annotations

import os
import sys

from coretimer import __version__
from coretimer.output import (
    err,
    say,
    silence_stdout,
    table,
    to_json,
    tolerate_narrow_encodings,
)

# `typing` and `argparse` cost milliseconds that `coretimer --help` should not pay.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from datetime import date
    from pathlib import Path
    from typing import Any, TypeVar

    from coretimer.index import SessionSummary, Summaries
    from coretimer.routines import LoadedRoutine
    from coretimer.sessionfiles import Dated, Loaded
    from coretimer.settings import Settings
    from coretimer.store import LoadResult, Store

    D = TypeVar("D", bound=Dated)

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
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
    import argparse

    value = _positive_int(text)
    if value > 520:
        raise argparse.ArgumentTypeError("at most 520 (ten years)")
    return value


def _positive_int(text: str) -> int:
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
    history            list past sessions, newest first
    export             export every session, oldest first
    report             a one-page HTML report of the last weeks, for your
                       clinician
    delete             move a session to the trash (restore brings it back)
    restore            put a deleted session back from the trash
    morning            answer how your back felt the morning after a session
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


class Fail(Exception):
    """A command cannot do what was asked; the message says why (exit 1)."""


#: errno values of a write that failed because of where the output goes.
_WRITE_ERRORS = {28, 5, 27, 122, 9}  # ENOSPC, EIO, EFBIG, EDQUOT, EBADF


def main(argv: Sequence[str] | None = None) -> int:
    tolerate_narrow_encodings()
    args_list = sys.argv[1:] if argv is None else list(argv)
    try:
        code = _main(args_list)
        sys.stdout.flush()  # a failed write shows here, not as a traceback at exit
        return code
    except KeyboardInterrupt:
        return 130
    except Fail as exc:
        err(str(exc))
        return EXIT_FAIL
    except Usage as exc:
        err(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        # e.g. `coretimer history | head`: the reader left. Nothing to say, but the output
        # was not all written: the exit code says so.
        silence_stdout()
        return EXIT_FAIL
    except OSError as exc:
        if exc.errno in _WRITE_ERRORS:
            silence_stdout()
            err(f"cannot write the output ({exc.strerror or exc})")
            return EXIT_FAIL
        if os.environ.get("CORETIMER_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        err(f"{where}{exc.strerror or exc}")
        return EXIT_FAIL
    except Exception as exc:  # never a traceback in front of a user
        if os.environ.get("CORETIMER_DEBUG"):
            raise
        err(f"unexpected error: {exc.__class__.__name__}: {exc}. "
             "Set CORETIMER_DEBUG=1 to see details, and please report it.")
        return EXIT_FAIL


def _main(args_list: list[str]) -> int:
    if args_list in (["--help"], ["-h"]):
        sys.stdout.write(HELP)
        return EXIT_OK
    if args_list == ["--version"]:
        sys.stdout.write(f"coretimer {__version__}\n")
        return EXIT_OK
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.data_dir is not None and not args.data_dir.strip():
        parser.error("--data-dir must name a folder, not be empty")
    if args.data_dir is None:
        from coretimer.paths import empty_data_dir_variable

        if (empty := empty_data_dir_variable()) is not None:
            parser.error(empty)
    handlers = {
        None: cmd_app, "run": cmd_run, "routines": cmd_routines, "check": cmd_check,
        "history": cmd_history, "export": cmd_export, "doctor": cmd_doctor,
        "stats": cmd_stats, "serve": cmd_serve, "new": cmd_new, "edit": cmd_edit,
        "schema": cmd_schema, "import": cmd_import, "delete": cmd_delete, "report": cmd_report,
        "restore": cmd_restore, "morning": cmd_morning,
    }
    return handlers[args.command](args)


# --- Commands ------------------------------------------------------------------------------------


def cmd_app(args: argparse.Namespace) -> int:
    return _run_app(args, None)


def cmd_run(args: argparse.Namespace) -> int:
    from coretimer import paths
    from coretimer.routines import RoutineError, resolve

    try:
        loaded = resolve(args.routine, paths.config_dir())
    except RoutineError as exc:
        for problem in exc.problems:
            say(problem, stderr=True)
        return EXIT_FAIL
    return _run_app(args, loaded)


def _run_app(args: argparse.Namespace, loaded: LoadedRoutine | None) -> int:
    # Under `coretimer serve` the app talks to a browser through textual-serve's web driver.
    in_browser = os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver")
    if not in_browser and not (sys.stdin.isatty() and sys.stdout.isatty()):
        err("the app needs a terminal. For scripts, use `coretimer history --json`, "
             "`coretimer routines` or `coretimer check`.")
        return EXIT_FAIL
    from coretimer import paths
    from coretimer.ui.app import make_app

    app = make_app(data_dir=paths.data_dir(args.data_dir), config_dir=paths.config_dir(),
                   quiet=bool(getattr(args, "quiet", False)), start_routine=loaded,
                   voice=getattr(args, "voice", None))
    app.run()
    if app.return_code not in (None, 0):
        where = f" Details are in {app.crash_log}; please report it." if app.crash_log else ""
        err("stopped because of an unexpected error. Everything done so far is saved."
             + where)
        return EXIT_FAIL
    return EXIT_OK


def cmd_routines(args: argparse.Namespace) -> int:
    from coretimer import paths
    from coretimer.routines import discover, estimated_minutes

    catalogue = discover(paths.config_dir())
    rows = [
        {"id": r.id, "name": r.name, "exercises": len(r.routine.exercises),
         "minutes": estimated_minutes(r.routine), "source": r.source, "path": str(r.path)}
        for r in catalogue.routines
    ]
    if args.json:
        print(to_json(rows))
    else:
        from coretimer.routines import user_dir

        table(rows, [("id", "ID"), ("name", "NAME"), ("exercises", "EXERCISES"),
                      ("minutes", "MIN"), ("source", "SOURCE"), ("path", "FILE")])
        mine = sum(1 for r in catalogue.routines if r.source == "user")
        looped = _config_loop(paths.config_dir())
        print()
        say(f"Your routines folder: {user_dir(paths.config_dir())}"
            + ("" if mine or looped else " (none yet: `coretimer new NAME` writes one, "
               "`coretimer import FILE` installs one)"))
        if looped:
            err(looped)
    for problem in catalogue.problems:
        say(f"skipped: {problem}", stderr=True)
    return EXIT_OK


def _config_loop(config: Path) -> str | None:
    """What to say when the config folder is a link loop (no routine of yours can be read or
    written there)."""
    from coretimer.paths import CONFIG_LOOP_FIX, link_loop, loop_text

    blamed = link_loop(config)
    return None if blamed is None else loop_text(config, blamed, CONFIG_LOOP_FIX)


def _writable_config() -> Path:
    """The config folder, for a command that writes into it: Fail when it is a link loop."""
    from coretimer import paths

    config = paths.config_dir()
    if (looped := _config_loop(config)) is not None:
        raise Fail(looped)
    return config


def cmd_new(args: argparse.Namespace) -> int:
    from coretimer.authoring import AuthoringError, RoutineExists, new_routine
    from coretimer.routines import discover

    config = _writable_config()
    shipped = {r.id for r in discover(config).routines if r.source == "shipped"}
    try:
        path = new_routine(config, args.name, shipped)
    except AuthoringError as exc:
        err(str(exc))
        return EXIT_USAGE
    except RoutineExists as exc:
        err(f"not written: {exc}")
        return EXIT_FAIL
    except OSError as exc:
        raise Fail(f"cannot write the routine: {exc.strerror or exc}") from None
    say(path)
    err(f"edit it with `coretimer edit {path.stem}` (or any editor); `coretimer check "
        f"{path}` checks it")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from coretimer.authoring import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from coretimer.authoring import (
        AuthoringError,
        RoutineProblems,
        imported_id,
        install,
    )
    from coretimer.routines import MAX_FILE_BYTES, discover, user_dir

    source = "standard input" if args.file == "-" else args.file
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with Path(args.file).open("rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise Fail(f"{source}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise Fail(f"{source}: is larger than 1 MB; not a routine file?")
    config = _writable_config()
    try:
        routine_id = imported_id(args.file if args.file != "-" else "-", data)
        existing = user_dir(config) / f"{routine_id}.toml"
        shipped = next((r for r in discover(config).routines
                        if r.source == "shipped" and r.id == routine_id), None)
        if existing.exists() and not args.force and not _ask(
                f"{existing} exists. Replace it with {source}? [y/N] "):
            err(f"not imported: {existing} stays as it is (--force replaces it)")
            return EXIT_FAIL
        if shipped is not None and not existing.exists() and not args.force:
            # Yours would be used in the shipped one's place from now on: only when asked.
            err(f"not imported: it would shadow the shipped routine {routine_id!r} "
                f"({json.dumps(shipped.name, ensure_ascii=False)}), which has the same id, and "
                "be used in its place; add --force to use yours instead")
            return EXIT_FAIL
        done = install(config, routine_id, data, source=source)
    except RoutineProblems as exc:
        for problem in exc.problems:
            say(problem)
        err("not imported: fix the problems above and import it again")
        return EXIT_FAIL
    except AuthoringError as exc:
        err(str(exc))
        return EXIT_USAGE
    except OSError as exc:
        raise Fail(f"cannot install the routine: {exc.strerror or exc}") from None
    say(done.path)
    shadows = "" if shipped is None else (
        f"; it {'now ' if not done.replaced else ''}shadows the shipped routine "
        f"{routine_id!r} ({json.dumps(shipped.name, ensure_ascii=False)}): delete "
        f"{done.path} to go back to the shipped one")
    err(f"{'replaced' if done.replaced else 'installed'} routine {done.routine_id!r}: "
        f"`coretimer run {done.routine_id}` starts it{shadows}")
    return EXIT_OK


def _ask(question: str, *, default: bool = False) -> bool:
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


def _editor() -> list[str]:
    """$VISUAL, then $EDITOR, then an editor that is there (nano, vi; notepad on Windows)."""
    import os
    import shlex
    import shutil

    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError as exc:
                raise Fail(f"${name} is not a command line ({exc}): {value!r}") from None
    for fallback in ("nano", "vi", "notepad"):
        found = shutil.which(fallback)
        if found:
            return [found]
    raise Fail("no editor found: set $EDITOR (for example `export EDITOR=nano`)")


def cmd_edit(args: argparse.Namespace) -> int:
    """Edit a copy; install it only once it passes check (like `crontab -e`): the routine in
    use stays as it was until then, and a rejected edit is kept, never lost."""
    import subprocess
    import tempfile
    from pathlib import Path

    from coretimer.authoring import save_over, write_schema
    from coretimer.durable import write_error
    from coretimer.routines import discover, parse_routine, user_dir

    config = _writable_config()
    folder = user_dir(config)
    # Your own file first, even one that does not load (it is yours to mend), then any
    # routine with this id. Every routine that is listed can be edited, whatever its file is
    # called (`Upper.toml` is listed as "Upper"), and the edit goes back to that file: its id,
    # and so its history, stay as they were. Never a path out of the folder.
    own = folder / f"{args.routine}.toml"
    found = discover(config).find(args.routine)
    if own.parent == folder and own.name == f"{args.routine}.toml" and own.is_file():
        path, shipped = own, False
    elif found is not None:
        path, shipped = found.path, found.source == "shipped"
    else:
        err(f"no routine with the id {args.routine!r}; `coretimer routines` lists them, "
            "`coretimer new NAME` writes a new one")
        return EXIT_USAGE
    routine_id = path.stem
    # A shipped routine becomes your own copy, under its id; yours is saved over itself.
    target = folder / f"{routine_id}.toml" if shipped else path
    if not sys.stdin.isatty():  # an editor started into a pipe waits there forever (vi does)
        import shlex

        how = (f"copy {path} to {target}, edit it there" if shipped else
               f"edit {path} in any editor")
        err(f"`coretimer edit` needs a terminal for the editor; nothing was changed. You can "
            f"{how} and run `coretimer check {shlex.quote(str(target))}`.")
        return EXIT_FAIL
    try:
        original = path.read_bytes()
        write_schema(config)
    except OSError as exc:
        raise Fail(f"{exc.filename or path}: {exc.strerror or exc}") from None
    with tempfile.TemporaryDirectory(prefix="coretimer-edit-") as tmp:
        draft = Path(tmp) / f"{routine_id}.toml"
        draft.write_bytes(original)
        while True:
            try:
                code = subprocess.call([*_editor(), str(draft)])
            except OSError as exc:
                raise Fail(f"cannot start the editor: {exc.strerror or exc}") from None
            if code != 0:
                err(f"the editor exited with {code}; nothing was changed")
                return EXIT_FAIL
            try:
                data = draft.read_bytes()
            except OSError:
                err("the editor left no file to read; nothing was changed")
                return EXIT_FAIL
            if data == original and not shipped:
                err("no changes")
                return EXIT_OK
            problems = parse_routine(data, str(path))
            if not isinstance(problems, list):
                try:
                    done = save_over(target, data, source=str(path))
                except OSError as exc:
                    kept = _keep_rejected(config, routine_id, data)
                    raise Fail(f"cannot install it ({write_error(exc)}); your edit is kept "
                               f"in {kept}") from None
                say(done.path)
                what = "your copy of the shipped routine is in use" if shipped else "saved"
                err(f"checked: {what}")
                return EXIT_OK
            for problem in problems:
                say(problem)
            if not _ask("Edit again? [Y/n] ", default=True):
                kept = _keep_rejected(config, routine_id, data)
                err(f"not installed: {path} is unchanged; your edit is kept in {kept}")
                return EXIT_FAIL


def _keep_rejected(config: Path, routine_id: str, data: bytes) -> Path:
    """Keep an edit that did not pass check or could not be installed (never lose what
    someone typed): in the user routines folder, under a name that is not loaded as a
    routine."""
    import tempfile
    import time
    from pathlib import Path

    from coretimer.durable import atomic_write
    from coretimer.routines import user_dir

    stamp = time.strftime("%Y%m%d-%H%M%S")

    def keep_in(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{routine_id}.rejected-{stamp}.toml.txt"
        n = 1
        while path.exists():  # two rejected edits in one second: keep both
            n += 1
            path = folder / f"{routine_id}.rejected-{stamp}-{n}.toml.txt"
        atomic_write(path, data)
        return path

    try:
        return keep_in(user_dir(config))
    except OSError:  # e.g. a full disk refused the routine too: somewhere, rather than nowhere
        return keep_in(Path(tempfile.gettempdir()))


def cmd_check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from coretimer.routines import check_files

    problems = check_files(Path(f) for f in args.files)
    for problem in problems:
        say(problem)
    if problems:
        return EXIT_FAIL
    print(f"{len(args.files)} file{'s' if len(args.files) != 1 else ''} OK")
    return EXIT_OK


def _load(args: argparse.Namespace) -> LoadResult:
    """The history, or Fail when it cannot be read at all (never "no sessions")."""
    from coretimer import paths
    from coretimer.store import Store

    result = Store(paths.data_dir(args.data_dir)).load()
    _tell(result)
    return result


def _load_summaries(args: argparse.Namespace) -> tuple[Store, Summaries]:
    """The history as summaries, through the index (only changed files are read)."""
    from coretimer import paths
    from coretimer.index import load_summaries
    from coretimer.store import Store

    store = Store(paths.data_dir(args.data_dir))
    result = load_summaries(store)
    _tell(result)
    return store, result


def _settings() -> Settings:
    """The settings, for a command: what cannot be used in the file is said once, on stderr,
    and the file is never changed."""
    from coretimer import paths
    from coretimer.settings import load_settings

    settings, message = load_settings(paths.config_dir())
    for line in (message or "").splitlines():
        err(line)
    return settings


def _tell(result: Loaded[Any]) -> None:
    """Fail when the history cannot be read at all; say what was recovered and what could
    not be read."""
    from coretimer.present import STATUS_TEXT

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


def _date(option: str, text: str | None) -> date | None:
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Usage(f"{option}: not a date (YYYY-MM-DD): {text!r}") from None


def _filtered(args: argparse.Namespace, sessions: list[D]) -> list[D]:
    """The sessions --routine, --since and --until leave (dates in local time)."""
    since, until = _date("--since", args.since), _date("--until", args.until)
    if since is not None and until is not None and since > until:
        raise Usage(f"--since {since} is after --until {until}")
    if args.routine is not None:
        import unicodedata

        from coretimer import paths
        from coretimer.routines import discover

        known = {s.routine for s in sessions} | {
            r.id for r in discover(paths.config_dir()).routines}
        # Ids are composed (NFC); a shell may pass "é" as "e" and a combining accent.
        wanted = args.routine if args.routine in known else unicodedata.normalize(
            "NFC", args.routine)
        if wanted not in known:
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


def cmd_history(args: argparse.Namespace) -> int:
    import heapq

    from coretimer.sessionfiles import newest as by_start

    def newest(sessions: list[D]) -> list[D]:
        sessions = _filtered(args, sessions)
        if args.limit is not None:  # the newest few, without putting the rest in order
            return heapq.nlargest(args.limit, sessions, key=by_start)
        return sorted(sessions, key=by_start, reverse=True)

    from coretimer import paths
    from coretimer.recent import chosen_summaries
    from coretimer.store import Store

    store = Store(paths.data_dir(args.data_dir))
    # With the index up to date, only the rows shown are made into summaries.
    chosen = chosen_summaries(store, newest) if args.limit is not None else None
    if chosen is None:  # else the history is loaded (reading what changed, saying what is wrong)
        store, result = _load_summaries(args)
        chosen = newest(result.sessions)
    sessions = chosen
    if args.json:  # the full records of the sessions shown, and only those
        from coretimer.index import read_record

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
    from coretimer.present import history_row

    row = history_row(s)
    return {"date": f"{row.started:%Y-%m-%d %H:%M}", "routine": row.routine,
            "status": row.status, "sets": row.sets, "pain": row.pain or "-", "id": row.id}


def _output_target(args: argparse.Namespace, refused: str) -> Path | None:
    """Where `-o` writes (None: stdout): never inside the data folder, and over an existing
    file only with --force or a yes to the question (`refused` starts the line otherwise)."""
    if not args.output:
        return None
    from coretimer import paths
    from coretimer.export import ExportExists, ExportRefused, export_target

    data = paths.data_dir(args.data_dir)
    try:
        return export_target(args.output, data, force=args.force)
    except ExportExists as exc:
        if not _ask(f"{exc}. Replace it? [y/N] "):
            raise Fail(f"{refused}: {exc}") from None
        return export_target(args.output, data, force=True)
    except ExportRefused as exc:
        raise Fail(str(exc)) from None


def cmd_export(args: argparse.Namespace) -> int:
    target = _output_target(args, "not exported")
    sessions = _filtered(args, sorted(_load(args).sessions, key=lambda s: (s.started_at, s.id)))
    if args.format == "json":
        text = to_json([s.public_json() for s in sessions]) + "\n"
    else:
        from coretimer.export import csv_text

        text = csv_text(sessions)
    if target is not None:
        from coretimer.durable import atomic_write

        try:
            atomic_write(target, text.encode("utf-8"))
        except OSError as exc:
            err(f"{target}: cannot write ({exc.strerror or exc})")
            return EXIT_FAIL
        from coretimer.present import plural

        err(f"exported {plural(len(sessions), 'session')} to {target}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from datetime import datetime

    from coretimer import paths
    from coretimer.report import build, routine_files
    from coretimer.routines import discover

    target = _output_target(args, "not written")
    sessions = _load(args).sessions
    today = datetime.now().astimezone().date()
    html = build(sessions, today, weeks=args.weeks,
                 routines=routine_files(discover(paths.config_dir()).offered))
    if target is None:
        sys.stdout.write(html)
        return EXIT_OK
    from coretimer.durable import atomic_write

    try:
        atomic_write(target, html.encode("utf-8"))
    except OSError as exc:
        raise Fail(f"{target}: cannot write ({exc.strerror or exc})") from None
    say(target)
    err(f"wrote the report of the last {args.weeks} weeks: open it in a browser to read or "
        "print it")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from coretimer import paths
    from coretimer.store import Store
    from coretimer.trash import TrashError, delete

    try:
        moved = delete(Store(paths.data_dir(args.data_dir)), args.session)
    except TrashError as exc:
        raise Usage(str(exc)) from None
    except OSError as exc:
        raise Fail(f"cannot move the session: {exc.strerror or exc}") from None
    err(f"moved to the trash: {', '.join(str(p) for p in moved.paths)}; "
        f"`coretimer restore {moved.session_id}` puts it back")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from coretimer import paths
    from coretimer.store import Store
    from coretimer.trash import TrashError, restore

    try:
        moved = restore(Store(paths.data_dir(args.data_dir)), args.session)
    except TrashError as exc:
        raise Usage(str(exc)) from None
    except OSError as exc:
        raise Fail(f"cannot move the session: {exc.strerror or exc}") from None
    err(f"restored session {moved.session_id}: {moved.paths[0]}")
    return EXIT_OK


def cmd_morning(args: argparse.Namespace) -> int:
    """`coretimer morning better|same|worse [--pain N] [--session ID]`."""
    from datetime import datetime

    from coretimer.mornings import Refused, day_of, to_answer, why_worse
    from coretimer.sessionfiles import AlreadyAnswered

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
    store, result = _load_summaries(args)
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
    from coretimer.plaintext import clean

    said = "the same" if answer == "same" else answer
    print(clean(f"Saved for the session of {day_of(session)} ({session.routine_name}): the "
                f"morning after, {said}" + ("" if pain is None else f", {pain}/10") + "."))
    why = why_worse(answer, pain, session.baseline_pain)
    if why is not None:
        print(f"Counted as worse: {why}.")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from datetime import datetime

    from coretimer import paths
    from coretimer.endurance import (
        REFERENCE_NOT_COMPARABLE,
        REFERENCE_SOURCE,
        reference_lines,
    )
    from coretimer.present import (
        endurance_earlier,
        endurance_holds,
        endurance_title,
        pain_split,
        plural,
    )
    from coretimer.stats_cache import kept_facts, stats_facts
    from coretimer.store import Store

    # Kept while the history does not change; else worked out from the summaries (each
    # carries its best sets), and kept.
    facts = kept_facts(Store(paths.data_dir(args.data_dir)))
    if facts is None:
        store, loaded = _load_summaries(args)
        facts = stats_facts(store.root, loaded)
    settings = _settings()
    today = datetime.now().astimezone().date()
    data = facts.summary(today, settings.weekly_target)
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


def cmd_serve(args: argparse.Namespace) -> int:
    from coretimer import paths
    from coretimer.ui.serve import ServeError, serve

    try:
        return serve(args.host, args.port, args.token, paths.data_dir(args.data_dir).resolve(),
                     tls_cert=args.tls_cert, tls_key=args.tls_key)
    except ServeError as exc:
        err(f"serve: {exc}")  # the shared error line: control characters in --host made safe
        return exc.code


def cmd_doctor(args: argparse.Namespace) -> int:
    from coretimer import doctor, paths
    from coretimer.store import Store

    store = Store(paths.data_dir(args.data_dir))
    _settings()  # what cannot be used in the settings file is said too
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

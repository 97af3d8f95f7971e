"""Commands about routine files: routines, new, schema, import, edit, check."""

from __future__ import annotations

import os
import sys
import time

from coretimer.cli.common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    Fail,
    ask,
)
from coretimer.text.output import err, say, table, to_json

# `typing` and `argparse` cost milliseconds that `coretimer --help` should not pay.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from pathlib import Path


def cmd_routines(args: argparse.Namespace) -> int:
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer import paths
    from coretimer.routine.files import discover, estimated_minutes

    catalogue = discover(paths.config_dir())
    rows = [
        {"id": r.id, "name": r.name, "exercises": len(r.routine.exercises),
         "minutes": estimated_minutes(r.routine), "source": r.source, "path": str(r.path)}
        for r in catalogue.routines
    ]
    if args.json:
        print(to_json(rows))
    else:
        from coretimer.routine.files import user_dir

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
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer.paths import CONFIG_LOOP_FIX, link_loop, loop_text

    blamed = link_loop(config)
    return None if blamed is None else loop_text(config, blamed, CONFIG_LOOP_FIX)


def _writable_config() -> Path:
    """The config folder, for a command that writes into it: Fail when it is a link loop."""
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer import paths

    config = paths.config_dir()
    if (looped := _config_loop(config)) is not None:
        raise Fail(looped)
    return config


def cmd_new(args: argparse.Namespace) -> int:
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer.routine.authoring import AuthoringError, RoutineExists, new_routine
    from coretimer.routine.files import discover

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
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer.routine.authoring import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    # (this command's own: the group's other commands and --help do not load it)
    import json
    from pathlib import Path

    from coretimer.routine.authoring import (
        AuthoringError,
        RoutineProblems,
        imported_id,
        install,
    )
    from coretimer.routine.files import MAX_FILE_BYTES, discover, user_dir

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
        if existing.exists() and not args.force and not ask(
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


def _editor() -> list[str]:
    """$VISUAL, then $EDITOR, then an editor that is there (nano, vi; notepad on Windows)."""
    # (this command's own: the group's other commands and --help do not load it)
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
    # (this command's own: the group's other commands and --help do not load it)
    import subprocess
    import tempfile
    from pathlib import Path

    from coretimer.durable import write_error
    from coretimer.routine.authoring import save_over, write_schema
    from coretimer.routine.files import discover, user_dir
    from coretimer.routine.problems import parse_routine

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
        # (this command's own: the group's other commands and --help do not load it)
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
            if not ask("Edit again? [Y/n] ", default=True):
                kept = _keep_rejected(config, routine_id, data)
                err(f"not installed: {path} is unchanged; your edit is kept in {kept}")
                return EXIT_FAIL


def _keep_rejected(config: Path, routine_id: str, data: bytes) -> Path:
    """Keep an edit that did not pass check or could not be installed (never lose what
    someone typed): in the user routines folder, under a name that is not loaded as a
    routine."""
    # (this command's own: the group's other commands and --help do not load it)
    import tempfile
    from pathlib import Path

    from coretimer.durable import atomic_write
    from coretimer.routine.files import user_dir

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
    # (this command's own: the group's other commands and --help do not load it)
    from pathlib import Path

    from coretimer.routine.files import check_files

    problems = check_files(Path(f) for f in args.files)
    for problem in problems:
        say(problem)
    if problems:
        return EXIT_FAIL
    print(f"{len(args.files)} file{'s' if len(args.files) != 1 else ''} OK")
    return EXIT_OK

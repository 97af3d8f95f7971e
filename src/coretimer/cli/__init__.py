"""The `coretimer` command line.

`coretimer --help` and `--version` must stay fast and never import Textual: they print a
stored text, and argparse is imported only to parse a command (`parser.build_parser`). Each
command's group (app_commands, routine_commands, history_commands) is imported only when one
of its commands runs, and a command imports what it needs when it runs.
Exit codes: 0 ok, 1 failure, 2 bad usage.
"""

from __future__ import annotations

import importlib
import os
import sys

from coretimer import __version__
from coretimer.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, Fail, Usage
from coretimer.cli.parser import HELP, build_parser
from coretimer.text.output import err, silence_stdout, tolerate_narrow_encodings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "HELP", "build_parser", "main"]

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
        # (only when no --data-dir is given: `--help` stays fast)
        from coretimer.paths import empty_data_dir_variable

        if (empty := empty_data_dir_variable()) is not None:
            parser.error(empty)
    group, name = COMMANDS[args.command]
    # Each group is imported only when one of its commands runs: --help stays fast.
    command = getattr(importlib.import_module(f"coretimer.cli.{group}"), name)
    result: int = command(args)
    return result


#: Each command: the module of its group, and the function that runs it.
COMMANDS: dict[str | None, tuple[str, str]] = {
    None: ("app_commands", "cmd_app"), "run": ("app_commands", "cmd_run"),
    "serve": ("app_commands", "cmd_serve"),
    "routines": ("routine_commands", "cmd_routines"), "check": ("routine_commands", "cmd_check"),
    "new": ("routine_commands", "cmd_new"), "edit": ("routine_commands", "cmd_edit"),
    "schema": ("routine_commands", "cmd_schema"), "import": ("routine_commands", "cmd_import"),
    "history": ("history_commands", "cmd_history"), "export": ("history_commands", "cmd_export"),
    "report": ("history_commands", "cmd_report"), "delete": ("history_commands", "cmd_delete"),
    "restore": ("history_commands", "cmd_restore"), "morning": ("history_commands", "cmd_morning"),
    "stats": ("history_commands", "cmd_stats"), "doctor": ("history_commands", "cmd_doctor"),
    "figure": ("figure_commands", "cmd_figure"),
    "plan": ("plan_commands", "cmd_plan"), "due": ("plan_commands", "cmd_due"),
    "remind": ("remind_commands", "cmd_remind"), "notify": ("notify_commands", "cmd_notify"),
}

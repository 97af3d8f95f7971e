"""Commands that open the app: in the terminal (no command, `run`) or in a browser (`serve`)."""

from __future__ import annotations

import os
import sys

from coretimer.cli.common import (
    EXIT_FAIL,
    EXIT_OK,
)
from coretimer.text.output import err, say

# `typing` and `argparse` cost milliseconds that `coretimer --help` should not pay.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from coretimer.routine.files import LoadedRoutine


def cmd_app(args: argparse.Namespace) -> int:
    return _run_app(args, None)


def cmd_run(args: argparse.Namespace) -> int:
    # (this command's own: the group's other commands and --help do not load it)
    from coretimer import paths
    from coretimer.routine.files import RoutineError, resolve

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
    # (Textual only for the commands that open the app)
    from coretimer import paths
    from coretimer.ui.factory import make_app

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


def cmd_serve(args: argparse.Namespace) -> int:
    # (Textual only for the commands that open the app)
    from coretimer import paths
    from coretimer.ui.serve import ServeError, serve

    try:
        return serve(args.host, args.port, args.token, paths.data_dir(args.data_dir).resolve(),
                     tls_cert=args.tls_cert, tls_key=args.tls_key)
    except ServeError as exc:
        err(f"serve: {exc}")  # the shared error line: control characters in --host made safe
        return exc.code

"""Unexpected errors, headless: the exception object given is formatted and written to
DATA_DIR/logs/crash-<time>.log, so that no traceback ever reaches the screen. No Textual: the
App calls this from the narrowest hook Textual offers for an unhandled exception."""

from __future__ import annotations

import time
import traceback
from pathlib import Path


def format_error(error: BaseException) -> str:
    """The traceback of `error` itself (not of whatever exception is being handled now).
    Works the same for exceptions that know how to render themselves (`__rich__`)."""
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def write_crash_log(data_dir: Path, error: BaseException) -> Path | None:
    """Write the details; None when even that is not possible (then there is nothing to
    point the person to, and nothing else is lost)."""
    try:
        folder = data_dir / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{time.strftime('%Y%m%dT%H%M%S')}.log"
        n = 1
        while path.exists():
            n += 1
            path = folder / f"crash-{time.strftime('%Y%m%dT%H%M%S')}-{n}.log"
        # (a path's undecodable byte in a message: escaped, never a second error here)
        path.write_text(format_error(error), encoding="utf-8", errors="backslashreplace")
    except OSError:
        return None
    return path

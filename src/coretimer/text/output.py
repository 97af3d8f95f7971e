"""What the CLI writes, made safe: under any locale (ASCII-only too), into a closed pipe or a
full device, and with no control character from a file ever reaching the terminal.

Light on purpose (no pydantic, no Textual): `coretimer --help` goes through here.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # `typing` costs `coretimer --help` a third of `python -c pass`
if TYPE_CHECKING:
    from typing import Any


def silence_stdout() -> None:
    """Point stdout at /dev/null, so that nothing more fails on the way out."""

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def tolerate_narrow_encodings() -> None:
    """Under an ASCII-only locale, print what can be printed: characters the terminal cannot
    show become "?" instead of stopping a command half-way (JSON output escapes them
    losslessly instead: see to_json)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        try:
            "–·…✓".encode(stream.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            if reconfigure is not None:
                reconfigure(errors="replace")
            continue
        # A path's undecodable byte (a surrogate escape) that reached a stream without
        # clean(): shown as an escape, never a UnicodeEncodeError half-way through.
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            reconfigure(errors="backslashreplace")


def to_json(value: object) -> str:
    """Standard JSON only (no NaN or Infinity), lossless under any locale."""
    # (the CLI's fastest paths write without it)
    import json

    try:
        "–é".encode(sys.stdout.encoding or "ascii")
        unicode_ok = True
    except (UnicodeEncodeError, LookupError):
        unicode_ok = False
    text = json.dumps(value, indent=2, ensure_ascii=not unicode_ok, allow_nan=False)
    if unicode_ok and not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a path's undecodable byte: the \\udce9 JSON escape,
            text = "".join(  # lossless (as ensure_ascii writes it), never a raw surrogate
                f"\\u{ord(c):04x}" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return text


def say(text: object, *, stderr: bool = False) -> None:
    """Print one line that holds a path or a problem naming a file: control characters and
    a file name's undecodable bytes made visible (plaintext.clean)."""
    # (the CLI's fastest paths write without it)
    from coretimer.text.plaintext import clean

    print(clean(str(text)), file=sys.stderr if stderr else sys.stdout)


def err(message: str) -> None:
    # (the CLI's fastest paths write without it)
    from coretimer.text.plaintext import clean

    try:
        print(f"coretimer: {clean(message)}", file=sys.stderr)
    except OSError:  # stderr is gone too: the exit code still tells
        return


def table(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> None:
    # (the CLI's fastest paths write without it)
    from coretimer.text.plaintext import clean

    cells = [{key: clean(str(row[key])) for key, _ in columns} for row in rows]
    widths = {key: max([len(title), *(len(r[key]) for r in cells)]) for key, title in columns}
    print("  ".join(title.ljust(widths[key]) for key, title in columns).rstrip())
    for row in cells:
        print("  ".join(row[key].ljust(widths[key]) for key, _ in columns).rstrip())
